"""Concepts: grounded answers with the cited notes, and a quiz drawn from the notes (or from
the dimensions the user is weakest in) that grades the answer with feedback."""

from __future__ import annotations

import random
import statistics

import streamlit as st

from interviewer.concepts import ConceptAnswerer
from interviewer.quiz import QuizGrade, QuizMaster, QuizQuestion
from ui.common import deps, language, note_link, shown_errors, t

lang = language()
app = deps()
st.title(t("page_concepts"))
ask_tab, quiz_tab = st.tabs([t("ask_tab"), t("quiz_tab")])

with ask_tab:
    with st.form("ask"):
        question = st.text_input(t("ask_label"), placeholder=t("ask_placeholder"), max_chars=2000)
        asked = st.form_submit_button(t("ask_button"), type="primary")
    if asked:
        with shown_errors():
            answer = ConceptAnswerer(app.knowledge.retriever, app.chat_model).ask(question, None)
            if not answer.covered:
                st.info(t("not_covered"))
            st.markdown(answer.answer)
            if answer.citations:
                st.subheader(t("sources"))
                for citation in answer.citations:
                    note = app.grading.deps.notes.get(citation.note_id, answer.language)
                    with st.expander(citation.title):
                        if note is not None:
                            for section in note.sections[:3]:
                                st.markdown(f"**{section.heading}**\n\n{section.body}")
                        note_link(citation.note_id, citation.title)

with quiz_tab:
    master = QuizMaster(app.grading.deps.notes, app.grading.deps.tokenizer, app.chat_model)
    sources = {"random": t("quiz_random"), "weak": t("quiz_weak")}  # labels fixed at run time
    source = st.radio(t("quiz_source"), list(sources), horizontal=True, format_func=sources.__getitem__)
    if st.button(t("quiz_new")) or "quiz" not in st.session_state or st.session_state["quiz"].language != lang:
        pool: list[str] = []
        if source == "weak":
            history = app.grading.history()
            if history:
                dims = {d for p in history for d in p.scores}
                means = {d: statistics.mean(p.scores[d] for p in history if d in p.scores) for d in dims}
                pool = master.weak_note_ids(means)
            else:
                st.caption(t("quiz_no_history"))
        with shown_errors():
            st.session_state["quiz"] = master.question(lang, random.choice(pool) if pool else None)
            st.session_state.pop("quiz_grade", None)
    quiz: QuizQuestion | None = st.session_state.get("quiz")
    if quiz is not None:
        st.markdown(f"**{quiz.title}** — {quiz.question}")
        with st.form("quiz-answer"):
            reply = st.text_area(t("quiz_answer"), height=150, max_chars=6000)
            checked = st.form_submit_button(t("quiz_submit"), type="primary")
        if checked:
            with shown_errors():
                st.session_state["quiz_grade"] = master.grade(quiz, reply)
        grade: QuizGrade | None = st.session_state.get("quiz_grade")
        if grade is not None:
            st.metric(t("quiz_score"), f"{grade.score:.1f} / 5")
            st.write(grade.feedback)
            if grade.covered:
                st.markdown(f"**{t('quiz_covered')}**")
                for point in grade.covered:
                    st.markdown(f":material/check_circle: {point}")
            if grade.missed:
                st.markdown(f"**{t('quiz_missed')}**")
                for point in grade.missed:
                    st.markdown(f":material/add_circle: {point}")
            note_link(quiz.note_id, f"{t('quiz_read')}: {quiz.title}")
