"""Eval run outputs: one JSON document, and a Markdown and a self-contained HTML report with
every metric grouped by suite, its threshold, pass/fail and the change from the baseline,
then the worst cases with the item or turn that failed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

WORST_SHOWN = 8


@dataclass(frozen=True)
class MetricRow:
    name: str
    value: float
    bar: str
    delta: float | None
    status: str  # "pass", "FAIL" or "-" (reported, not gated)


@dataclass(frozen=True)
class Case:
    """One bad case: where it is, what was expected against what happened, and its text."""

    suite: str
    where: str
    detail: str
    text: str = ""


def metric_rows(data: dict[str, Any]) -> list[MetricRow]:
    failed = {line.split(" = ", 1)[0] for line in data["failures"]}
    rows = []
    for name, value in sorted(data["metrics"].items()):
        rule = data["thresholds"].get(name)
        bar = f"{'>=' if rule['kind'] == 'min' else '<='} {rule['bar']}" if rule else ""
        status = "-" if rule is None else ("FAIL" if name in failed else "pass")
        rows.append(MetricRow(name, float(value), bar, data["baseline_diff"].get(name), status))
    return rows


def worst_cases(data: dict[str, Any]) -> list[Case]:
    cases: list[Case] = []
    for key, suite in data["suites"].items():
        if not isinstance(suite, dict):
            continue
        if key.startswith("grading.") and "items" in suite:
            graded = [i for i in suite["items"] if i.get("overall") is not None]
            for i in sorted(graded, key=lambda i: -abs(i["overall"] - i["label"]))[:5]:
                cases.append(Case(key, i["id"], f"label {i['label']:.1f}, got {i['overall']:.2f} ({i['case']})"))
        elif key == "simulation":
            for s in [s for s in suite["sessions"] if s["failures"]][:WORST_SHOWN]:
                cases.append(Case(key, f"{s['persona']} × {s['scenario']}", s["failures"][0]))
        elif key.startswith("questions."):
            for miss in suite.get("summary", {}).get("misses", [])[:WORST_SHOWN]:
                detail = f"expected {miss['expected'] or 'no flag'}, got {miss['got'] or 'no flag'}"
                cases.append(Case(key, miss["id"], detail, miss["question"]))
        elif key.startswith("retrieval") and "results" in suite:
            misses = [r for r in suite["results"] if r["rank"] is None or r["rank"] > 3]
            for r in misses[:WORST_SHOWN]:
                cases.append(Case(key, r["id"], f"expected {r['expected']}, got {r['got'][:3]}", r["query"]))
    return cases


def _suite_of(metric: str) -> str:
    return metric.split(".", 1)[0]


def render_markdown(data: dict[str, Any]) -> str:
    verdict = "PASS" if data["passed"] else "FAIL"
    out = ["# Eval run", "", f"**{verdict}** · model: {data.get('model', 'offline')} · seconds: {data['seconds']}", ""]
    if data["failures"]:
        out += ["Failed:", "", *[f"- {line}" for line in data["failures"]], ""]
    rows = metric_rows(data)
    for suite in dict.fromkeys(_suite_of(r.name) for r in rows):
        out += [f"## {suite}", "", "| metric | value | threshold | vs baseline | result |", "|---|---|---|---|---|"]
        for r in (r for r in rows if _suite_of(r.name) == suite):
            delta = "" if r.delta is None else f"{r.delta:+.4f}"
            out.append(f"| {r.name} | {r.value:.4f} | {r.bar or '-'} | {delta} | {r.status} |")
        out.append("")
    out += ["## Worst cases", ""]
    for case in worst_cases(data):
        text = f": “{case.text[:160]}”" if case.text else ""
        out.append(f"- **{case.suite}** {case.where}: {case.detail}{text}")
    return "\n".join(out) + "\n"


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI','Noto Sans KR',sans-serif;margin:2rem auto;max-width:1100px;
color:#1d2330;padding:0 1rem}
h1{margin-bottom:.2rem}.meta{color:#5b6475}.verdict{font-weight:700;padding:.1rem .5rem;border-radius:4px}
.PASS{background:#d9f2e3;color:#11643a}.FAIL{background:#fbe0e0;color:#9b1c1c}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{padding:.3rem .5rem;border-bottom:1px solid #e3e6ec;
text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}.pass{color:#11643a}.fail{color:#9b1c1c;font-weight:700}
.up{color:#11643a}.down{color:#9b1c1c}li{margin:.3rem 0}q{color:#3a4254}
"""


def render_html(data: dict[str, Any]) -> str:
    verdict = "PASS" if data["passed"] else "FAIL"
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Eval run</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Eval run <span class='verdict {verdict}'>{verdict}</span></h1>",
        f"<p class='meta'>model: {escape(str(data.get('model', 'offline')))} · seconds: "
        f"{escape(json.dumps(data['seconds']))}</p>",
    ]
    if data["failures"]:
        parts.append("<ul>" + "".join(f"<li class='fail'>{escape(f)}</li>" for f in data["failures"]) + "</ul>")
    rows = metric_rows(data)
    for suite in dict.fromkeys(_suite_of(r.name) for r in rows):
        parts.append(f"<h2>{escape(suite)}</h2><table><tr><th>metric</th><th>value</th><th>threshold</th>")
        parts.append("<th>vs baseline</th><th>result</th></tr>")
        for r in (r for r in rows if _suite_of(r.name) == suite):
            delta = "" if r.delta is None else f"{r.delta:+.4f}"
            trend = "" if not r.delta else ("up" if r.delta > 0 else "down")
            status = {"pass": "pass", "FAIL": "fail"}.get(r.status, "")
            parts.append(
                f"<tr><td>{escape(r.name)}</td><td class='num'>{r.value:.4f}</td><td>{escape(r.bar)}</td>"
                f"<td class='num {trend}'>{delta}</td><td class='{status}'>{r.status}</td></tr>"
            )
        parts.append("</table>")
    parts.append("<h2>Worst cases</h2><ul>")
    for case in worst_cases(data):
        text = f" <q>{escape(case.text[:200])}</q>" if case.text else ""
        parts.append(f"<li><b>{escape(case.suite)}</b> {escape(case.where)}: {escape(case.detail)}{text}</li>")
    parts.append("</ul></body></html>\n")
    return "".join(parts)


def write_outputs(data: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (folder / "report.md").write_text(render_markdown(data), encoding="utf-8")
    (folder / "report.html").write_text(render_html(data), encoding="utf-8")
