"""The calculator's floor: the same widgets, no model and no charts (for ``bench_app.py``).

Everything a rerun of ``pages/20_calculator.py`` costs that is not the model or its
charts and tables: page config, the sidebar (language, navigation entries, assumption
set), the lever panel (the same slider widgets from ``ui.widgets``, with the same keys),
the save form, six metrics and the readout box, with fixed text. ``bench_app.py`` runs
it beside the calculator and prints calculator / floor.

It runs as its own single-page app (``streamlit run benchmarks/floor_calculator.py``,
or ``AppTest.from_file``), so the navigation entries are markdown links, not page links.
"""

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import rik  # noqa: E402  (lever metadata only; nothing is simulated)
from rik.i18n import t  # noqa: E402
from ui import frame, widgets  # noqa: E402

lang = st.query_params.get("lang", "en")
lang = lang if lang in ("nb", "en") else "en"
st.set_page_config(page_title=t("frame.pages.calculator", lang), layout="wide")
st.html(frame.BASE_CSS)

with st.sidebar:
    st.markdown(f"### {t('frame.app_name', lang)}")
    st.segmented_control(
        t("frame.language", lang), options=["nb", "en"], default=lang, key="_floor_lang",
        required=True,
    )
    for info in frame.PAGES:
        st.markdown(f"[{t(f'frame.pages.{info.key}', lang)}](/?lang={lang})")
    st.divider()
    st.radio(t("frame.assumption_set", lang), options=list(rik.ASSUMPTION_SETS),
             key="_floor_set")
    st.caption(t("frame.illustrative", lang))

st.title(t("frame.pages.calculator", lang))
st.caption(t("calculator.intro", lang))
panel, main = st.columns([1, 2.3], gap="large")
with panel, st.container(border=True):
    st.subheader(t("calculator.panel", lang), anchor=False)
    preset = st.selectbox(
        t("calculator.preset", lang), options=list(rik.PRESET_NAMES), key="calc_preset",
        format_func=lambda name: t(f"common.presets.{name}", lang),
    )
    st.caption(t(f"common.preset_help.{preset}", lang))
    values = {}
    for group in ("activity", "quality"):
        st.markdown(f"**{t(f'calculator.group_{group}', lang)}**")
        values |= widgets.lever_sliders(lang, group=group)
    st.markdown(f"**{t('calculator.settings', lang)}**")
    months = st.slider(t("calculator.months", lang), 12, 60, 24, key="calc_months")
    kpi_month = st.slider(t("calculator.kpi_month", lang), 1, months, 12, key="calc_kpi_month")
    st.button(t("calculator.reset", lang), icon=":material/restart_alt:", width="stretch")
with panel, st.container(border=True):
    st.markdown(f"**{t('saved.panel.title', lang)}**")
    with st.form("saved_calc_form", border=False):
        st.text_input(t("saved.panel.name", lang), key="saved_calc_name")
        st.form_submit_button(t("saved.panel.save", lang), type="primary")
    st.caption(t("saved.panel.none", lang))

with main:
    st.subheader(t("calculator.kpi_title", lang, month=kpi_month), anchor=False)
    shown = ", ".join(f"{name}={value}" for name, value in values.items())
    with st.container(key="calc_kpis"):
        for row in range(3):
            for i, column in enumerate(st.columns(2)):
                column.metric(f"KPI {2 * row + i + 1}", f"{months} / {kpi_month}", border=True)
    with st.container(border=True):
        st.markdown(f"**{t('calculator.readout_label', lang)}:** {shown}")
st.caption(t("calculator.share", lang))
st.download_button(t("frame.show_data", lang), data=b"floor", file_name="floor.txt",
                   on_click="ignore")
