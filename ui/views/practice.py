"""Practice: choose a problem, interview with streamed replies, watch the phase timeline,
keep notes and a diagram, end and get graded. The session id lives in the URL (`?sid=`),
so a reload or a later visit resumes it."""

from __future__ import annotations

import random

import streamlit as st

from interviewer.diagram import parse_mermaid
from interviewer.errors import InterviewerError, UserInputError
from interviewer.store import Scratch
from interviewer.timeline import phase_times
from knowledge.scenarios import default_catalog
from knowledge.types import Language
from ui.common import deps, language, shown_errors, t
from ui.mermaid import mermaid_editor
from ui.report_view import show_report

lang = language()
app = deps()
service = app.interviews
catalog = default_catalog()
st.title(t("page_practice"))


def start_form() -> None:
    st.caption(t("practice_intro"))
    with st.form("start"):
        titles = {"__random__": t("random_scenario")} | {i: catalog.get(i).title.get(lang) for i in catalog.ids()}
        scenario_id = st.selectbox(t("scenario"), list(titles), format_func=titles.__getitem__)
        interview_lang = st.radio(
            t("interview_language"),
            [x.value for x in Language],
            index=[x.value for x in Language].index(lang.value),
            format_func=lambda v: {"en": "English", "ko": "한국어"}[v],
            horizontal=True,
        )
        if st.form_submit_button(t("start"), type="primary"):
            chosen = random.choice(catalog.ids()) if scenario_id == "__random__" else scenario_id
            with shown_errors():
                st.query_params["sid"] = service.start(chosen, interview_lang, app.settings.minutes_per_turn)
                st.rerun()


def save_scratch(sid: str) -> None:
    service.deps.store.save_scratch(
        sid,
        Scratch(
            notes=st.session_state.get(f"notes-{sid}", ""),
            diagram=st.session_state.get(f"diagram-{sid}-code", ""),
        ),
    )


def side_panel(sid: str) -> None:
    session = service.get(sid)
    now = (service.deps.clock.now() - session.started_at).total_seconds() / 60
    if session.minutes_per_turn is not None:
        now = session.state.last_minute
    st.subheader(t("timeline"))
    for item in phase_times(session, now):
        label = f"{t('phase_' + item.phase.value)}: {item.minutes:.0f} {t('minutes')} ({t('budget')} {item.budget_min}-{item.budget_max})"
        if item.over:
            label += f" · {t('over_budget')}"
        st.progress(min(1.0, item.minutes / item.budget_max), text=("▶ " if item.current else "") + label)
    scratch = service.deps.store.scratch(sid)
    st.subheader(t("scratch"))
    st.text_area(
        t("scratch"),
        value=scratch.notes,
        key=f"notes-{sid}",
        help=t("scratch_help"),
        label_visibility="collapsed",
        height=140,
        on_change=save_scratch,
        args=(sid,),
    )
    st.subheader(t("diagram"))
    st.caption(t("diagram_help"))
    code = mermaid_editor(scratch.diagram, "graph LR; Client-->LB-->App-->DB", key=f"diagram-{sid}")
    if code != scratch.diagram:
        st.session_state[f"diagram-{sid}-code"] = code
        save_scratch(sid)
    read = parse_mermaid(code)
    if read.error:
        st.error(t("diagram_error", error=read.error))  # shown, never silently ignored
    elif read.nodes:
        st.caption(t("diagram_read", nodes=len(read.nodes), edges=len(read.edges)))


def interview(sid: str) -> None:
    try:
        session = service.get(sid)
    except UserInputError:
        st.error(t("unknown_session"))
        if st.button(t("new_interview")):
            del st.query_params["sid"]
            st.rerun()
        return
    scenario = catalog.get(session.scenario_id)
    st.caption(f"{scenario.title.get(lang)} · {t('session')} `{sid}`")
    chat, side = st.columns([3, 2], gap="large")
    with side:
        side_panel(sid)
        if not session.state.finished and st.button(t("end"), type="primary", use_container_width=True):
            with st.status(t("grading"), expanded=False), shown_errors():
                service.finish(sid)
                app.grading.grade_target(sid)
            st.rerun()
        if st.button(t("new_interview"), use_container_width=True):
            del st.query_params["sid"]
            st.rerun()
    with chat:
        for turn in session.turns:
            role = "assistant" if turn.role == "interviewer" else "user"
            with st.chat_message(role):
                st.markdown(turn.content)
        if service.pending(session) and not session.state.finished:
            with st.chat_message("assistant"):
                try:
                    st.write_stream(service.reply_stream(sid))
                except InterviewerError as exc:
                    st.error(t("reply_failed", error=str(exc)))
                    st.button(t("retry"))
                    return
            st.rerun()
        if session.state.finished:
            st.success(t("finished"))
        else:
            text = st.chat_input(t("chat_placeholder"), max_chars=20_000)
            if text is not None:
                try:
                    service.submit(sid, text)
                except UserInputError as exc:
                    st.error(str(exc))
                    return
                st.rerun()
    if session.state.finished:
        with shown_errors():
            transcript, result = app.grading.grade_target(sid)
            show_report(transcript, result, key=f"report-{sid}")


sid = st.query_params.get("sid")
if sid:
    interview(sid)
else:
    start_form()
