"""Eval run outputs: one JSON document and a Markdown/HTML report with every metric, its
threshold, pass/fail, the difference from the baseline and the worst cases."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any


def _markdown(data: dict[str, Any]) -> str:
    out = ["# Eval run", "", f"**{'PASS' if data['passed'] else 'FAIL'}** · time {data['seconds']}", ""]
    out += ["| metric | value | threshold | vs baseline | result |", "|---|---|---|---|---|"]
    for name, value in sorted(data["metrics"].items()):
        rule = data["thresholds"].get(name)
        bar = f"{'>=' if rule['kind'] == 'min' else '<='} {rule['bar']}" if rule else "-"
        ok = "-" if rule is None else ("pass" if name not in " ".join(data["failures"]) else "FAIL")
        delta = data["baseline_diff"].get(name)
        out.append(f"| {name} | {value:.4f} | {bar} | {'' if delta is None else f'{delta:+.4f}'} | {ok} |")
    out += ["", "## Worst cases", ""]
    for key, suite in data["suites"].items():
        if key.startswith("grading.") and isinstance(suite, dict) and "items" in suite:
            worst = sorted(
                (i for i in suite["items"] if i.get("overall") is not None),
                key=lambda i: -abs(i["overall"] - i["label"]),
            )[:5]
            out.append(
                f"- {key}: " + "; ".join(f"{i['id']} (label {i['label']}, got {i['overall']:.2f})" for i in worst)
            )
        if key == "simulation":
            for s in [s for s in suite["sessions"] if s["failures"]][:8]:
                out.append(f"- simulation {s['persona']} × {s['scenario']}: {s['failures'][0]}")
        if key.startswith("questions.") and "items" in suite:
            wrong = [i for i in suite["items"] if set(i["flags"]) != set(i.get("expected") or [])][:8]
            out.append(
                f"- {key}: " + "; ".join(f"{i['id']} got {i['flags']} expected {i.get('expected')}" for i in wrong)
            )
    return "\n".join(out) + "\n"


def write_outputs(data: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md = _markdown(data)
    (folder / "report.md").write_text(md, encoding="utf-8")
    rows = "".join(
        f"<p>{escape(line)}</p>" if not line.startswith("|") else f"<pre>{escape(line)}</pre>"
        for line in md.splitlines()
    )
    (folder / "report.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><title>Eval run</title></head><body>{rows}</body></html>\n',
        encoding="utf-8",
    )
