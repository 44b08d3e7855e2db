"""The About pages' logic: the assumptions table, checked edits, and the model's numbers in words.

Pure (no streamlit). The assumptions page shows :func:`assumption_table`, marks
:func:`differing_keys` between the two sets, and validates a user's edited copy with
:func:`apply_edits`, which never raises and explains every rejection in the user's
language. :func:`model_values` gives the "How the model works" page its numbers, taken
from the active set at render time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from rik import fmt
from rik.i18n import t
from rik.model.assumptions import Assumptions, Coefficient, load_assumptions
from rik.model.levers import DEFAULT_MONTHS
from rik.model.presets import presets, status_quo
from rik.model.simulate import simulate

_MAX_INPUT = 40  # characters of an edited cell repeated back in a message


# --- Numbers as text, both ways ------------------------------------------------------------


def number_text(value: float, lang: str) -> str:
    """A coefficient as text with just the decimals it needs (``0,015`` / ``25 000``)."""
    value = float(value)
    if not math.isfinite(value):
        return "–"
    if value.is_integer():
        return fmt.number(value, lang)
    decimals = 0
    while decimals < 6 and round(value, decimals) != value:
        decimals += 1
    return fmt.number(value, lang, decimals)


# --- Translated texts of a coefficient ----------------------------------------------------


def unit_text(c: Coefficient, lang: str) -> str:
    return t(f"about.units.{c.unit}", lang)


def range_text(c: Coefficient, lang: str) -> str:
    return f"{number_text(c.low, lang)}–{number_text(c.high, lang)}"


# --- The table ----------------------------------------------------------------------------


def differing_keys(a: Assumptions, b: Assumptions) -> set[str]:
    """Coefficients whose value, range or source differ between two sets."""
    out = set()
    for c in a:
        other = b.coefficient(c.key)
        if (c.value, c.low, c.high, c.source) != (other.value, other.low, other.high, other.source):
            out.add(c.key)
    return out


def edited_keys(assumptions: Assumptions) -> set[str]:
    """Coefficients of an edited copy whose value differs from the shipped set's."""
    shipped = load_assumptions(assumptions.name)
    return {c.key for c in assumptions if c.value != shipped[c.key]}


def assumption_table(
    assumptions: Assumptions,
    lang: str,
    *,
    other: Assumptions | None = None,
    other_label: str = "",
) -> pd.DataFrame:
    """Every coefficient of ``assumptions`` as translated text, indexed by key.

    With ``other``, adds its value beside each and a note where the two sets differ;
    values of an edited copy are noted as edited.
    """
    differs = differing_keys(assumptions, other) if other is not None else set()
    edited = edited_keys(assumptions)
    col = {name: t(f"about.assumptions.col_{name}", lang) for name in (
        "label", "value", "range", "unit", "source", "says", "confidence", "flag")}
    rows = []
    for c in assumptions:
        notes = []
        if c.key in differs:
            notes.append(t("about.assumptions.flag_differs", lang))
        if c.key in edited:
            notes.append(t("about.assumptions.flag_edited", lang))
        row = {
            col["label"]: c.label(lang),
            col["value"]: number_text(c.value, lang),
            col["range"]: range_text(c, lang),
            col["unit"]: unit_text(c, lang),
        }
        if other is not None:
            row[t("about.assumptions.col_other", lang, set=other_label)] = number_text(
                other[c.key], lang
            )
        row |= {
            col["source"]: c.source_in(lang),
            col["says"]: c.says_in(lang),
            col["confidence"]: t(f"common.confidence_levels.{c.confidence}", lang),
            col["flag"]: ", ".join(notes),
        }
        rows.append(row)
    return pd.DataFrame(rows, index=pd.Index(assumptions.keys(), name="key"))


def groups(assumptions: Assumptions) -> list[tuple[str, list[str]]]:
    """Coefficient keys by group, groups in the order they first appear in ``data/``."""
    out: dict[str, list[str]] = {}
    for c in assumptions:
        out.setdefault(c.group, []).append(c.key)
    return list(out.items())


# --- Editing a copy -----------------------------------------------------------------------


def editor_frame(assumptions: Assumptions, lang: str) -> pd.DataFrame:
    """The table the user edits: label, value (text, editable), allowed range, unit."""
    rows = [
        {
            "label": c.label(lang),
            "value": number_text(c.value, lang),
            "allowed": range_text(c, lang),
            "unit": unit_text(c, lang),
        }
        for c in assumptions
    ]
    return pd.DataFrame(rows, index=pd.Index(assumptions.keys(), name="key"))


def _shown(text: Any) -> str:
    shown = "".join(ch for ch in str(text) if ch.isprintable() and ch not in "`\\*_[]<>")
    if len(shown) > _MAX_INPUT:
        shown = shown[: _MAX_INPUT - 1] + "…"
    return f"«{shown}»"


