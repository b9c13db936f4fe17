"""Streamlit entry point: the four pages, the language switch and the model in use."""

from __future__ import annotations

import streamlit as st

from knowledge.types import Language
from ui.common import LANG_KEY, deps, language, shown_errors, t


def main() -> None:
    st.set_page_config(page_title="Interview coach", page_icon=":material/explore:", layout="wide")
    language()  # seeds the choice from the URL on first load
    # Pages are registered first, before any slow work, so a deep link (/practice?sid=...)
    # resolves on the very first run.
    current = st.navigation(
        [
            st.Page("views/practice.py", title=t("page_practice"), icon=":material/record_voice_over:", url_path="practice", default=True),
            st.Page("views/concepts.py", title=t("page_concepts"), icon=":material/lightbulb:", url_path="concepts"),
            st.Page("views/history.py", title=t("page_history"), icon=":material/monitoring:", url_path="history"),
            st.Page("views/knowledge.py", title=t("page_knowledge"), icon=":material/menu_book:", url_path="knowledge"),
        ]
    )  # fmt: skip
    choice = st.sidebar.radio(
        t("language"),
        [lang.value for lang in Language],
        format_func=lambda v: {"en": "English", "ko": "한국어"}[v],
        horizontal=True,
        key=LANG_KEY,
    )
    st.query_params[LANG_KEY] = choice
    with shown_errors():
        label = deps().provider_label
        st.sidebar.markdown(f"**{t('provider')}:** `{label}`")
        if label == "offline":
            st.sidebar.caption(t("offline_hint"))
    current.run()


main()
