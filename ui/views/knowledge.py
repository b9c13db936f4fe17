"""Knowledge: browse the notes by category, read one, or search them."""

from __future__ import annotations

import streamlit as st

from ui.common import deps, language, shown_errors, t

lang = language()
app = deps()
notes = app.grading.deps.notes
st.title(t("page_knowledge"))

query = st.text_input(t("search"), placeholder=t("search_placeholder"), max_chars=500)
if query.strip():
    with shown_errors():
        hits = app.knowledge.retriever.search(query, k=8)
        if not hits:
            st.info(t("no_results"))
        for hit in hits:
            with st.expander(f"{hit.title} · {hit.score:.3f}"):
                st.write(hit.snippet)
                if st.button(t("note"), key=f"open-{hit.note_id}"):
                    st.query_params["note"] = hit.note_id
                    st.rerun()

all_notes = [n for n in (notes.get(i, lang) for i in notes.ids()) if n is not None]
categories = sorted({n.meta.category for n in all_notes})
left, right = st.columns([1, 3], gap="large")
with left:
    category_labels = {"*": t("all_categories")} | {c: c for c in categories}
    category = st.selectbox(t("category"), list(category_labels), format_func=category_labels.__getitem__)
    shown = sorted((n for n in all_notes if category in ("*", n.meta.category)), key=lambda n: n.title)
    ids = [n.id for n in shown]
    wanted = st.query_params.get("note")
    if wanted and wanted not in ids and wanted in notes.ids():
        ids.insert(0, wanted)
    titles = {i: notes.title(i, lang) for i in ids}
    chosen = st.radio(t("note"), ids, index=ids.index(wanted) if wanted in ids else 0,
                      format_func=titles.__getitem__, label_visibility="collapsed") if ids else None  # fmt: skip
with right:
    note = notes.get(chosen, lang) if chosen else None
    if note is not None:
        st.header(note.title)
        st.caption(f"{note.meta.category} · {', '.join(note.meta.tags[:8])}")
        for section in note.sections:
            st.subheader(section.heading)
            st.markdown(section.body)
