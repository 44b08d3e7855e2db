"""Two app processes behind HAProxy, as ``make serve WORKERS=2`` runs them.

The balancer is started once for this module by ``benchmarks/load.py``'s ``balancer()``,
which runs ``scripts/serve.sh`` (HAProxy from ``deploy/haproxy.cfg``, two ``streamlit run
app.py`` processes, one PostgreSQL for rooms: ``RIK_TEST_POSTGRES_URL`` when it is set,
else serve.sh's own throwaway one, and one generated cookie secret). Everything talks to
the balancer's address only, as a browser would:

- the first response sets a sticky cookie, and a request carrying it stays on its process;
- every app process has the same cookie secret, found in no file of the repository;
- uploads over the size limit, without a length, or in a flood are refused by HAProxy
  (413, 411, 429) before Streamlit sees them, while one just at the limit goes through;
- a room works across processes: the facilitator on one, participants on the other; when
  the participant's process is killed, the facilitator's session is untouched, a new
  participant carrying the dead process's cookie is sent to the live one, and serve.sh
  starts the killed process again.

Skipped only when HAProxy is missing and cannot be installed (scripts/ensure_haproxy.sh
needs root and apt-get; ``.ci/run`` installs it).
"""

from __future__ import annotations

import csv
import http.client
import io
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
import websockets

from tests import asyncrun

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import load  # noqa: E402
import ws_client  # noqa: E402

from rik.i18n import t  # noqa: E402
from rik.team import rooms  # noqa: E402

pytestmark = pytest.mark.slow

