"""The report as PDF (fpdf2). Hangul renders with NanumGothic, which installs with the
Python dependencies (the koreanize-matplotlib wheel ships it), so no system font is
needed; matplotlib's DejaVu Sans is the fallback for symbols Nanum lacks."""

from __future__ import annotations

import importlib.util
import logging
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from interviewer.errors import InterviewerError
from interviewer.reports.data import ReportData, radar_points

# Font subsetting chatter is not for users.
logging.getLogger("fpdf").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


class FontMissingError(InterviewerError):
    """The bundled report fonts are not installed (a broken environment)."""

    exit_code = 1


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)  # locate without importing (no matplotlib set-up)
    if spec is None or not spec.submodule_search_locations:
        raise FontMissingError(f"the Python package {name!r} is missing; reinstall the project (`make run`)")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def font_files() -> dict[str, Path]:
    nanum = _package_dir("koreanize_matplotlib") / "fonts"
    dejavu = _package_dir("matplotlib") / "mpl-data" / "fonts" / "ttf"
    files = {
        "regular": nanum / "NanumGothic.ttf",
        "bold": nanum / "NanumGothicBold.ttf",
        "fallback": dejavu / "DejaVuSans.ttf",
    }
    for path in files.values():
        if not path.exists():
            raise FontMissingError(f"report font {path.name} is missing; reinstall the project (`make run`)")
    return files


