"""Pure chart builders: each takes data and a language and returns an Altair chart.

No Streamlit here; pages call ``st.altair_chart(build_...(...))``.
"""
