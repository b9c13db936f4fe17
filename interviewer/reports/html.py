"""The report as one self-contained HTML page: inline CSS and SVG charts, no scripts, no
external files, so it opens offline and can be mailed as is."""

from __future__ import annotations

from html import escape

from interviewer.reports.data import ReportData, radar_points

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif;
max-width:980px;margin:2rem auto;padding:0 1rem;color:#1d2330;line-height:1.55}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{border-bottom:1px solid #dde3ea;padding-bottom:.2rem;margin-top:2rem}
.meta{color:#5b6675;font-size:.9rem} .overall{font-size:2.4rem;font-weight:700;color:#1f5fbf}
.grid{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:center}
table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #e6eaf0;padding:.35rem .5rem;text-align:left}
.bar{background:#e9eef5;border-radius:4px;height:10px;width:160px;display:inline-block;vertical-align:middle}
.bar>span{display:block;height:10px;border-radius:4px;background:#3b82f6}
blockquote{margin:.3rem 0;padding:.3rem .8rem;border-left:3px solid #3b82f6;background:#f5f8fc}
.warn{background:#fff6e5;border:1px solid #f2c36b;padding:.6rem .9rem;border-radius:6px}
.turn{margin:.4rem 0}.turn b{color:#1f5fbf}.cand b{color:#0f7b4d}
details{margin:.3rem 0} .small{font-size:.85rem;color:#5b6675}
"""


def radar_svg(data: ReportData, size: int = 360) -> str:
    width = size + 160  # room for the axis labels on both sides
    cx, cy = width / 2, size / 2
    radius = size / 2 - 50
    rows = data.rows
    n = len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{size}" viewBox="0 0 {width} {size}" role="img" aria-label="radar chart" class="radar">'
    ]
    for level in range(1, 6):
        ring = radar_points([level] * n, cx, cy, radius)
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in ring)
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#d5dce6" stroke-width="1"/>')
    rim = radar_points([5.0] * n, cx, cy, radius)
    labels = radar_points([6.1] * n, cx, cy, radius)
    for (x, y), (lx, ly), row in zip(rim, labels, rows, strict=True):
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d5dce6"/>')
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="11" text-anchor="{anchor}" dominant-baseline="middle">{escape(row.name)}</text>'
        )
    values = [row.score or 0.0 for row in rows]
    shape = radar_points(values, cx, cy, radius)
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape)
    parts.append(
        f'<polygon class="scores" points="{pts}" fill="rgba(59,130,246,.25)" stroke="#3b82f6" stroke-width="2"/>'
    )
    for (x, y), row in zip(shape, rows, strict=True):
        if row.score is not None:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1f5fbf"><title>{escape(row.name)}: {row.score:.1f}</title></circle>'
            )
    parts.append("</svg>")
    return "".join(parts)


def trend_svg(data: ReportData, width: int = 640, height: int = 220) -> str:
    points = data.history
    if len(points) < 2:
        return ""
    left, right, top, bottom = 40, 130, 15, 30
    w, h = width - left - right, height - top - bottom
    colors = ["#1f5fbf", "#0f7b4d", "#b45309", "#9333ea", "#dc2626", "#0891b2", "#4b5563"]

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + w * i / (len(points) - 1), top + h * (5 - v) / 4

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" aria-label="trend chart" class="trend">'
    ]
    for level in range(1, 6):
        _, y = xy(0, level)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + w}" y2="{y:.1f}" stroke="#eef1f5"/>')
        parts.append(
            f'<text x="{left - 8}" y="{y:.1f}" font-size="10" text-anchor="end" dominant-baseline="middle">{level}</text>'
        )
    for k, row in enumerate(data.rows):
        series = [(i, p.scores[row.id]) for i, p in enumerate(points) if row.id in p.scores]
        if len(series) < 2:
            continue
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in series))
        color = colors[k % len(colors)]
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="1.8"/>')
        parts.append(
            f'<text x="{left + w + 6}" y="{top + 14 * k + 6}" font-size="10" fill="{color}">{escape(row.name)}</text>'
        )
    for i, p in enumerate(points):
        x, _ = xy(i, 1)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" font-size="9" text-anchor="middle">{p.started_at:%m-%d}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render_html(data: ReportData) -> str:
    g = data.grade
    e = escape
    body = [f"<h1>{e(data.title)}</h1>"]
    meta = [f"{e(data.t('scenario'))}: {e(data.scenario_title)}", f"{e(data.t('grader'))}: {e(data.grader_label)}"]
    if g.session_id:
        meta.append(f"{e(data.t('session'))}: {e(g.session_id)}")
    meta.append(f"{e(data.t('date'))}: {data.generated_at:%Y-%m-%d %H:%M} UTC")
    body.append('<p class="meta">' + " · ".join(meta) + "</p>")
    if g.unfinished:
        body.append(f'<div class="warn"><b>{e(data.t("unfinished"))}</b></div>')
    if g.hints:
        turns = ", ".join(map(str, g.hints))
        body.append(f"<p><b>{e(data.t('hints_used'))}</b>: {len(g.hints)} ({e(data.t('turn'))} {turns})</p>")
    if g.missing:
        items = "".join(f"<li>{e(m)}</li>" for m in g.missing)
        body.append(
            f'<div class="warn"><b>{e(data.t("missing"))}</b>: {e(data.t("missing_note"))}<ul>{items}</ul></div>'
        )
    if g.ignored_text:
        turns = ", ".join(str(x.turn) for x in g.ignored_text)
        body.append(f'<p class="warn">{e(data.t("ignored"))} ({e(data.t("turn"))} {turns})</p>')
    bars = []
    for row in data.rows:
        pct = 0 if row.score is None else int((row.score - 0) / 5 * 100)
        conf = (
            f' <span class="small">{e(data.t("confidence"))} {row.confidence:.2f}</span>'
            if row.confidence is not None
            else ""
        )
        bars.append(
            f"<tr><td>{e(row.name)}</td><td><span class='bar'><span style='width:{pct}%'></span></span> "
            f"{e(data.score_text(row.score))}{conf}</td><td>{row.weight:.0%}</td></tr>"
        )
    table = (
        f"<table><tr><th>{e(data.t('dimension'))}</th><th>{e(data.t('score'))}</th><th>{e(data.t('weight'))}</th></tr>"
        + "".join(bars)
        + "</table>"
    )
    body.append(
        f'<div class="grid"><div>{radar_svg(data)}</div><div><div class="small">{e(data.t("overall"))}</div>'
        f'<div class="overall" id="overall">{e(data.score_text(g.overall))}</div>'
        f'<div class="small">{e(data.t("overall_note"))}</div></div></div>'
    )
    body.append(f"<h2>{e(data.t('scores'))}</h2>{table}")
    for row in data.rows:
        body.append(f"<h3>{e(row.name)} — {e(data.score_text(row.score))}</h3>")
        body.append(f"<p><b>{e(data.t('rationale'))}</b>: {e(row.rationale)}</p>")
        if row.evidence:
            body += [
                f"<blockquote><b>{e(data.t('turn'))} {turn}</b>: “{e(quote)}”</blockquote>"
                for turn, quote in row.evidence
            ]
        else:
            body.append(f"<p class='small'>{e(data.t('no_evidence'))}</p>")
    for key, entries in (("strengths", g.strengths), ("improvements", g.improvements)):
        lis = "".join(f"<li>{e(x)}</li>" for x in entries) or f"<li>{e(data.t('none'))}</li>"
        body.append(f"<h2>{e(data.t(key))}</h2><ul>{lis}</ul>")
    for key, links in (("missed", g.missed_topics), ("practice", g.practice_next)):
        body.append(f"<h2>{e(data.t(key))}</h2>")
        if not links:
            body.append(f"<p>{e(data.t('none'))}</p>")
        for link in links:
            summary = data.note_summaries.get(link.note_id, "")
            body.append(
                f'<details id="note-{e(link.note_id)}"><summary><b>{e(link.title)}</b> '
                f'<span class="small">({e(data.t("note"))}: {e(link.note_id)}) — {e(link.reason)}</span></summary>'
                f"<p>{e(summary)}</p></details>"
            )
    trend = trend_svg(data)
    if trend:
        body.append(f"<h2>{e(data.t('trend'))}</h2>{trend}")
    if data.diagram:
        body.append(f"<h2>{e(data.t('diagram'))}</h2>")
        if data.diagram_error:
            body.append(f'<p class="small">{e(data.t("diagram_unread"))}: {e(data.diagram_error)}</p>')
        if data.diagram_lines:
            body.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in data.diagram_lines) + "</ul>")
        body.append(f'<pre class="mermaid-source">{e(data.diagram)}</pre>')
    body.append(f"<h2>{e(data.t('transcript'))}</h2>")
    for i, turn in enumerate(data.transcript.turns):
        css = "turn cand" if turn.role == "candidate" else "turn"
        text = e(turn.content).replace("\n", "<br>")
        body.append(f'<div class="{css}" id="turn-{i}"><b>[{i}] {e(data.t(turn.role))}</b>: {text}</div>')
    return (
        f'<!doctype html><html lang="{data.language}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(data.title)}</title>'
        f"<style>{_CSS}</style></head><body>" + "\n".join(body) + "</body></html>\n"
    )