CONFIG = ROOT / "deploy" / "haproxy.cfg"
COOKIE = "RIKSRV"
UPLOAD = "/_stcore/upload_file"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    found = subprocess.run(["bash", "scripts/ensure_haproxy.sh"], cwd=ROOT,
                           capture_output=True, text=True)
    if found.returncode != 0:
        pytest.skip(f"HAProxy is missing and could not be installed: {found.stderr.strip()}")
    env = {"RIK_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
    url = os.environ.get("RIK_TEST_POSTGRES_URL")
    if url:  # the tests' PostgreSQL, emptied first (rooms and their rate counters)
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            rooms.metadata.drop_all(conn)
        engine.dispose()
        env["RIK_DATABASE_URL"] = url
    with load.balancer(2, tmp_path_factory.mktemp("serve"), env=env) as balancer:
        yield balancer


# --- HTTP through the balancer ----------------------------------------------------------------


def _request(base_url: str, method: str, path: str, headers: dict[str, str] | None = None,
             body: bytes | None = None) -> http.client.HTTPResponse:
    """One request on a fresh connection; the headers are sent as given (no body unless
    ``body``), so a Content-Length can announce a body that is never sent."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest(method, path, skip_accept_encoding=True)
    for name, value in {"Connection": "close", **(headers or {})}.items():
        conn.putheader(name, value)
    conn.endheaders(body)
    reply = conn.getresponse()
    reply.read()
    conn.close()
    return reply


def _sticky(reply: http.client.HTTPResponse) -> str | None:
    """The process the balancer pinned this browser to, if the reply sets the cookie."""
    for header in reply.headers.get_all("Set-Cookie") or []:
        match = re.match(rf"{COOKIE}=([^;]*)", header)
        if match:
            return match.group(1)
    return None


def _upload(base_url: str, session: str, length: int, **headers: str) -> int:
    """A PUT to the upload endpoint that announces ``length`` bytes and sends none: the
    status says who answered (HAProxy: 413/411/429; Streamlit: 403, no XSRF token)."""
    path = f"{UPLOAD}/{session}/file-1"
    return _request(base_url, "PUT", path, {"Content-Length": str(length), **headers}).status


def test_the_shipped_configuration_is_valid_and_its_upload_limit_fits_streamlits(
    tmp_path,
) -> None:
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(CONFIG.read_text() + "    server w1 127.0.0.1:1 cookie w1\n")
    env = dict(os.environ, RIK_BIND="127.0.0.1:1", RIK_ADMIN_BIND="127.0.0.1:2")
    haproxy = subprocess.run(["bash", "scripts/ensure_haproxy.sh"], cwd=ROOT,
                             capture_output=True, text=True)
    if haproxy.returncode != 0:
        pytest.skip(f"HAProxy is missing and could not be installed: {haproxy.stderr.strip()}")
    check = subprocess.run([haproxy.stdout.strip(), "-c", "-f", str(cfg)], env=env,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # The balancer's limit lets every file Streamlit accepts through, plus its framing.
    limit = int(re.search(r"content-length\) gt (\d+)", CONFIG.read_text()).group(1))
    with (ROOT / ".streamlit" / "config.toml").open("rb") as file:
        accepted = tomllib.load(file)["server"]["maxUploadSize"] * 1024 * 1024
    assert accepted < limit <= accepted + 128 * 1024


def test_the_first_response_pins_a_browser_to_one_process_and_the_cookie_keeps_it(
    served,
) -> None:
    first = [_sticky(_request(served.base_url, "GET", "/")) for _ in range(4)]
    assert set(first) == {"w1", "w2"}, first  # round robin over both processes
    for worker in ("w1", "w2"):
        for path in ("/", "/calculator", "/_stcore/health"):
            reply = _request(served.base_url, "GET", path, {"Cookie": f"{COOKIE}={worker}"})
            assert reply.status == 200
            assert _sticky(reply) is None, f"{path}: the balancer moved a pinned browser"


def test_every_app_process_has_the_same_generated_cookie_secret(served) -> None:
    secrets = set()
    for pid in served.pids:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        found = [v for v in environ if v.startswith(b"STREAMLIT_SERVER_COOKIE_SECRET=")]
        assert len(found) == 1, f"process {pid} has no cookie secret"
        secrets.add(found[0].split(b"=", 1)[1].decode())
    assert len(secrets) == 1, "the app processes have different cookie secrets"
    secret = secrets.pop()
    assert len(secret) >= 32
    tracked = subprocess.run(["git", "grep", "-l", "-F", secret], cwd=ROOT,
                             capture_output=True, text=True)
    assert tracked.stdout == "", f"the cookie secret is in {tracked.stdout}"


def test_the_balancer_refuses_oversized_unsized_and_flooding_uploads(served) -> None:
    limit = int(re.search(r"content-length\) gt (\d+)", CONFIG.read_text()).group(1))
    # At the limit the request reaches Streamlit (403: this client has no XSRF token);
    # one byte over, HAProxy answers 413 itself; a chunked PUT of unknown size gets 411.
    assert _upload(served.base_url, "size-ok", limit) == 403
    assert _upload(served.base_url, "size-big", limit + 1) == 413
    assert _upload(served.base_url, "size-huge", 500 * 1024 * 1024) == 413
    chunked = _request(served.base_url, "PUT", f"{UPLOAD}/size-chunked/file-1",
                       {"Transfer-Encoding": "chunked"}, b"0\r\n\r\n")
    assert chunked.status == 411

    # One app session: 10 upload requests in 10 s pass, the rest of a burst is refused.
    one = [_upload(served.base_url, "flood-session", 10) for _ in range(25)]
    assert one[:10] == [403] * 10, one
    assert one[10:] == [429] * 15, one

    # Many sessions from one address: refused once the address passes 60 in 10 s (the
    # requests above count too), and refused from then on while the flood goes on.
    many = [_upload(served.base_url, f"flood-{i}", 10) for i in range(80)]
    assert 429 in many, many
    cut = many.index(429)
    assert set(many[:cut]) == {403} and set(many[cut:]) == {429}, many
    assert cut + len(one) + 1 <= 60  # size-ok, the session flood and these: 60 at most

    # Pages and the app itself are not limited by any of this.
    assert _request(served.base_url, "GET", "/calculator").status == 200

    async def still_works() -> None:
        async with ws_client.Session(served.base_url, page="calculator",
                                     query="lang=en", timeout=90) as calc:
            assert (await calc.open()).ok

    asyncrun.run(still_works())


# --- a room across processes, through the balancer --------------------------------------------


class Browser(ws_client.Session):
    """A ws_client session that carries the balancer's cookie, as a browser's websocket
    handshake does, and notes the process the balancer pinned it to."""

    def __init__(self, base_url: str, worker: str, **kwargs) -> None:
        kwargs.setdefault("timeout", 90.0)
        super().__init__(base_url, page="rooms", query="lang=en", **kwargs)
        self.worker = worker
        self.moved_to: str | None = None  # set when the balancer sent a new cookie

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], open_timeout=self.timeout, close_timeout=5,
            additional_headers={"Cookie": f"{COOKIE}={self.worker}"},
        )
        for header in self.ws.response.headers.get_all("Set-Cookie"):
            match = re.match(rf"{COOKIE}=([^;]*)", header)
            if match:
                self.moved_to = match.group(1)


async def _create_room(host: Browser) -> str:
    assert (await host.open()).ok
    run = await host.submit(t("rooms.create.submit", "en"), {"rooms_title": "Balancer"})
    assert run.ok, run.errors
    codes = [e.code.code_text for e in host.elements.values() if e.WhichOneof("type") == "code"]
    found = [c for c in codes if rooms.normalize_code(c)]
    assert found, f"no room code on the page: {codes}"
    return found[0]


async def _join_and_send(me: Browser, code: str, nickname: str) -> None:
    assert (await me.open()).ok
    run = await me.submit(
        t("rooms.join.submit", "en"),
        {"rooms_join_code": code, "rooms_join_nickname": nickname},
    )
    assert run.ok, run.errors
    # Nothing is chosen until the participant chooses: the source, then a preset.
    run = await me.set_value("rooms_source", t("rooms.join.sources.preset", "en"))
    assert run.ok, run.errors
    run = await me.set_value("rooms_preset", 1)
    assert run.ok, run.errors
    run = await me.click("rooms_send")
    assert run.ok, run.errors
    assert any(t("rooms.join.submitted", "en") in text for text in me.texts("alert"))


async def _counts(host: Browser) -> tuple[str, str]:
    run = await host.click("rooms_refresh")
    assert run.ok, run.errors
    shown = host.metrics()
    return shown[t("rooms.view.joined", "en")], shown[t("rooms.view.submitted", "en")]


def _stats(served) -> dict[str, str]:
    with urllib.request.urlopen(f"{served.admin_url}/stats;csv", timeout=10) as reply:
        rows = csv.DictReader(io.StringIO(reply.read().decode().lstrip("# ")))
        return {r["svname"]: r["status"] for r in rows if r["pxname"] == "app"}


def test_a_room_runs_across_two_processes_and_survives_losing_one(served) -> None:
    _, doomed_pid = served.worker("w2")

    async def scenario() -> None:
        host = Browser(served.base_url, "w1")
        ola = Browser(served.base_url, "w2")
        try:
            code = await _create_room(host)
            await _join_and_send(ola, code, "Ola")
            assert (host.moved_to, ola.moved_to) == (None, None)  # each stayed pinned
            assert await _counts(host) == ("1", "1")  # w1 sees what w2 wrote

            # The participant's process dies: its websocket closes, the facilitator's on
            # the other process goes on working.
            os.kill(doomed_pid, signal.SIGKILL)
            with pytest.raises((ws_client.ClientError, websockets.ConnectionClosed)):
                await ola.rerun()
            assert await _counts(host) == ("1", "1")

            # A browser still carrying the dead process's cookie is sent to the live one
            # (and told so: a new cookie), unless serve.sh has already started the
            # process again; it joins the same room, and the facilitator sees it.
            kari = Browser(served.base_url, "w2")
            try:
                await _join_and_send(kari, code, "Kari")
                restarted = served.worker("w2")[1] != doomed_pid
                assert kari.moved_to == "w1" or (restarted and kari.moved_to is None)
            finally:
                await kari.close()
            assert await _counts(host) == ("2", "2")
        finally:
            await host.close()
            await ola.close()

    asyncrun.run(scenario())

    # serve.sh starts the killed process again on its port, and HAProxy takes it back.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if served.worker("w2")[1] != doomed_pid and _stats(served).get("w2") == "UP":
            break
        time.sleep(0.5)
    assert served.worker("w2")[1] != doomed_pid, "serve.sh did not start w2 again"
    assert _stats(served) == {"w1": "UP", "w2": "UP", "BACKEND": "UP"}

    async def back() -> None:
        again = Browser(served.base_url, "w2")
        try:
            assert (await again.open()).ok
            assert again.moved_to is None
        finally:
            await again.close()

    asyncrun.run(back())
