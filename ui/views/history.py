"""History and reports: past sessions, the per-dimension trend, and any session's report
with Markdown, HTML and PDF downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from knowledge.rubric import load_rubric
from knowledge.scenarios import default_catalog
from ui.common import deps, language, shown_errors, t
from ui.report_view import show_report

lang = language()
app = deps()
st.title(t("page_history"))
rows = app.interviews.deps.store.list()
if not rows:
    st.info(t("history_empty"))
    st.stop()
catalog = default_catalog()
known = set(catalog.ids())
# An interview that ended before its wrap-up is marked, and kept out of the trend unless asked.
unfinished = {sid for sid, *_ in rows if (g := app.grading.latest(sid)) is not None and g.unfinished}


def _overall(sid: str, overall: float | None) -> object:
    return f"{overall} ({t('unfinished_mark')})" if sid in unfinished and overall is not None else overall


table = pd.DataFrame(
    [
        {
            t("col_session"): sid,
            t("col_scenario"): catalog.get(scen).title.get(lang) if scen in known else scen,
            t("col_started"): started.strftime("%Y-%m-%d %H:%M"),
            t("col_turns"): n,
            t("col_overall"): _overall(sid, overall),
        }
        for sid, scen, started, overall, n in rows
    ]
)
st.dataframe(table, hide_index=True, use_container_width=True)

history = app.grading.history(include_unfinished=bool(unfinished) and st.checkbox(t("include_unfinished")))
if len(history) >= 2:
    st.subheader(t("trend"))
    names = {d.id: d.name.get(lang) for d in load_rubric().dimensions}
    trend = pd.DataFrame(
        [{names[d]: s for d, s in p.scores.items()} for p in history],
        index=[p.started_at.strftime("%m-%d %H:%M") for p in history],
    )
    st.line_chart(trend)

st.subheader(t("open_report"))
ids = [r[0] for r in rows]
wanted = st.query_params.get("report")
sid = st.selectbox(t("col_session"), ids, index=ids.index(wanted) if wanted in ids else 0,
                   format_func=lambda s: next(f"{s} · {r[1]} · {r[2]:%Y-%m-%d}" for r in rows if r[0] == s))  # fmt: skip
with shown_errors():
    stored = app.grading.latest(sid)
    if stored is None:
        st.caption(t("not_graded_yet"))
        if st.button(t("grade_now")):
            with st.status(t("grading")):
                app.grading.grade_target(sid)
            st.rerun()
    else:
        transcript, result = app.grading.grade_target(sid)
        show_report(transcript, result, key=f"history-{sid}")
