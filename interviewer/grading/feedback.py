"""Feedback both graders share: rationales, strengths, improvements, missed topics linked to
notes, and what to practise next. Words come from `feedback.yaml` (English and Korean)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from interviewer.grading.analysis import ADAPTED, Analysis
from interviewer.grading.evidence import Finding
from interviewer.grading.result import TopicLink
from knowledge.notes import NoteCatalog
from knowledge.rubric import DIMENSION_IDS, Rubric
from knowledge.types import Phase
from knowledge.yamlio import load_yaml

FEEDBACK_FILE = Path(__file__).parent / "feedback.yaml"
STRONG = 3.5  # a dimension at or above this is named as a strength
WEAK = 3.0


@cache
def words() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(FEEDBACK_FILE.read_text(encoding="utf-8"))
    return data


def _w(key: str, lang: str, *path: str) -> str:
    node: Any = words()[key]
    for p in path:
        node = node[p]
    return str(node[lang])


def rationale(dim: str, finding: Finding, lang: str) -> str:
    f = finding.facts
    none = _w("none", lang)
    if dim == "clarification":
        missing = [_w("categories", lang, c) for c in f["missing"]]  # type: ignore[attr-defined]
        missing_part = (
            _w("rationale", lang, "clarification_missing").format(items=", ".join(missing)) if missing else ""
        )
        used_part = _w("rationale", lang, "clarification_used") if f["used"] else ""
        return _w("rationale", lang, dim).format(
            facts=f["facts"], of=f["of"], missing_part=missing_part, used_part=used_part
        )
    if dim == "ambiguity":
        ignored = f["ignored"]
        constraints = int(f["constraints"])  # type: ignore[call-overload]
        ignored_part = (
            _w("rationale", lang, "ambiguity_ignored").format(items=", ".join(ignored))  # type: ignore[arg-type]
            if ignored
            else ""
        )
        return _w("rationale", lang, dim).format(
            assumptions=f["assumptions"],
            adapted=constraints - len(ignored),  # type: ignore[arg-type]
            constraints=constraints,
            ignored_part=ignored_part,
        )
    if dim == "fundamentals":
        return _w("rationale", lang, dim).format(
            correct=", ".join(f["correct"]) or none,  # type: ignore[arg-type]
            wrong=", ".join(f["wrong"]) or none,  # type: ignore[arg-type]
            concepts=f["concepts"],
        )
    if dim == "deep_dive":
        axes = [_w("axes", lang, a) for a in f["axes"]]  # type: ignore[attr-defined]
        return _w("rationale", lang, dim).format(
            reasoned=f["reasoned"], axes=", ".join(axes) or none, failures=f["failures"]
        )
    if dim == "process":
        steps = [_w("steps", lang, s) for s in f["steps"]]  # type: ignore[attr-defined]
        return _w("rationale", lang, dim).format(steps=", ".join(steps) or none)
    return _w("rationale", lang, dim).format(**f)


def strengths(scores: dict[str, float], lang: str) -> list[str]:
    best = sorted((d for d in DIMENSION_IDS if scores.get(d, 0) >= STRONG), key=lambda d: -scores[d])
    # Never an empty list: when nothing reached the bar, the report says so plainly.
    return [_w("strength", lang, d) for d in best[:3]] or [_w("no_strength", lang)]


def improvements(scores: dict[str, float], analysis: Analysis, lang: str) -> list[str]:
    weakest = sorted((d for d in DIMENSION_IDS if d in scores and scores[d] <= WEAK), key=lambda d: scores[d])
    # A design that cannot carry the load comes first, named with the turn where it was chosen.
    out = [
        _w("pitfall", lang).format(
            turn=p.turn, title=p.pitfall.title.get(lang), why=p.pitfall.why.get(lang), fix=p.pitfall.fix.get(lang)
        )
        for p in analysis.pitfalls
        if p.open
    ]
    out += [_w("improvement", lang, d) for d in weakest[:3]]
    for outcome in analysis.constraints:
        if outcome.score < ADAPTED:
            c = outcome.constraint
            out.append(
                _w("ignored_constraint", lang).format(
                    text=_short(c.text.get(lang)), adaptation=_short(c.expected_adaptation.get(lang), 240)
                )
            )
    if not out and scores:
        lowest = min(scores, key=lambda d: scores[d])
        out.append(_w("improvement", lang, lowest))
    return out


def missed_topics(analysis: Analysis, notes: NoteCatalog, lang: str, limit: int = 8) -> list[TopicLink]:
    """Expected topics never used with a reason, phase by phase, then those an added constraint needed."""
    justified = {t for s in analysis.sentences if s.substantive and (s.tied or s.reason) for t in s.topics}
    mentioned = {t for s in analysis.sentences for t in s.topics}
    # Topics shown by behaviour rather than by name.
    if len(analysis.facts) >= 3:
        justified.add("requirements-clarification")
    if any(e.correct for e in analysis.estimates):
        justified.add("back-of-envelope-estimation")
    known = set(notes.ids())
    out: list[TopicLink] = []
    seen: set[str] = set()

    def add(note_id: str, reason: str) -> None:
        if note_id in seen or note_id not in known or note_id in justified:
            return
        seen.add(note_id)
        if note_id in mentioned:
            reason += " (" + ("named without a reason" if lang == "en" else "이유 없이 언급만 함") + ")"
        out.append(TopicLink(note_id=note_id, title=notes.title(note_id, lang), reason=reason))

    for phase in (Phase.REQUIREMENTS, Phase.HIGH_LEVEL, Phase.DEEP_DIVE):
        for topic in analysis.scenario.phases[phase].expected_topics:
            add(topic, _w("missed_reason", lang, phase.value))
    for outcome in analysis.constraints:
        if outcome.score < ADAPTED:
            for topic in outcome.constraint.notes:
                add(topic, _w("missed_reason", lang, "constraint"))
    return out[:limit]


def practice_next(
    scores: dict[str, float], missed: list[TopicLink], rubric: Rubric, notes: NoteCatalog, lang: str
) -> list[TopicLink]:
    """Notes to read next: the missed topics first, then the weakest dimensions' core notes."""
    names = {d.id: d.name.get(lang) for d in rubric.dimensions}
    out: list[TopicLink] = []
    seen: set[str] = set()
    weakest = sorted(scores, key=lambda d: scores[d])[:2]
    for link in missed[:2]:
        out.append(link)
        seen.add(link.note_id)
    for dim in weakest:
        for note_id in words()["practice_notes"][dim]:
            if note_id in seen or note_id not in set(notes.ids()):
                continue
            seen.add(note_id)
            reason = _w("practice_reason", lang).format(dimension=names[dim])
            out.append(TopicLink(note_id=note_id, title=notes.title(note_id, lang), reason=reason))
            break
    return out[:5]


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
