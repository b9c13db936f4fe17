"""Streamlit entry point. The practice, concepts, history and knowledge pages come with the UI issue;
until then this page offers concept search and Q&A over the notes, offline by default."""

from __future__ import annotations

import streamlit as st

from interviewer.concepts import ConceptAnswerer
from interviewer.deps import AppDeps
from interviewer.errors import InterviewerError
from knowledge.errors import KnowledgeError
from knowledge.scenarios import default_catalog
from knowledge.types import Language

TEXT = {
    Language.EN: {
        "title": "System-design interview coach",
        "intro": "Practice interviews run in the terminal today (`interviewer chat`); the practice page comes next. Here, ask a concept question: answers come from our notes, with citations.",
        "provider": "Model",
        "ask": "Concept question",
        "placeholder": "e.g. When should I shard a database?",
        "go": "Ask",
        "sources": "Sources",
        "scenarios": "Scenarios",
        "loading": "Loading the notes index…",
    },
    Language.KO: {
        "title": "시스템 설계 면접 코치",
        "intro": "모의 면접은 지금 터미널에서 할 수 있고(`interviewer chat`), 연습 페이지는 곧 열립니다. 여기서는 개념 질문을 해 보세요. 노트를 근거로 출처와 함께 답합니다.",
        "provider": "모델",
        "ask": "개념 질문",
        "placeholder": "예: 데이터베이스 샤딩은 언제 써야 하나요?",
        "go": "질문하기",
        "sources": "출처",
        "scenarios": "시나리오",
        "loading": "노트 색인을 불러오는 중…",
    },
}


@st.cache_resource(show_spinner=False)
def _deps() -> AppDeps:
    deps = AppDeps()
    _ = deps.knowledge  # opens and syncs the index once per server process
    return deps


def main() -> None:
    st.set_page_config(page_title="Interview coach", page_icon="🧭", layout="wide")
    lang = Language(st.sidebar.radio("Language / 언어", [lang.value for lang in Language], horizontal=True))
    t = TEXT[lang]
    st.title(t["title"])
    st.caption(t["intro"])
    with st.spinner(t["loading"]):
        try:
            deps = _deps()
        except (InterviewerError, KnowledgeError) as exc:
            st.error(str(exc))
            return
    st.sidebar.write(f"**{t['provider']}:** {deps.provider_label}")
    st.sidebar.subheader(t["scenarios"])
    for scenario in default_catalog().all():
        st.sidebar.write(f"- {scenario.title.get(lang)}")
    with st.form("ask"):
        question = st.text_input(t["ask"], placeholder=t["placeholder"], max_chars=2000)
        submitted = st.form_submit_button(t["go"])
    if submitted:
        try:
            answer = ConceptAnswerer(deps.knowledge.retriever, deps.chat_model).ask(question, lang)
        except (InterviewerError, KnowledgeError) as exc:
            st.error(str(exc))
            return
        st.markdown(answer.answer)


main()
