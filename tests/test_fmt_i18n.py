"""Number formats per language (rik.fmt) and the string tables (rik.i18n)."""

from __future__ import annotations

import string
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rik import fmt, i18n

NBSP = "\u00a0"
MINUS = "\u2212"
I18N = Path(__file__).resolve().parent.parent / "data" / "i18n"

# --- rik.fmt --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "nb", "en"),
    [
        (1234567, f"1{NBSP}234{NBSP}567{NBSP}kr", f"NOK{NBSP}1,234,567"),
        (1234567.4, f"1{NBSP}234{NBSP}567{NBSP}kr", f"NOK{NBSP}1,234,567"),
        (999, f"999{NBSP}kr", f"NOK{NBSP}999"),
        (0, f"0{NBSP}kr", f"NOK{NBSP}0"),
        (-999, f"{MINUS}999{NBSP}kr", f"-NOK{NBSP}999"),
        (-0.4, f"0{NBSP}kr", f"NOK{NBSP}0"),
        (-1234, f"{MINUS}1{NBSP}234{NBSP}kr", f"-NOK{NBSP}1,234"),
    ],
)
def test_nok(value, nb, en) -> None:
    assert fmt.nok(value, "nb") == nb
    assert fmt.nok(value, "en") == en


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: fmt.nok(-1234567, "en"), f"-NOK{NBSP}1,234,567"),
        (lambda: fmt.number(-1234.5, "en", 1), "-1,234.5"),
        (lambda: fmt.signed_percent(-12345.0, "en"), "-1,234,500%"),
    ],
    ids=["nok-million", "number-thousand-decimals", "signed-percent"],
)
def test_english_negative_thousands(call, expected) -> None:
    assert call() == expected


def test_norwegian_negative_thousands() -> None:
    assert fmt.nok(-1234567, "nb") == f"{MINUS}1{NBSP}234{NBSP}567{NBSP}kr"
    assert fmt.number(-1234.5, "nb", 1) == f"{MINUS}1{NBSP}234,5"


@pytest.mark.parametrize(
    ("share", "decimals", "nb", "en"),
    [
        (0.125, 1, f"12,5{NBSP}%", "12.5%"),
        (0.4, 0, f"40{NBSP}%", "40%"),
        (1.0, 0, f"100{NBSP}%", "100%"),
        (0.0, 1, f"0,0{NBSP}%", "0.0%"),
        (0.8912, 1, f"89,1{NBSP}%", "89.1%"),
        (-0.05, 0, f"{MINUS}5{NBSP}%", "-5%"),
    ],
)
def test_percent(share, decimals, nb, en) -> None:
    assert fmt.percent(share, "nb", decimals) == nb
    assert fmt.percent(share, "en", decimals) == en


@pytest.mark.parametrize(
    ("change", "nb", "en"),
    [
        (0.38, f"+38{NBSP}%", "+38%"),
        (-0.04, f"{MINUS}4{NBSP}%", "-4%"),
        (0.0, f"0{NBSP}%", "0%"),
        (0.001, f"0{NBSP}%", "0%"),  # rounds to zero: no sign
        (-0.001, f"0{NBSP}%", "0%"),  # no "-0 %"
    ],
)
def test_signed_percent(change, nb, en) -> None:
    assert fmt.signed_percent(change, "nb") == nb
    assert fmt.signed_percent(change, "en") == en


def test_signed_percent_decimals() -> None:
    assert fmt.signed_percent(0.4216, "nb", 1) == f"+42,2{NBSP}%"
    assert fmt.signed_percent(-0.2026, "en", 1) == "-20.3%"
    assert fmt.signed_percent(-0.2026, "nb", 1) == f"{MINUS}20,3{NBSP}%"


