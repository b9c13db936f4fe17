"""A grade on the page: overall, radar chart, evidence per dimension, feedback, downloads."""

from __future__ import annotations

import streamlit as st

from interviewer.grading.result import GradeResult
from interviewer.grading.transcript import Transcript
from interviewer.reports.data import report_for
from interviewer.reports.html import radar_svg
from interviewer.reports.render import FORMATS, render
from ui.common import deps, note_link, t

_MIME = {"md": "text/markdown", "html": "text/html", "pdf": "application/pdf"}


def show_report(transcript: Transcript, result: GradeResult, key: str) -> None:
    data = report_for(deps().grading, transcript, result)
    left, right = st.columns([3, 2])
    with left:
        # Inline SVG (markdown keeps it; st.html would sanitise the shapes away).
        st.markdown(f'<div class="radar-box">{radar_svg(data, size=380)}</div>', unsafe_allow_html=True)
    with right:
        st.metric(t("overall"), data.score_text(result.overall))
        st.caption(data.grader_label)
        for fmt in FORMATS:
            st.download_button(
                f"{t('download')} {fmt.upper()}",
                data=render(data, fmt),
                file_name=f"report-{transcript.session_id or transcript.scenario}.{fmt}",
                mime=_MIME[fmt],
                key=f"{key}-dl-{fmt}",
            )
    if result.missing:
        st.warning(t("not_graded") + ": " + "; ".join(result.missing))
    if result.ignored_text:
        st.info(t("ignored_text", turns=", ".join(str(e.turn) for e in result.ignored_text)))
    for row in data.rows:
        label = f"{row.name} — {data.score_text(row.score)}"
        if row.confidence is not None:
            label += f" ({t('confidence')} {row.confidence:.2f})"
        with st.expander(label):
            st.write(row.rationale)
            for turn, quote in row.evidence:
                st.markdown(f"> **{t('turn')} {turn}**: {quote}")
    cols = st.columns(2)
    for col, key_name, items in (
        (cols[0], "strengths", result.strengths),
        (cols[1], "improvements", result.improvements),
    ):
        with col:
            st.subheader(t(key_name))
            for item in items:
                st.markdown(f"- {item}")
    for key_name, links in (("missed", result.missed_topics), ("practice_next", result.practice_next)):
        if not links:
            continue
        st.subheader(t(key_name))
        for link in links:
            note_link(link.note_id, f"{link.title} — {link.reason}")
