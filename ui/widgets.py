"""Lever widgets generated from ``rik.Levers`` field metadata (``data/levers.toml``).

One slider per lever with its label, unit and help in the user's language. Share levers
(``display = "percent"``) are shown as 0–100 % and converted back to fractions here, in
one place (:func:`to_widget` / :func:`from_widget`); integer levers are int sliders.
The model never sees a percent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

import rik
from rik import fmt
from rik.model.levers import LEVER_NAMES, lever_meta, snap

KEY_PREFIX = "calc_lever_"


def widget_key(name: str, prefix: str = KEY_PREFIX) -> str:
    return f"{prefix}{name}"


def _is_whole(*numbers: float) -> bool:
    return all(float(n).is_integer() for n in numbers)


def _int_slider(meta: Mapping[str, Any]) -> bool:
    return meta.get("display") == "integer" or _is_whole(meta["min"], meta["max"], meta["step"])


def to_widget(name: str, value: float) -> int | float:
    """A lever value in model units → the slider's value (percent levers as 0–100)."""
    meta = lever_meta(name)
    if meta.get("display") == "percent":
        return int(round(float(value) * 100.0))
    if _int_slider(meta):
        return int(round(float(value)))
    return float(value)


def from_widget(name: str, shown: float) -> float | int:
    """The slider's value → model units, on the lever's step grid (percent → fraction)."""
    meta = lever_meta(name)
    if meta.get("display") == "percent":
        return snap(name, float(shown) / 100.0)
    return snap(name, float(shown))


def slider_spec(name: str, lang: str) -> dict[str, Any]:
    """The keyword arguments of ``st.slider`` for one lever (pure; tested)."""
    meta = lever_meta(name)
    suffix = "nb" if lang == "nb" else "en"
    label = str(meta[f"label_{suffix}"])
    unit = str(meta[f"unit_{suffix}"])
    if meta.get("display") == "percent":
        # The unit text describes what 0–100 % means; the value shows the % sign.
        label = f"{label} ({unit})"
        low, high = to_widget(name, meta["min"]), to_widget(name, meta["max"])
        step = max(1, int(round(float(meta["step"]) * 100.0)))
        number_format = "%d %%" if lang == "nb" else "%d%%"
    elif _int_slider(meta):
        low, high, step = int(meta["min"]), int(meta["max"]), int(meta["step"])
        number_format = "%d " + unit.replace("%", "%%")
    else:
        low, high, step = float(meta["min"]), float(meta["max"]), float(meta["step"])
        decimals = max(0, len(f"{step:g}".partition(".")[2]))
        number_format = f"%.{decimals}f " + unit.replace("%", "%%")
    return {
        "label": label,
        "min_value": low,
        "max_value": high,
        "step": step,
        "format": number_format,
        "help": meta[f"help_{suffix}"],
    }


def format_lever(name: str, value: float, lang: str) -> str:
    """A lever value as text with its unit, e.g. ``14 meetings/week`` or ``55 %``."""
    meta = lever_meta(name)
    if meta.get("display") == "percent":
        return fmt.percent(float(value), lang)
    decimals = 0 if float(value).is_integer() else 2
    unit = meta["unit_nb" if lang == "nb" else "unit_en"]
    return f"{fmt.number(float(value), lang, decimals)} {unit}"


def seed(levers: rik.Levers, prefix: str = KEY_PREFIX) -> None:
    """Put ``levers`` into the widgets' session state (before the widgets are drawn)."""
    for name in LEVER_NAMES:
        st.session_state[widget_key(name, prefix)] = to_widget(name, getattr(levers, name))


CHOICE_LANG_KEY = "_choice_drawn_in"
"""Session key: the language each translated choice was last drawn in (keep_choice)."""


def keep_choice(key: str, options: Sequence[Any], lang: str, fallback: Any = None) -> Any:
    """Call right before drawing a keyed choice whose labels are translated (a selectbox,
    radio, segmented control or select slider with a ``format_func`` in ``lang``): after
    a language switch its value is written back, so the browser is sent the label in the
    new language. Returns the value.

    Streamlit passes a choice between browser and server as its label and maps it back
    with the labels of the run that drew it. Not written back, the browser keeps the old
    language's label after a switch, which the next run cannot map: it came back as the
    label itself (the calculator's preset selector failed on the second switch). It is
    written back only when the language changed (or the value is not one of ``options``,
    which then becomes ``fallback``): a choice in a form that is not yet submitted lives
    in the browser alone, and writing on every run would undo it. With ``fallback=None``
    and nothing chosen yet, nothing is written (the widget starts empty). Give the widget
    no default of its own (``index``, ``value``, ``default``) other than ``index=None``.
    """
    drawn_in = st.session_state.setdefault(CHOICE_LANG_KEY, {})
    last, drawn_in[key] = drawn_in.get(key), lang
    if key not in st.session_state and fallback is None:
        return None
    value = st.session_state.get(key, fallback)
    if value not in options and not (value is None and fallback is None):  # None: empty
        value = fallback
    elif key in st.session_state and last == lang:
        return value  # drawn in this language before: the browser has its label
    st.session_state[key] = value
    return value


def lever_slider(
    name: str,
    lang: str,
    *,
    prefix: str = KEY_PREFIX,
    on_change: Callable[[], None] | None = None,
    disabled: bool = False,
) -> float | int:
    """Draw one lever's slider and return its value in model units.

    The value comes from session state (seed it first with :func:`seed`), so the slider
    is created without ``value=`` and never warns about a double default.
    """
    key = widget_key(name, prefix)
    spec = slider_spec(name, lang)
    if key not in st.session_state:
        st.session_state[key] = to_widget(name, getattr(rik.Levers(), name))
    shown = st.slider(key=key, on_change=on_change, disabled=disabled, **spec)
    return from_widget(name, shown)


def lever_sliders(
    lang: str,
    *,
    group: str,
    prefix: str = KEY_PREFIX,
    on_change: Callable[[], None] | None = None,
) -> dict[str, float | int]:
    """Sliders for every lever of ``group`` ('activity' or 'quality'), in metadata order."""
    return {
        name: lever_slider(name, lang, prefix=prefix, on_change=on_change)
        for name in LEVER_NAMES
        if lever_meta(name)["group"] == group
    }


__all__ = [
    "CHOICE_LANG_KEY",
    "KEY_PREFIX",
    "format_lever",
    "from_widget",
    "keep_choice",
    "lever_slider",
    "lever_sliders",
    "seed",
    "slider_spec",
    "to_widget",
    "widget_key",
]
