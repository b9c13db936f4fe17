"""What every page shares: the cached services, the language, the words, and errors shown
as one message. Pages stay thin: they call these services and render."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from interviewer.deps import AppDeps
from interviewer.errors import InterviewerError
from knowledge.errors import KnowledgeError
from knowledge.types import Language
from knowledge.yamlio import load_yaml

TEXT_FILE = Path(__file__).parent / "text.yaml"
LANG_KEY = "lang"


@cache
def _words() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = load_yaml(TEXT_FILE.read_text(encoding="utf-8"))
    return data


def language() -> Language:
    """The interface language: chosen in the sidebar, kept in the URL across reloads."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = st.query_params.get(LANG_KEY, "en")
    value = st.session_state[LANG_KEY]
    return Language(value) if value in ("en", "ko") else Language.EN


def t(key: str, **kwargs: Any) -> str:
    text = _words()[key][language().value]
    return text.format(**kwargs) if kwargs else text


@st.cache_resource(show_spinner=False)
def _deps() -> AppDeps:
    deps = AppDeps()
    _ = deps.knowledge  # opens and syncs the note index once per server process
    # Load Kiwi and the embedding model now, so the first interview reply is not the slow one.
    deps.interviews.deps.tokenizer.warm_up()
    deps.interviews.deps.embedder.query_vector("warm-up")
    return deps


def deps() -> AppDeps:
    with st.spinner(t("loading")):
        return _deps()


@contextmanager
def shown_errors() -> Iterator[None]:
    """Our errors become one clear message on the page, never a traceback."""
    try:
        yield
    except (InterviewerError, KnowledgeError) as exc:
        st.error(str(exc))


def note_link(note_id: str, label: str) -> None:
    """A link to the note on the Knowledge page (plain text when that page is not registered,
    as when a page runs on its own in a test)."""
    try:
        st.page_link("views/knowledge.py", label=label, icon=":material/article:", query_params={"note": note_id})
    except StreamlitAPIException:
        st.markdown(f"{label} (`{note_id}`)")
