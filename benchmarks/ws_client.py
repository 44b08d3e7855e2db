"""A minimal Streamlit client: speaks ``/_stcore/stream`` the way the browser does.

One :class:`Session` is one browser tab without the browser: it opens the websocket,
asks for a page with a query string (a ``rerun_script`` BackMsg carrying a
``ClientState``), reads the ForwardMsgs (deltas, query-string changes, ``script_finished``)
and sends widget changes back. It uses Streamlit's own protobufs from the installed
package, so it follows the server's version exactly; the only other dependency is
``websockets``, which Streamlit itself requires.

What it keeps, like the frontend does: the elements of the last run by delta path (so
``metric("Sales per month")`` is what the page shows now), the query string the app
last wrote, the current page's script hash, and the hashes of cacheable messages, which
it reports back so the server can send references instead of repeating big charts.

Like the frontend, a change to a widget drawn inside an ``st.fragment`` asks for a rerun
of that fragment alone (``ClientState.fragment_id``, taken from the widget's delta);
``Session(..., fragments=False)`` asks for a full rerun instead (what a browser does
for a widget outside any fragment).

    async with Session("http://127.0.0.1:8501", page="calculator", query="lang=en") as s:
        first = await s.open()                      # a Run: seconds, status, errors ...
        run = await s.set_value("calc_lever_meetings_per_seller_per_week", 12)
        print(run.seconds, s.metric("Sales per month"), s.query_string)

Run it against any deployment (it only reads what the server sends and moves the
widget you name)::

    python benchmarks/ws_client.py http://127.0.0.1:8501 --page calculator \\
        --query lang=en --widget calc_lever_meetings_per_seller_per_week --values 11 12 13
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "_stcore/stream"
# ForwardMsg.ScriptFinishedStatus: a run that ends the request (2 = ended early because
# another run follows, e.g. st.rerun(); the client keeps waiting for that one).
FINISHED_SUCCESSFULLY = 0
FINISHED_WITH_COMPILE_ERROR = 1
FINISHED_EARLY_FOR_RERUN = 2
FINISHED_FRAGMENT_RUN_SUCCESSFULLY = 3
_FINAL = {FINISHED_SUCCESSFULLY, FINISHED_WITH_COMPILE_ERROR, FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
_ALERT_ERROR = 1  # Alert.Format.ERROR
_MAX_CACHED = 500  # cacheable messages remembered (the browser ages them out too)

# Widgets this client can set, and the WidgetState field each one's value travels in
# (the ``value_type`` each widget registers in streamlit/elements/widgets/*.py).
_VALUE_FIELD = {
    "slider": "double_array_value",
    "selectbox": "string_value",
    "radio": "string_value",
    "text_input": "string_value",
    "text_area": "string_value",
    "number_input": "double_value",
    "checkbox": "bool_value",
    "button": "trigger_value",
}


class ClientError(RuntimeError):
    """The server closed the stream, or a run did not finish in time."""


@dataclass
class Run:
    """One request/response cycle: from sending a BackMsg to the final ``script_finished``."""

    seconds: float
    status: int | None = None  # the final ScriptFinishedStatus; None if it never came
    messages: int = 0
    bytes: int = 0
    runs: int = 0  # script runs seen (2 when the script called st.rerun() once)
    exceptions: list[str] = field(default_factory=list)  # st.exception / uncaught errors
    errors: list[str] = field(default_factory=list)  # st.error bodies (the error boundary)

    @property
    def ok(self) -> bool:
        return self.status in _FINAL and not self.exceptions and not self.errors


@dataclass(frozen=True)
class Widget:
    id: str
    kind: str  # the Element oneof name: slider, selectbox, button, ...
    label: str
    key: str | None  # the user key (``key=`` in the page), None when the widget has none
    proto: Any
    fragment_id: str = ""  # the st.fragment the widget was drawn in ("" for none)

    @property
    def options(self) -> list[str]:
        return list(getattr(self.proto, "options", []))


def widget_key(widget_id: str) -> str | None:
    """The user key inside a widget id ``$$ID-<hash>-<key>`` (None for keyless widgets)."""
    if not widget_id.startswith("$$ID-"):
        return None
    parts = widget_id.split("-", 2)
    if len(parts) < 3 or parts[2] == "None":
        return None
    return parts[2]


def stream_url(base_url: str) -> str:
    """``http(s)://host[:port][/base]`` → ``ws(s)://host[:port][/base]/_stcore/stream``."""
    parts = urlsplit(base_url)
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(parts.scheme)
    if scheme is None or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {base_url!r}")
    path = parts.path.rstrip("/")
    return f"{scheme}://{parts.netloc}{path}/{STREAM_PATH}"