def apply_edits(
    assumptions: Assumptions, edited: Mapping[str, Any], lang: str
) -> tuple[Assumptions | None, list[str]]:
    """``assumptions`` with the user's edited cells, or ``None`` and the reasons why not.

    ``edited`` maps coefficient keys to what the user typed. Every bad cell gets a
    message naming the coefficient and its allowed range in ``lang``. The result is
    also run through the model once, so a set that cannot start from a steady status
    quo is refused too. Never raises.
    """
    errors: list[str] = []
    values: dict[str, float] = {}
    for key, text in edited.items():
        try:
            c = assumptions.coefficient(key)
        except KeyError:
            continue
        low, high = number_text(c.low, lang), number_text(c.high, lang)
        number = fmt.parse_number(text, lang)
        if number is None:
            errors.append(
                t("about.assumptions.not_a_number", lang, label=c.label(lang),
                  value=_shown(text), low=low, high=high)
            )
        elif not c.low <= number <= c.high:
            errors.append(
                t("about.assumptions.out_of_range", lang, label=c.label(lang),
                  value=_shown(text), low=low, high=high)
            )
        elif number != c.value:
            values[key] = number
    if errors:
        return None, errors
    if not values:
        return assumptions, []
    try:
        candidate = assumptions.with_values(values)
        run = simulate(presets()["baseline"], candidate, 12)
        if not all(math.isfinite(v) for v in run.to_numpy().ravel()):
            raise ValueError("non-finite output")
    except (ValueError, ZeroDivisionError, OverflowError):
        return None, [t("about.assumptions.unworkable", lang)]
    return candidate, []


# --- Numbers for "How the model works" ------------------------------------------------------


def model_values(assumptions: Assumptions, lang: str) -> dict[str, str]:
    """Placeholders for the model page's text, from the active set (never typed in).

    Every coefficient as ``{key}`` (a number) and ``{key_pct}`` (as a percentage), plus
    a few derived figures.
    """
    out: dict[str, str] = {}
    for c in assumptions:
        out[c.key] = number_text(c.value, lang)
        out[f"{c.key}_pct"] = fmt.percent(c.value, lang, 0 if round(c.value * 100, 6) % 1 == 0
                                          else 1)
    p = assumptions
    sq = status_quo()
    out["sellers"] = fmt.number(sq.sellers, lang)
    out["meetings"] = fmt.number(sq.meetings_per_seller_per_week, lang)
    out["customers_0"] = fmt.number(p["customers_0"], lang)
    out["deal_value"] = fmt.nok(p["deal_value_nok"], lang)
    out["doubling"] = fmt.percent(effort_effect(2.0, p), lang)
    out["ten_percent"] = fmt.percent(0.1, lang)
    out["ten_percent_effect"] = fmt.signed_percent(effort_effect(1.1, p), lang)
    out["ramp_short"] = fmt.number(p["ramp_months_max"] * (1.0 - p["onboarding_ramp_cut"]), lang)
    out["seller_cost"] = fmt.nok(p["seller_cost_nok_per_month"], lang)
    out["hiring_cost"] = fmt.nok(p["hiring_cost_nok"], lang)
    out["training_cost"] = fmt.nok(p["training_cost_nok_per_hour"], lang)
    out["development_cost"] = fmt.nok(p["development_cost_nok_per_month"], lang)
    out["onboarding_cost"] = fmt.nok(p["onboarding_cost_nok_per_hire"], lang)
    runs = {name: simulate(presets()[name], p, DEFAULT_MONTHS)
            for name in ("baseline", "numbers_game")}
    out["fees"] = fmt.nok(round(float(runs["baseline"]["fees_nok"][0]), -3), lang)
    gain = runs["numbers_game"]["sales_nok"] / runs["baseline"]["sales_nok"] - 1.0
    peak = int(gain.loc[1:].idxmax())
    out["ng_peak"] = fmt.signed_percent(float(gain[peak]), lang)
    out["ng_peak_month"] = fmt.number(peak, lang)
    return out


def effort_effect(factor: float, p: Assumptions) -> float:
    """The first effect on business won of ``factor`` × the status quo's meetings, all else
    equal: more meetings, each thinner past capacity, in a colder market (docs/model.md,
    steps 3–6)."""
    load = factor * p["meeting_load_0"]
    thinner = (min(1.0, 1.0 / load) / min(1.0, 1.0 / p["meeting_load_0"])) ** p[
        "dilution_exponent"
    ]
    h = p["market_saturation"]
    return factor * thinner * (1.0 + h) / (1.0 + h * factor) - 1.0


__all__ = [
    "apply_edits",
    "assumption_table",
    "differing_keys",
    "edited_keys",
    "editor_frame",
    "groups",
    "model_values",
    "number_text",
    "range_text",
    "unit_text",
]