class _Doc(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        fonts = font_files()
        self.add_font("nanum", "", str(fonts["regular"]))
        self.add_font("nanum", "B", str(fonts["bold"]))
        self.add_font("dejavu", "", str(fonts["fallback"]))
        self.set_fallback_fonts(["dejavu"], exact_match=False)
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(16, 16, 16)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("nanum", "", 8)
        self.set_text_color(120, 128, 140)
        self.cell(0, 6, f"{self._footer_text} · {self.page_no()}", align="C")


def render_pdf(data: ReportData) -> bytes:
    g = data.grade
    doc = _Doc(data.title)
    doc.set_title(data.title)
    doc.set_lang(data.language)
    doc.add_page()
    width = doc.epw

    def heading(text: str, size: float = 14) -> None:
        doc.ln(3)
        doc.set_font("nanum", "B", size)
        doc.set_text_color(29, 35, 48)
        doc.multi_cell(width, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.ln(1)

    def para(text: str, size: float = 10, color: tuple[int, int, int] = (29, 35, 48), indent: float = 0) -> None:
        doc.set_font("nanum", "", size)
        doc.set_text_color(*color)
        doc.set_x(doc.l_margin + indent)
        doc.multi_cell(width - indent, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    heading(data.title, 18)
    para(f"{data.t('scenario')}: {data.scenario_title}", 10, (91, 102, 117))
    para(f"{data.t('grader')}: {data.grader_label}", 10, (91, 102, 117))
    if g.session_id:
        para(f"{data.t('session')}: {g.session_id}", 10, (91, 102, 117))
    para(f"{data.t('date')}: {data.generated_at:%Y-%m-%d %H:%M} UTC", 10, (91, 102, 117))
    if g.unfinished:
        para(data.t("unfinished"), 10, (146, 64, 14))
    if g.hints:
        para(f"{data.t('hints_used')}: {len(g.hints)} ({data.t('turn')} {', '.join(map(str, g.hints))})", 10)
    if g.missing:
        heading(data.t("missing"), 12)
        para(data.t("missing_note"), 10, (146, 64, 14))
        for m in g.missing:
            para(f"• {m}", 9, (146, 64, 14), 4)

    # Radar chart and the overall score, side by side.
    top = doc.get_y() + 4
    cx, cy, radius = doc.l_margin + 52, top + 46, 34
    n = len(data.rows)
    doc.set_draw_color(213, 220, 230)
    doc.set_line_width(0.2)
    for level in range(1, 6):
        doc.polygon(radar_points([level] * n, cx, cy, radius), style="D")
    doc.set_font("nanum", "", 7.5)
    doc.set_text_color(29, 35, 48)
    for (x, y), (lx, ly), row in zip(
        radar_points([5.0] * n, cx, cy, radius), radar_points([6.3] * n, cx, cy, radius), data.rows, strict=True
    ):
        doc.line(cx, cy, x, y)
        label = row.name
        w = doc.get_string_width(label)
        tx = lx - w / 2 if abs(lx - cx) < 3 else (lx if lx > cx else lx - w)
        doc.text(tx, ly + 1.2, label)
    doc.set_draw_color(59, 130, 246)
    doc.set_fill_color(200, 220, 250)
    doc.set_line_width(0.6)
    doc.polygon(radar_points([r.score or 0.0 for r in data.rows], cx, cy, radius), style="DF")
    doc.set_line_width(0.2)
    doc.set_xy(doc.l_margin + 118, top + 26)
    doc.set_font("nanum", "", 10)
    doc.set_text_color(91, 102, 117)
    doc.cell(60, 6, data.t("overall"), new_x=XPos.LEFT, new_y=YPos.NEXT)
    doc.set_font("nanum", "B", 26)
    doc.set_text_color(31, 95, 191)
    doc.cell(60, 14, data.score_text(g.overall), new_x=XPos.LEFT, new_y=YPos.NEXT)
    doc.set_font("nanum", "", 8)
    doc.set_text_color(91, 102, 117)
    doc.cell(60, 5, data.t("overall_note"))
    doc.set_xy(doc.l_margin, top + 96)

    heading(data.t("scores"))
    doc.set_font("nanum", "", 10)
    doc.set_text_color(29, 35, 48)
    with doc.table(col_widths=(60, 40, 20), text_align=("LEFT", "LEFT", "RIGHT"), line_height=6) as table:
        header = table.row()
        for label in (data.t("dimension"), data.t("score"), data.t("weight")):
            header.cell(label)
        for row in data.rows:
            r = table.row()
            conf = f" ({row.confidence:.2f})" if row.confidence is not None else ""
            r.cell(row.name)
            r.cell(data.score_text(row.score) + conf)
            r.cell(f"{row.weight:.0%}")

    for row in data.rows:
        heading(f"{row.name} — {data.score_text(row.score)}", 12)
        para(f"{data.t('rationale')}: {row.rationale}", 10)
        for turn, quote in row.evidence:
            para(f"{data.t('turn')} {turn}: “{quote}”", 9, (55, 65, 81), 4)
        if not row.evidence:
            para(data.t("no_evidence"), 9, (91, 102, 117), 4)

    for key, items in (("strengths", g.strengths), ("improvements", g.improvements)):
        heading(data.t(key))
        for item in items or [data.t("none")]:
            para(f"• {item}", 10, indent=2)
    for key, links in (("missed", g.missed_topics), ("practice", g.practice_next)):
        heading(data.t(key))
        for link in links:
            para(f"• {link.title} ({link.note_id}) — {link.reason}", 10, indent=2)
            if link.note_id in data.note_summaries:
                para(data.note_summaries[link.note_id], 8.5, (91, 102, 117), 6)
        if not links:
            para(data.t("none"))
    if len(data.history) > 1:
        heading(data.t("trend"))
        doc.set_font("nanum", "", 7.5)
        ids = [r.id for r in data.rows]
        with doc.table(line_height=5, text_align="CENTER") as table:
            header = table.row()
            for label in [data.t("date"), data.t("overall"), *[r.name for r in data.rows]]:
                header.cell(label)
            for p in data.history:
                r = table.row()
                r.cell(f"{p.started_at:%m-%d}")
                r.cell(f"{p.overall:.1f}" if p.overall is not None else "–")
                for d in ids:
                    r.cell(f"{p.scores[d]:.1f}" if d in p.scores else "–")
    if data.diagram:
        heading(data.t("diagram"))
        if data.diagram_error:
            para(f"{data.t('diagram_unread')}: {data.diagram_error}", 9)
        for line in data.diagram_lines or data.diagram.splitlines():
            para(line, 9, indent=2)
    doc.add_page()
    heading(data.t("transcript"))
    for i, spoken in enumerate(data.transcript.turns):
        doc.set_font("nanum", "B", 9)
        doc.set_text_color(31, 95, 191) if spoken.role == "interviewer" else doc.set_text_color(15, 123, 77)
        doc.multi_cell(width, 5, f"[{i}] {data.t(spoken.role)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        para(spoken.content, 9, indent=2)
        doc.ln(1)
    return bytes(doc.output())