class Session:
    """One app session over one websocket (use ``async with``, or ``connect``/``close``)."""

    def __init__(
        self,
        base_url: str,
        *,
        page: str = "",
        query: str = "",
        locale: str = "en-US",
        timezone: str = "Europe/Oslo",
        timeout: float = 60.0,
        max_size: int | None = None,
        fragments: bool = True,
    ) -> None:
        self.url = stream_url(base_url)
        self.page = page
        self.query_string = query
        self.locale = locale
        self.timezone = timezone
        self.timeout = timeout
        self.max_size = max_size
        self.ws: Any = None
        self.session_id: str | None = None
        self.page_script_hash = ""
        self.elements: dict[tuple[int, ...], Any] = {}  # delta path -> Element, last run
        self.fragments = fragments
        self._fragment_of: dict[tuple[int, ...], str] = {}  # delta path -> its fragment id
        self._fragment_run = ""  # the fragment the request in flight reruns ("" for none)
        self._seen: set[tuple[int, ...]] = set()
        self._cache: OrderedDict[str, ForwardMsg] = OrderedDict()
        self._states: dict[str, WidgetState] = {}  # values this client has set, by id
        self.runs: list[Run] = []

    # -- connection --

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],
            max_size=self.max_size,
            open_timeout=self.timeout,
            close_timeout=5,
        )

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
            self.ws = None

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def close_code(self) -> int | None:
        """The close code the server sent (1009 message too big, 1002 protocol error)."""
        return None if self.ws is None else self.ws.close_code

    # -- requests --

    def client_state(self, *, first: bool = False, fragment_id: str = "") -> ClientState:
        state = ClientState()
        state.query_string = self.query_string
        if fragment_id and not first:
            state.fragment_id = fragment_id
        if first or not self.page_script_hash:
            state.page_name = self.page
        else:
            state.page_script_hash = self.page_script_hash
        state.widget_states.widgets.extend(self._states.values())
        state.cached_message_hashes.extend(self._cache.keys())
        state.context_info.locale = self.locale
        state.context_info.timezone = self.timezone
        state.context_info.url = self.url
        return state

    async def send_raw(self, data: bytes) -> None:
        await self.ws.send(data)

    async def request(self, state: ClientState, *, wait: bool = True) -> Run:
        """Send a ``rerun_script`` with ``state``; wait for the run unless ``wait`` is False."""
        msg = BackMsg()
        msg.rerun_script.CopyFrom(state)
        self._fragment_run = state.fragment_id
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        if not wait:
            return Run(seconds=0.0)
        return await self.wait_finished(start)

    async def open(self) -> Run:
        """Connect if needed and run the page once (what loading the URL does)."""
        if self.ws is None:
            await self.connect()
        return await self.request(self.client_state(first=True))

    async def rerun(
        self, *states: WidgetState, wait: bool = True, fragment_id: str = ""
    ) -> Run:
        """Rerun the page (or the fragment ``fragment_id``) with the widget values set so
        far plus ``states`` (triggers)."""
        state = self.client_state(fragment_id=fragment_id if self.fragments else "")
        state.widget_states.widgets.extend(states)
        return await self.request(state, wait=wait)

    async def set_value(self, name: str, value: Any, *, wait: bool = True) -> Run:
        """Set a widget (by key or label) to ``value`` and rerun, like a user would."""
        self.stage(name, value)
        return await self.rerun(wait=wait, fragment_id=self.widget(name).fragment_id)

    async def click(self, name: str) -> Run:
        """Press a button or a form's submit button (by key or label)."""
        widget = self.widget(name)
        trigger = WidgetState(id=widget.id, trigger_value=True)
        return await self.rerun(trigger, fragment_id=widget.fragment_id)

    async def submit(self, button: str, values: dict[str, Any]) -> Run:
        """Fill a form's widgets and press its submit button, in one message (as a form does)."""
        for name, value in values.items():
            self.stage(name, value)
        return await self.click(button)

    def stage(self, name: str, value: Any) -> WidgetState:
        """Remember a widget value to send with the next rerun."""
        widget = self.widget(name)
        state = encode_value(widget, value)
        self._states[widget.id] = state
        return state

    # -- responses --

    async def wait_finished(self, start: float | None = None) -> Run:
        """Read ForwardMsgs until the final ``script_finished`` of this request."""
        start = time.perf_counter() if start is None else start
        run = Run(seconds=0.0)
        deadline = start + self.timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                run.seconds = time.perf_counter() - start
                raise ClientError(f"no script_finished within {self.timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self.ws.recv(), timeout=remaining)
            except TimeoutError as exc:
                raise ClientError(f"no script_finished within {self.timeout:.0f} s") from exc
            except websockets.ConnectionClosed as exc:
                raise ClientError(f"the server closed the stream: {exc}") from exc
            run.messages += 1
            run.bytes += len(data)
            status = self._handle(data, run)
            if status is not None:
                run.runs += 1
                if status in _FINAL:
                    run.status = status
                    run.seconds = time.perf_counter() - start
                    self.runs.append(run)
                    return run

    async def drain(self, quiet: float = 1.0, limit: float = 120.0) -> Run:
        """Read until the server has sent nothing for ``quiet`` seconds (after requests sent
        with ``wait=False``); the Run counts what arrived and the last status seen."""
        start = time.perf_counter()
        run = Run(seconds=0.0)
        while time.perf_counter() - start < limit:
            try:
                data = await asyncio.wait_for(self.ws.recv(), timeout=quiet)
            except TimeoutError:
                break
            except websockets.ConnectionClosed as exc:
                raise ClientError(f"the server closed the stream: {exc}") from exc
            run.messages += 1
            run.bytes += len(data)
            status = self._handle(data, run)
            if status is not None:
                run.runs += 1
                run.status = status
        run.seconds = time.perf_counter() - start
        return run

    def _handle(self, data: bytes, run: Run) -> int | None:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                run.exceptions.append(f"unknown ref_hash {msg.ref_hash}")
                return None
            metadata = msg.metadata
            msg = ForwardMsg()
            msg.CopyFrom(cached)
            msg.metadata.CopyFrom(metadata)
            kind = msg.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = msg
            while len(self._cache) > _MAX_CACHED:
                self._cache.popitem(last=False)
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            if msg.new_session.page_script_hash:
                self.page_script_hash = msg.new_session.page_script_hash
            self._seen = set()
        elif kind == "navigation":
            if msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta":
            self._delta(msg, run)
        elif kind == "script_finished":
            status = int(msg.script_finished)
            if status == FINISHED_SUCCESSFULLY:
                self._drop_stale()
            elif status == FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                self._drop_stale(self._fragment_run)
            return status
        return None

    def _delta(self, msg: ForwardMsg, run: Run) -> None:
        path = tuple(msg.metadata.delta_path)
        delta = msg.delta
        self._fragment_of[path] = delta.fragment_id
        if delta.WhichOneof("type") != "new_element":
            self._seen.add(path)
            return
        element = delta.new_element
        self.elements[path] = element
        self._seen.add(path)
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "alert" and element.alert.format == _ALERT_ERROR:
            run.errors.append(element.alert.body)

    def _drop_stale(self, fragment_id: str = "") -> None:
        """Forget elements the last full run (or the last run of ``fragment_id``: only
        that fragment's elements) did not send; the frontend removes them too."""
        self.elements = {
            p: e for p, e in self.elements.items()
            if p in self._seen or (fragment_id and self._fragment_of.get(p) != fragment_id)
        }
        self._fragment_of = {p: f for p, f in self._fragment_of.items() if p in self.elements}
        live = {w.id for w in self.widgets()}
        self._states = {i: s for i, s in self._states.items() if i in live}

    # -- what the page shows --

    def widgets(self) -> list[Widget]:
        found = []
        for path, element in self.elements.items():
            kind = element.WhichOneof("type")
            proto = getattr(element, kind)
            widget_id = getattr(proto, "id", "")
            if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
                label = getattr(proto, "label", "")
                found.append(Widget(widget_id, kind, label, widget_key(widget_id), proto,
                                    self._fragment_of.get(path, "")))
        return found

    def widget(self, name: str) -> Widget:
        """The widget whose key (preferred) or label is ``name``."""
        widgets = self.widgets()
        for widget in widgets:
            if widget.key == name:
                return widget
        matches = [w for w in widgets if w.label == name]
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(sorted(w.key or repr(w.label) for w in widgets))
        many = "several widgets" if matches else "no widget"
        raise KeyError(f"{many} named {name!r} on the page; there are: {known}")

    def value(self, name: str) -> Any:
        """A widget's value as the page shows it now (sliders: a number or a tuple)."""
        widget = self.widget(name)
        proto = widget.proto
        sent = self._states.get(widget.id)
        if sent is not None and not getattr(proto, "set_value", False):
            # The user's own value, which the frontend keeps (the server only resends a
            # value when the script set it, with ``set_value``).
            kind = sent.WhichOneof("value")
            held = getattr(sent, kind)
            if kind.endswith("_array_value"):
                values = list(held.data)
                return values[0] if len(values) == 1 else tuple(values)
            return held
        if widget.kind == "slider":
            values = list(proto.value) if proto.set_value else list(proto.default)
            return values[0] if len(values) == 1 else tuple(values)
        for attr in ("value", "default"):
            if hasattr(proto, attr):
                return getattr(proto, attr)
        return None

    def metrics(self) -> dict[str, str]:
        """Every ``st.metric`` on the page: label -> the value text."""
        found = {}
        for path in sorted(self.elements):
            element = self.elements[path]
            if element.WhichOneof("type") == "metric":
                found[element.metric.label] = element.metric.body
        return found

    def metric(self, label: str) -> str:
        return self.metrics()[label]

    def texts(self, kind: str = "markdown") -> list[str]:
        """The bodies of every element of ``kind`` (markdown, alert, heading, ...)."""
        found = []
        for path in sorted(self.elements):
            element = self.elements[path]
            if element.WhichOneof("type") == kind:
                found.append(getattr(element, kind).body)
        return found


def encode_value(widget: Widget, value: Any) -> WidgetState:
    """``value`` as the WidgetState the frontend would send for ``widget``."""
    field_name = _VALUE_FIELD.get(widget.kind)
    if field_name is None:
        raise NotImplementedError(f"this client cannot set a {widget.kind} widget")
    state = WidgetState(id=widget.id)
    if widget.kind == "slider":
        values = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        state.double_array_value.data.extend(float(v) for v in values)
    elif widget.kind in ("selectbox", "radio"):
        options = widget.options
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(options):
            value = options[value]
        if value not in options:
            raise ValueError(f"{value!r} is not one of the options {options}")
        state.string_value = value
    elif field_name == "string_value":
        state.string_value = str(value)
    elif field_name == "double_value":
        state.double_value = float(value)
    elif field_name == "bool_value":
        state.bool_value = bool(value)
    else:
        state.trigger_value = bool(value)
    return state


# --------------------------------------------------------------------------------- CLI


def _parse_value(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


async def _main(args: argparse.Namespace) -> int:
    async with Session(args.url, page=args.page, query=args.query, timeout=args.timeout) as s:
        first = await s.open()
        print(f"open {args.page or '/'}: {first.seconds * 1000:.0f} ms, {first.messages} "
              f"messages, {first.bytes / 1024:.0f} kB, status {first.status}")
        for label, value in s.metrics().items():
            print(f"  {label}: {value}")
        times = []
        for value in args.values:
            run = await s.set_value(args.widget, _parse_value(value))
            times.append(run.seconds)
            shown = ", ".join(f"{k}: {v}" for k, v in list(s.metrics().items())[:2])
            print(f"{args.widget} = {value}: {run.seconds * 1000:.0f} ms "
                  f"({run.bytes / 1024:.0f} kB){'  ' + shown if shown else ''}"
                  f"{'' if run.ok else '  ERRORS: ' + str(run.exceptions + run.errors)}")
        if times:
            print(f"median rerun {statistics.median(times) * 1000:.0f} ms over {len(times)}")
        print(f"query string: {s.query_string[:200]}")
    return 0


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="the app's address, e.g. http://127.0.0.1:8501")
    parser.add_argument("--page", default="calculator", help="URL path of the page")
    parser.add_argument("--query", default="lang=en", help="query string, without '?'")
    parser.add_argument("--widget", default="calc_lever_meetings_per_seller_per_week",
                        help="key or label of the widget to move")
    parser.add_argument("--values", nargs="*", default=["11", "12", "13", "14", "15"])
    parser.add_argument("--timeout", type=float, default=60.0)
    return asyncio.run(_main(parser.parse_args(list(argv) if argv is not None else None)))


if __name__ == "__main__":
    sys.exit(main())
