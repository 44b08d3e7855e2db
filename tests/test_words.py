"""Norwegian that reads as written by a Norwegian (issue 14, item 6).

Every Norwegian string is checked for phrasings known to read as translated, for one
word per thing (the genitive of Mats, «scenarioer», «spak»), and for English words.
The quotes the story cites in English are the only English allowed.
"""

from __future__ import annotations

import re

from rik import fmt
from rik.i18n import strings
from rik.story import chapters as story
from rik.story import words as story_words

# (pattern, what to write instead). Case-insensitive, on whole Norwegian strings.
ANGLICISMS: tuple[tuple[str, str], ...] = (
    (r"\bendre[rt]? seg med\b", "«falt med», «steg med»: say the direction in words"),
    (r"\bmed med\b", "«Bli med med en romkode» → «Bli med i et rom med koden»"),
    (r"\bfrø\b", "a random seed is a «startverdi» in Norwegian"),
    (r"hyperkube", "say what the search does, not the method's English name"),
    (r"\bsporede?\b", "«kildene vi har sjekket»"),
    (r"\benhet belastning\b", "«belastningsenhet»"),
    (r"\bgir mening\b", "«gir god mening» is English; «er fornuftig»"),
    (r"\bpå slutten av dagen\b", "«når alt kommer til alt»"),
    (r"\badressere\b", "«ta tak i», «løse»"),
    (r"\btar plass\b", "«finner sted»"),
    (r"\bgjøre en forskjell\b", "«bety noe», «utgjøre en forskjell»"),
    (r"\bupload\b", "«last opp», «velg en fil»"),
)
# One word for one thing.
ONE_WORD: tuple[tuple[str, str], ...] = (
    (r"\bMats (sin|sitt|sine)\b", "the genitive is «Mats'» everywhere"),
    (r"\bscenarie(r|ne)\b", "the plural is «scenarioer», «scenarioene»"),
    (r"glidebryter", "a lever is a «spak» everywhere (the widget is not named)"),
)
# English words that are not also Norwegian words («for», «to», «is» (ice)... are left out).
ENGLISH = re.compile(
    r"\b(the|and|of|with|this|that|these|your|you|please|upload|uploads|file|files|browse|"
    r"drag|drop|click|here|sales|meeting|meetings|customer|customers|quality|effort|churn|"
    r"burnout|baseline|default|per file|level|levels|step|steps|notes|main content)\b",
    re.IGNORECASE,
)
# Quoted in English on purpose: the article quotes them so.
ENGLISH_ALLOWED = {"story.myth.quote", "story.mentor.quote"}

NB = strings("nb")


# Names cited as they are: the article's title (the credit lines), a source's name.
TITLES = ("Sales is a numbers game.", "Sales Benchmark Index")


def _words(text: str) -> str:
    """The words a reader sees: no placeholders, no Markdown emphasis, no cited name."""
    for title in TITLES:
        text = text.replace(title, " ")
    return re.sub(r"\{[^}]*\}", " ", text).replace("*", "")


def _offences(rules: tuple[tuple[str, str], ...]) -> list[str]:
    found = []
    for key, text in NB.items():
        for pattern, instead in rules:
            if re.search(pattern, _words(text), re.IGNORECASE):
                found.append(f"{key}: /{pattern}/ in {text[:90]!r} ({instead})")
    return found


def test_no_known_anglicisms_in_norwegian() -> None:
    assert not _offences(ANGLICISMS), "\n".join(_offences(ANGLICISMS))


def test_one_word_for_one_thing() -> None:
    assert not _offences(ONE_WORD), "\n".join(_offences(ONE_WORD))


def test_no_english_words_in_norwegian() -> None:
    found = [
        f"{key}: {sorted({m.group(0) for m in ENGLISH.finditer(_words(text))})} in {text[:80]!r}"
        for key, text in NB.items()
        if key not in ENGLISH_ALLOWED and ENGLISH.search(_words(text))
    ]
    assert not found, "\n".join(found)


def test_the_checks_catch_what_the_issue_reported() -> None:
    reported = [
        "endret seg med −59 %", "Bli med med en romkode", "Tilfeldig frø",
        "latinsk hyperkube-utvalg", "De sporede kildene", "logit per enhet belastning",
        "Mats sitt første trykk", "tre scenarier", "flytt glidebryteren",
    ]
    rules = (*ANGLICISMS, *ONE_WORD)
    for text in reported:
        assert any(re.search(p, text, re.IGNORECASE) for p, _ in rules), text
    assert ENGLISH.search("Upload") and ENGLISH.search("1MB per file")
    assert not ENGLISH.search(_words("Salg per måned for {sales} selgere"))


def test_sizes_drop_the_sign_the_words_carry() -> None:
    figures = {
        "fell": story.Figure(-0.4215, "signed_percent", -1),
        "rose": story.Figure(0.6, "signed_percent", +1),
        "level": story.Figure(0.78, "percent"),
    }
    assert story_words.sizes(figures, "nb") == {
        "fell_size": fmt.percent(0.4215, "nb"), "rose_size": fmt.percent(0.6, "nb")
    }
    assert story_words.sizes(figures, "en")["fell_size"] == fmt.percent(0.4215, "en")
    assert "−" not in story_words.sizes(figures, "nb")["fell_size"]
