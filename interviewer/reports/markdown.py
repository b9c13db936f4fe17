"""The report as Markdown."""

from __future__ import annotations

from interviewer.reports.data import ReportData


def _esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(data: ReportData) -> str:
    g = data.grade
    out = [f"# {data.title}", ""]
    out.append(f"- **{data.t('scenario')}**: {data.scenario_title} (`{g.scenario}`)")
    if g.session_id:
        out.append(f"- **{data.t('session')}**: `{g.session_id}`")
    out.append(f"- **{data.t('grader')}**: {data.grader_label}")
    out.append(f"- **{data.t('date')}**: {data.generated_at:%Y-%m-%d %H:%M} UTC")
    out += ["", f"## {data.t('overall')}: {data.score_text(g.overall)}", f"_{data.t('overall_note')}_", ""]
    if g.unfinished:
        out += [f"> **{data.t('unfinished')}**", ""]
    if g.hints:
        out += [
            f"- **{data.t('hints_used')}**: {len(g.hints)} ({data.t('turn')} " + ", ".join(map(str, g.hints)) + ")",
            "",
        ]
    if g.missing:
        out += [f"> **{data.t('missing')}**: {data.t('missing_note')}", ">"]
        out += [f"> - {m}" for m in g.missing]
        out.append("")
    if g.ignored_text:
        out.append(f"> {data.t('ignored')}: " + "; ".join(f"{data.t('turn')} {e.turn}" for e in g.ignored_text))
        out.append("")
    out += [
        f"## {data.t('scores')}",
        "",
        f"| {data.t('dimension')} | {data.t('score')} | {data.t('weight')} |",
        "|---|---|---|",
    ]
    for row in data.rows:
        conf = f" ({data.t('confidence')} {row.confidence:.2f})" if row.confidence is not None else ""
        out.append(f"| {_esc(row.name)} | {data.score_text(row.score)}{conf} | {row.weight:.0%} |")
    out.append("")
    for row in data.rows:
        out += [f"### {row.name} — {data.score_text(row.score)}", "", f"**{data.t('rationale')}**: {row.rationale}", ""]
        if row.evidence:
            out += [f"> {data.t('turn')} {turn}: “{quote}”" for turn, quote in row.evidence]
        else:
            out.append(f"_{data.t('no_evidence')}_")
        out.append("")
    for key, items in (("strengths", g.strengths), ("improvements", g.improvements)):
        out += [f"## {data.t(key)}", ""]
        out += [f"- {item}" for item in items] or [data.t("none")]
        out.append("")
    for key, links in (("missed", g.missed_topics), ("practice", g.practice_next)):
        out += [f"## {data.t(key)}", ""]
        for link in links:
            line = f"- **{link.title}** (`{link.note_id}`) — {link.reason}"
            if link.note_id in data.note_summaries:
                line += f"\n  - {data.note_summaries[link.note_id]}"
            out.append(line)
        if not links:
            out.append(data.t("none"))
        out.append("")
    if len(data.history) > 1:
        out += [f"## {data.t('trend')}", ""]
        ids = [r.id for r in data.rows]
        out.append("| " + " | ".join([data.t("date"), data.t("overall"), *[r.name for r in data.rows]]) + " |")
        out.append("|" + "---|" * (len(ids) + 2))
        for p in data.history:
            cells = [f"{p.scores[d]:.1f}" if d in p.scores else "–" for d in ids]
            overall = f"{p.overall:.1f}" if p.overall is not None else "–"
            out.append(f"| {p.started_at:%Y-%m-%d} ({p.scenario}) | {overall} | " + " | ".join(cells) + " |")
        out.append("")
    if data.diagram:
        out += [f"## {data.t('diagram')}", ""]
        if data.diagram_error:
            out += [f"> {data.t('diagram_unread')}: {data.diagram_error}", ""]
        fence = "```" if "```" not in data.diagram else "~~~"
        out += [f"{fence}mermaid", data.diagram, fence, ""]
        out += [f"- {line}" for line in data.diagram_lines]
        out.append("")
    out += [f"## {data.t('transcript')}", ""]
    for i, turn in enumerate(data.transcript.turns):
        who = data.t(turn.role)
        body = turn.content.replace("\n", "\n> ")
        out += [f"**[{i}] {who}**", f"> {body}", ""]
    return "\n".join(out).rstrip() + "\n"