def test_points() -> None:
    nb_up, en_down = fmt.points(0.05, "nb"), fmt.points(-0.05, "en")
    assert nb_up.startswith(f"+5{NBSP}") and en_down.startswith(f"-5{NBSP}")
    assert fmt.points(-0.05, "nb").startswith(f"{MINUS}5{NBSP}")
    assert en_down.endswith("pp")
    assert nb_up.endswith("%-poeng") and "p.p." not in nb_up  # "p.p." reads as per prokura
    assert fmt.points(0.0, "en") == fmt.points(-0.0001, "en")
    assert not fmt.points(0.0, "en").startswith(("+", "-"))


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), None])
def test_non_finite_shows_a_dash(value) -> None:
    for lang in ("nb", "en"):
        assert fmt.number(value, lang) == "–"
        assert "nan" not in fmt.nok(value, lang).lower()
        assert "inf" not in fmt.percent(value if value is not None else float("nan"), lang)


def _parse(text: str, lang: str) -> float:
    text = text.replace(MINUS, "-")
    if lang == "nb":
        return float(text.replace(NBSP, "").replace(",", "."))
    return float(text.replace(",", ""))


@settings(max_examples=60, deadline=None)
@given(
    value=st.floats(-1e9, 1e9, allow_nan=False),
    decimals=st.integers(0, 2),
    lang=st.sampled_from(["nb", "en"]),
)
def test_number_round_trips(value, decimals, lang) -> None:
    """Any finite number formats without error and reads back as itself, rounded."""
    text = fmt.number(value, lang, decimals)
    assert abs(_parse(text, lang) - value) <= 0.5 * 10**-decimals + 1e-6 * abs(value)
    if lang == "nb":
        assert "," not in text or decimals > 0
        assert "-" not in text
    else:
        assert NBSP not in text and MINUS not in text


@settings(max_examples=60, deadline=None)
@given(
    value=st.floats(0, 1e9, allow_nan=False),
    decimals=st.integers(0, 2),
    lang=st.sampled_from(["nb", "en"]),
)
def test_non_negative_number_round_trips(value, decimals, lang) -> None:
    text = fmt.number(value, lang, decimals)
    assert abs(_parse(text, lang) - value) <= 0.5 * 10**-decimals + 1e-6 * abs(value)


# --- rik.i18n: the string tables ------------------------------------------------------------


def _flatten(prefix: str, table: dict, out: dict[str, str]) -> dict[str, str]:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = value
    return out


def load_tables(root: Path) -> dict[str, dict[str, dict[str, str]]]:
    """{lang: {file name: {key: text}}} for every language directory under ``root``."""
    tables: dict[str, dict[str, dict[str, str]]] = {}
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        tables[lang_dir.name] = {}
        for path in sorted(lang_dir.glob("*.toml")):
            with path.open("rb") as fh:
                tables[lang_dir.name][path.name] = _flatten(path.stem, tomllib.load(fh), {})
    return tables


def key_mismatches(tables: dict[str, dict[str, dict[str, str]]]) -> list[str]:
    """Every key (and file) that one language has and another lacks, as readable lines."""
    problems = []
    langs = sorted(tables)
    for lang in langs:
        for other in langs:
            if other == lang:
                continue
            for name, keys in tables[lang].items():
                if name not in tables[other]:
                    problems.append(f"{other}/{name} is missing (exists in {lang}/)")
                    continue
                for key in sorted(set(keys) - set(tables[other][name])):
                    problems.append(f"{other}/{name} lacks key {key!r} (in {lang}/{name})")
    return problems


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[str, dict[str, str]]]:
    return load_tables(I18N)


def test_both_languages_exist(tables) -> None:
    assert set(tables) == set(i18n.LANGS) == {"nb", "en"}


def test_every_key_exists_in_both_languages(tables) -> None:
    problems = key_mismatches(tables)
    assert not problems, "i18n keys differ between languages:\n" + "\n".join(problems)


