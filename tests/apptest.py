"""Open a page of the app in Streamlit's AppTest, and read back what it shows.

A plain module (not a fixture): `from tests.apptest import open_page, page_texts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")

# What page_texts reads unless told otherwise: the words and the metric labels.
TEXT_VALUES = ("markdown", "caption", "title", "subheader")
TEXT_LABELS = ("metric",)


def open_page(
    path: str | None = None,
    lang: str | None = "en",
    *,
    timeout: float = 30,
    context: Mapping[str, object] | None = None,
    session: Mapping[str, object] | None = None,
    query_first: bool = False,
    **query: str | list[str],
) -> AppTest:
    """Run the landing page, then switch to `path` (None: stay on the landing page).

    `lang` goes into the link before the first run (None: no language in the link, so the
    browser locale decides); `context` (e.g. {"locale": "nb-NO"}) and `session` (session
    state) are set before the first run too. The other query parameters are added after
    the landing page has run, as a link followed to `path` — or before the first run with
    `query_first=True`, and always on the landing page itself. Fails on any exception.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    if context is not None:
        at.context = dict(context)
    if lang is not None:
        at.query_params["lang"] = lang
    for key, value in (session or {}).items():
        at.session_state[key] = value
    early = query_first or path is None
    if early:
        at.query_params.update(query)
    at.run()
    if path is not None:
        if not early:
            at.query_params.update(query)
        at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_texts(
    at: AppTest, *, values: Sequence[str] = TEXT_VALUES, labels: Sequence[str] = TEXT_LABELS
) -> str:
    """The values of the `values` elements, then the labels of the `labels` elements, one a line.

    Kinds are AppTest's element names (at.markdown, at.tabs, ...) or, where AppTest has no
    such attribute, element types for `at.get` ("download_button").
    """
    parts = [str(e.value) for kind in values for e in _elements(at, kind)]
    parts += [str(e.label) for kind in labels for e in _elements(at, kind)]
    return "\n".join(parts)


def _elements(at: AppTest, kind: str) -> Sequence:
    return getattr(at, kind) if hasattr(type(at), kind) else at.get(kind)
