"""Hand-edited and truncated links never break a page (Hypothesis over query strings).

Every story chapter and the landing page, with fuzzed values for every parameter the
app reads (language, assumption set, presenter mode, preset, levers, horizon) and some
it does not: no exception, no friendly-error message, and a title on the page.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import rik
from rik.i18n import t
from ui import frame

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = [p for p in frame.PAGES if p.section in ("start", "story")]
PARAMS = [
    "lang", "set", "present", "notes", "step", "deck", "preset", "months", "kpi_month",
    *rik.LEVER_NAMES, "x",
]
NASTY = st.sampled_from(
    ["", "abc", "1e309", "-5", "NaN", "inf", "0", "99999", "nb", "en", "de", "1", "true",
     "evidence", "article", "catalyst", "<b>x</b>", "%00", "😀", "0.5", " 12 ", "1" * 300,
     "last", "2", "0123abcd45"]
)
QUERY = st.dictionaries(
    st.sampled_from(PARAMS), st.one_of(NASTY, st.lists(NASTY, min_size=1, max_size=3)),
    max_size=6,
)
EXAMPLES = int(os.environ.get("RIK_EXAMPLES", "150"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(page=st.sampled_from(PAGES), query=QUERY)
def test_fuzzed_links_never_break_a_page(page: frame.PageInfo, query: dict) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    if page.path != "app.py":
        at.switch_page(page.path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = {t("frame.error", lang) for lang in ("nb", "en")}
    assert not [e.value for e in at.error if e.value in errors]
    assert at.title, f"{page.key} with {query!r} shows no title"