def test_key_check_names_the_missing_key_and_file(tmp_path) -> None:
    """The check above fails, naming key and file, when one language lacks a key."""
    for lang, body in {"nb": 'a = "A"\n[t]\nb = "B"\n', "en": 'a = "A"\n'}.items():
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "x.toml").write_text(body, encoding="utf-8")
    (tmp_path / "nb" / "only.toml").write_text('c = "C"\n', encoding="utf-8")
    problems = key_mismatches(load_tables(tmp_path))
    assert "en/x.toml lacks key 'x.t.b' (in nb/x.toml)" in problems
    assert "en/only.toml is missing (exists in nb/)" in problems
    assert len(problems) == 2


def test_placeholders_match_between_languages(tables) -> None:
    problems = []
    for name, keys in tables["nb"].items():
        for key, text in keys.items():
            other = tables["en"].get(name, {}).get(key)
            if other is None:
                continue  # reported by the key test
            if placeholders(text) != placeholders(other):
                problems.append(
                    f"{name} {key}: nb {sorted(placeholders(text))} "
                    f"vs en {sorted(placeholders(other))}"
                )
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


def test_strings_are_non_empty_text_and_well_formed(tables) -> None:
    problems = []
    for lang, files in tables.items():
        for name, keys in files.items():
            for key, text in keys.items():
                if not isinstance(text, str) or not text.strip():
                    problems.append(f"{lang}/{name} {key}: empty or not text ({text!r})")
                    continue
                try:
                    fields = placeholders(text)
                    text.format(**{f: "x" for f in fields})
                except (ValueError, IndexError, KeyError) as exc:
                    problems.append(f"{lang}/{name} {key}: bad placeholder syntax ({exc})")
    assert not problems, "\n".join(problems)


def test_i18n_strings_match_the_files(tables) -> None:
    for lang in i18n.LANGS:
        merged = {k: v for keys in tables[lang].values() for k, v in keys.items()}
        assert dict(i18n.strings(lang)) == {k: str(v) for k, v in merged.items()}


def test_t_looks_up_and_fills_placeholders(tables) -> None:
    key, text = next(
        (k, v) for keys in tables["en"].values() for k, v in keys.items() if placeholders(v)
    )
    values = {f: f"<{f}>" for f in placeholders(text)}
    filled = i18n.t(key, "en", **values)
    for value in values.values():
        assert value in filled
    assert "{" not in filled or "{" in text.format(**values)
    plain_key, plain = next(
        (k, v) for keys in tables["nb"].values() for k, v in keys.items() if not placeholders(v)
    )
    assert i18n.t(plain_key, "nb") == plain


def test_t_marks_a_missing_key() -> None:
    assert i18n.t("nowhere.no.such_key", "en") == "[nowhere.no.such_key]"
    assert i18n.t("nowhere.no.such_key", "nb") == "[nowhere.no.such_key]"


def test_t_falls_back_to_the_default_language(tables) -> None:
    key = next(iter(tables[i18n.DEFAULT_LANG]["common.toml"]))
    assert i18n.t(key, "de") == i18n.t(key, i18n.DEFAULT_LANG)
    with pytest.raises(ValueError, match=r"(?s)(?=.*'de')(?=.*nb)(?=.*en)"):
        i18n.strings("de")


# --- Language choice --------------------------------------------------------------------------


def test_default_language_is_norwegian() -> None:
    """PRODUCT.md: Norwegian bokmål first."""
    assert i18n.DEFAULT_LANG == "nb"


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("nb", "nb"),
        ("nn", "nb"),
        ("no", "nb"),
        ("nb-NO", "nb"),
        ("no_NO", "nb"),
        ("NB-no", "nb"),
        ("nn-NO", "nb"),
        ("en-US", "en"),
        ("en", "en"),
        ("en_GB", "en"),
        ("de", "en"),
        ("sv-SE", "en"),
        ("nbx", "en"),
    ],
)
def test_lang_from_locale(locale, lang) -> None:
    assert i18n.lang_from_locale(locale) == lang


