"""The self-assessment's "then and now": save the results as a file, upload it later.

The logic is :mod:`rik.team.assessment_io`; this module draws it. Uploads go through
``ui.uploads``'s per-session bound (``max_upload_size=1`` MB per file, the session's
upload count, :func:`ui.saved.upload_limit_notice`); a bad file changes nothing and says
what is wrong in the user's language. Nothing is stored on the server.
"""

from __future__ import annotations

import datetime

import pandas as pd
import streamlit as st

from rik import fmt
from rik.team import assessment as asm
from rik.team import assessment_io
from ui import frame, saved

DOWNLOAD_KEY = "assess_results_download"
UPLOAD_KEY = "assess_results_upload"


def panel(ctx: frame.Ctx, result: asm.Assessment) -> None:
    """Download these results; upload earlier ones and see then and now side by side."""
    st.subheader(ctx.t("assessment.history.heading"))
    st.caption(ctx.t("assessment.history.intro"))
    today = datetime.date.today()
    st.download_button(
        ctx.t("assessment.history.download"),
        data=assessment_io.to_json(result, today, ctx.team).encode("utf-8"),
        file_name=assessment_io.file_name(today), mime="application/json",
        help=ctx.t("assessment.history.download_help"), icon=":material/save:",
        on_click="ignore", key=DOWNLOAD_KEY,
    )
    uploaded = st.file_uploader(
        ctx.t("assessment.history.upload"), type=["json"], key=UPLOAD_KEY,
        help=ctx.t("assessment.history.upload_help"), max_upload_size=1,
    )
    saved.upload_limit_notice(ctx)
    if uploaded is not None:
        compare(ctx, result, uploaded.getvalue())


def compare(ctx: frame.Ctx, result: asm.Assessment, data: bytes) -> None:
    """Then (the file) and now (``result``), or what is wrong with the file."""
    try:
        then = assessment_io.read(data, ctx.assumptions)
    except assessment_io.FileProblem as problem:
        lines = assessment_io.message(problem, ctx.lang, escape=saved.plain)
        st.error(ctx.t("assessment.history.rejected") + "\n\n"
                 + "\n".join(f"- {line}" for line in lines), icon=":material/error:")
        return
    day = then.saved_on.isoformat() if then.saved_on else ctx.t("assessment.history.unknown_date")
    st.markdown(ctx.t("assessment.history.compared", then=day))
    if then.team is not None:
        st.caption(ctx.t("assessment.history.team_then",
                         sellers=fmt.number(then.team.levers.sellers, ctx.lang),
                         sales=fmt.nok(then.team.sales_nok, ctx.lang)))
    rows = assessment_io.comparison(then, result, ctx.lang)
    if not any(row["change"] for row in rows):
        st.info(ctx.t("assessment.history.same"), icon=":material/info:")
    columns = {key: ctx.t(f"assessment.history.{key}") for key in ("what", "then", "now",
                                                                    "change")}
    st.dataframe(pd.DataFrame(rows).rename(columns=columns), hide_index=True, width="stretch",
                 height="content")


__all__ = ["DOWNLOAD_KEY", "UPLOAD_KEY", "compare", "panel"]