@pytest.mark.parametrize("locale", [None, "", 42])
def test_lang_from_locale_without_a_locale_uses_the_default(locale) -> None:
    assert i18n.lang_from_locale(locale) == i18n.DEFAULT_LANG


@pytest.mark.parametrize(
    ("query", "session", "locale", "lang"),
    [
        ("en", "nb", "nb-NO", "en"),  # ?lang= wins
        (" EN ", None, "nb-NO", "en"),
        ("nb", "en", "en-US", "nb"),
        ("de", "en", "nb-NO", "en"),  # invalid query: the session's
        (None, "nb", "en-US", "nb"),
        (["en"], None, "nb", "nb"),  # not text: ignored
        ("", "", "en-US", "en"),  # nothing chosen: the browser's
        (None, None, "no_NO", "nb"),
        (None, None, None, i18n.DEFAULT_LANG),
        ("xx", 3, "", i18n.DEFAULT_LANG),
    ],
)
def test_resolve_lang(query, session, locale, lang) -> None:
    assert i18n.resolve_lang(query, session, locale) == lang


def test_formats_come_from_the_locale_data() -> None:
    """Separators, minus, percent and currency patterns are CLDR's (Babel), not typed in:
    the same function gives another locale's conventions when the map points elsewhere."""
    from babel.numbers import get_group_symbol, get_minus_sign_symbol

    assert fmt.LOCALES == {"nb": "nb_NO", "en": "en_GB"}
    assert get_minus_sign_symbol("nb_NO") == MINUS and get_group_symbol("nb_NO") == NBSP
    assert fmt.number(-1234.5, "nb", 1) == f"{MINUS}1{NBSP}234,5"
    assert fmt.number(-1234.5, "en", 1) == "-1,234.5"
    # A negative amount of money carries its sign in front, so st.metric's arrow points down.
    assert fmt.signed_nok(-120_000, "en").startswith("-")
    assert fmt.signed_nok(-120_000, "nb").startswith(MINUS)
    assert fmt.signed_nok(0.2, "en") == "NOK\u00a00"  # no sign on a change that rounds to zero


def test_a_timestamp_is_in_the_readers_time_zone() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 12, 1, 13, 5, tzinfo=UTC)
    oslo = fmt.timestamp(moment, "nb", ZoneInfo("Europe/Oslo"))
    assert "14:05" in oslo and "01.12.2026" in oslo
    assert "13:05" in fmt.timestamp(moment, "en")


def test_numbers_too_large_for_a_float_show_as_a_dash() -> None:
    huge = 10**4000
    for lang in ("nb", "en"):
        assert fmt.number(huge, lang) == "–" and fmt.nok(huge, lang) == "–"
        assert fmt.percent(float("inf"), lang) == "–"
        assert fmt.number(1e300, lang).startswith("1")  # huge but finite: written out


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("25,000", "en", 25000.0),  # an English reader groups thousands with a comma
    ("25,000", "nb", 25.0),  # a Norwegian one writes decimals with it
    ("25,000", None, 25.0),  # a file of unknown language: a single comma is a decimal mark
    ("1,234,567", None, 1234567.0), ("1.234.567", "nb", 1234567.0), ("1'234", "en", 1234.0),
    ("1 234,5", "nb", 1234.5), ("\u22124", "nb", -4.0), ("1,2,3.4.5", None, None),
    ("12345678901", "en", 12345678901.0),
    ("655.000", "nb", 655000.0), ("655.000", None, 655.0), ("0.015", "nb", 0.015),
    ("1.5", "nb", 1.5),
])
def test_one_number_parser_for_forms_and_files(text, lang, expected) -> None:
    assert fmt.parse_number(text, lang) == expected


def test_number_parser_refuses_long_text() -> None:
    assert fmt.parse_number("1" * 41, max_chars=40) is None
    assert fmt.parse_number("1" * 40, max_chars=40) == float("1" * 40)
