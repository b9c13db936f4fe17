"""The realizer: turns a `Plan` into the interviewer's words.

Offline it fills Korean or English templates, never repeating a phrasing within a
session. With a model it renders a versioned prompt that holds the plan, the notes for
a probe and only the facts the plan reveals, so the model cannot leak what it never saw.
Both stream.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from interviewer.korean import attach_particles
from interviewer.llm import stream_text
from interviewer.plan import (
    AcknowledgeSolved,
    AdvancePhase,
    AnswerClarification,
    Ask,
    ChallengeEstimate,
    Close,
    DeclineToSpecify,
    ExplainConcept,
    FollowUp,
    Hint,
    Hold,
    IntroduceConstraint,
    Open,
    Plan,
    Presence,
    Probe,
    Refuse,
    Rephrase,
    TimeNudge,
    WrapUp,
)
from interviewer.prompts import load_prompt
from interviewer.quantities import plain
from knowledge.notes import NoteCatalog
from knowledge.scenarios import Scenario
from knowledge.types import Language, Phase
from knowledge.yamlio import load_yaml

TEMPLATES = Path(__file__).parent / "templates" / "offline.yaml"
RECENT_TURNS = 6
MAX_TURN_CHARS = 700
_PROBE_LINE = re.compile(r'^\s*[-*]\s*["“](.+?\?)["”]', re.M)


@cache
def _templates() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(TEMPLATES.read_text(encoding="utf-8"))
    return data


@dataclass
class TurnContext:
    """What the realizer may use for one turn. `used` collects the phrasings it picked."""

    session_id: str
    scenario: Scenario
    language: Language
    revealed_before: list[str]
    used_phrasings: list[str]
    notes: NoteCatalog
    recent: list[tuple[str, str]] = field(default_factory=list)  # (role, text), oldest first
    candidate_text: str = ""
    highlight: str = ""  # the candidate's own words on their main design point this turn
    phase: Phase = Phase.REQUIREMENTS
    used: list[str] = field(default_factory=list)


_PROBE_HEADINGS = {"What interviewers probe", "면접관이 파고드는 질문"}


def _probe_questions(notes: NoteCatalog, topic: str, language: Language) -> list[str]:
    """The questions of a note's "what interviewers probe" section, in the interview's language."""
    note = notes.get(topic, language)
    section = next((s for s in note.sections if s.heading in _PROBE_HEADINGS), None) if note else None
    return _PROBE_LINE.findall(section.body) if section else []


def probe_question(notes: NoteCatalog, topic: str, language: Language, index: int = 0) -> str | None:
    """One of the note's probing questions (by index, wrapping around), or None."""
    found = _probe_questions(notes, topic, language)
    return found[index % len(found)] if found else None


def probe_question_count(notes: NoteCatalog, topic: str, language: Language) -> int:
    return len(_probe_questions(notes, topic, language))


class OfflineRealizer:
    """Template phrasings; deterministic per session, no phrasing used twice."""

    def realize(self, plan: Plan, ctx: TurnContext) -> Iterator[str]:
        text = "\n\n".join(part for part in self._parts(plan, ctx) if part)
        if ctx.language is Language.KO:
            text = attach_particles(text)
        # Word by word, like a model stream, so the UI and CLI treat both the same way.
        yield from re.findall(r"\S+\s*", text)

    def _pick(self, ctx: TurnContext, key: str, **values: object) -> str:
        variants: list[str] = _templates()[ctx.language.value][key]
        seed = int(hashlib.sha256(f"{ctx.session_id}:{key}".encode()).hexdigest(), 16)
        order = [(seed + i) % len(variants) for i in range(len(variants))]
        used = set(ctx.used_phrasings) | set(ctx.used)
        choice = next((i for i in order if f"{key}#{i}" not in used), None)
        if choice is None:
            # Every phrasing is spent: reuse one (a repeated phrasing beats silence).
            spent = sum(1 for u in [*ctx.used_phrasings, *ctx.used] if u.startswith(f"{key}#"))
            choice = order[spent % len(order)]
        ctx.used.append(f"{key}#{choice}")
        return variants[choice].format(**values)

    def _parts(self, plan: Plan, ctx: TurnContext) -> Iterator[str]:
        lang = ctx.language
        table = _templates()[lang.value]
        s = ctx.scenario
        asks = False
        moving_on = any(isinstance(a, Probe | IntroduceConstraint) for a in plan.actions)
        solved_here = any(isinstance(a, AcknowledgeSolved) for a in plan.actions)
        quoted_before = any(ctx.highlight in text for role, text in ctx.recent if role == "interviewer")
        if ctx.highlight and moving_on and not solved_here and not quoted_before:
            # Show the candidate they were heard, in their own words (neutral, not praise).
            yield self._pick(ctx, "acknowledge", quote=ctx.highlight)
        for action in plan.actions:
            if isinstance(action, Open):
                yield self._pick(ctx, "open_intro")
                yield f"{s.goal.get(lang)}\n\n{s.workflow.get(lang)}"
                yield self._pick(ctx, "open_question")
                asks = True
            elif isinstance(action, Refuse):
                yield self._pick(ctx, "refuse")
            elif isinstance(action, AnswerClarification):
                facts = {f.id: f for f in s.facts}
                fresh = [facts[i].text.get(lang) for i in action.fact_ids if i not in ctx.revealed_before]
                again = [facts[i].text.get(lang) for i in action.fact_ids if i in ctx.revealed_before]
                if fresh:
                    yield " ".join([self._pick(ctx, "answer_intro"), *fresh]).strip()
                if again and not fresh:
                    # Repeated only when it is all that was asked: next to new facts, a fact given
                    # before is noise ("as I said, ..." after a question that only brushed its kind).
                    yield " ".join([self._pick(ctx, "answer_repeat"), *again]).strip()
            elif isinstance(action, DeclineToSpecify):
                points = {p.id: p for p in s.unspecified}
                for point_id in action.point_ids:
                    yield self._pick(
                        ctx, "unspecified_point", topic=_inline(points[point_id].topic.get(lang).rstrip("."))
                    )
                if not action.point_ids:
                    yield self._pick(ctx, "unspecified_generic")
                asks = True
            elif isinstance(action, ChallengeEstimate):
                fact = next(e for e in s.estimates if e.id == action.estimate_id)
                got = action.text or f"{plain(action.got, lang.value)} {fact.unit}"
                values = {"quantity": fact.quantity.get(lang), "got": got}
                if action.ok:
                    yield self._pick(ctx, "estimate_ok", **values)
                else:
                    higher = action.expected > action.got
                    values["direction"] = table["higher" if higher else "lower"]
                    values["direction_adj"] = table["too_low" if higher else "too_high"]
                    if action.premise:
                        yield self._pick(ctx, "estimate_challenge_premise", premise=action.premise, **values)
                    else:
                        yield self._pick(ctx, "estimate_challenge", **values)
                    asks = True
            elif isinstance(action, TimeNudge):
                yield self._pick(
                    ctx, "time_nudge", minutes=round(action.minutes), phase=table["phases"][action.phase.value]
                )
            elif isinstance(action, AdvancePhase):
                yield self._pick(ctx, f"to_{action.to.value}" + ("_given" if action.design_given else ""))
                asks = asks or action.to is not Phase.WRAP_UP
            elif isinstance(action, IntroduceConstraint):
                constraint = next(c for c in s.constraints if c.id == action.constraint_id)
                yield " ".join([self._pick(ctx, "constraint_intro"), constraint.text.get(lang)]).strip()
                asks = True
            elif isinstance(action, Probe):
                yield self._probe(action, ctx)
                asks = True
            elif isinstance(action, WrapUp):
                yield self._pick(ctx, f"wrap_{action.item}")
                asks = True
            elif isinstance(action, Close):
                yield self._pick(ctx, "close_early" if action.by_candidate else "close")
                asks = True
            elif isinstance(action, Presence):
                yield self._pick(ctx, "presence")
            elif isinstance(action, ExplainConcept):
                yield self._concept(action.topic, ctx)
            elif isinstance(action, Rephrase):
                intro = "rephrase_intro" if action.reason == "clarify" else "resume_intro"
                yield " ".join([self._pick(ctx, intro), self._rephrase(action.ask, ctx)])
                asks = True
            elif isinstance(action, Hint):
                yield self._hint(action, ctx)
                asks = True
            elif isinstance(action, FollowUp):
                yield self._pick(ctx, "follow_up", quote=action.quote)
                asks = True
            elif isinstance(action, AcknowledgeSolved):
                constraint = next(c for c in s.constraints if c.id == action.constraint_id)
                situation = _first_sentence(constraint.text.get(lang))
                key = "solved_quote" if action.quote else "solved"
                yield self._pick(ctx, key, situation=situation, quote=action.quote)
            elif isinstance(action, Hold):
                yield self._pick(ctx, "hold")
        if not asks:
            yield self._pick(ctx, "more_questions")

    def recap(self, ctx: TurnContext, phase: Phase, minute: float, last_turn: str, scenario: Scenario) -> str:
        """A one-line recap for a resumed interview, and the question it stopped on."""
        table = _templates()[ctx.language.value]
        line = self._pick(ctx, "recap", phase=table["phases"][phase.value], minutes=round(minute))
        asks = re.findall(r"[^.?!。\n]*[?？]", last_turn)
        if asks:
            line = f"{line} {self._pick(ctx, 'recap_last', question=asks[-1].strip())}"
        return attach_particles(line) if ctx.language is Language.KO else line

    def _concept(self, topic: str, ctx: TurnContext) -> str:
        """Two or three sentences from the note's opening section, with the note named."""
        lang = ctx.language
        if not topic:
            return self._pick(ctx, "concept_unknown")
        note = ctx.notes.get(topic, lang)
        title = ctx.notes.title(topic, lang)
        body = note.sections[0].body if note and note.sections else ""
        if note is not None:
            body = next((x.body for x in note.sections if x.heading in _WHAT_IT_IS), body)
        answer = _sentences(body, 3)
        if note is not None:
            # The sentence of the note that names what was asked ("fan-out on write"), after its definition.
            best = _best_sentence([x.body for x in note.sections], ctx.candidate_text)
            if best and best not in answer:
                answer = f"{_sentences(body, 1)} {best}"
        return " ".join(
            [
                self._pick(ctx, "concept_intro", title=_inline(title)),
                answer,
                self._pick(ctx, "concept_cite", title=title),
            ]
        )

    def _rephrase(self, ask: Ask, ctx: TurnContext) -> str:
        """The last question put another way, from what it was about."""
        lang = ctx.language
        s = ctx.scenario
        if ask.kind == "probe" and ask.topic:
            # The same question again, in the interview's words: never a different one.
            key = ask.question_key or ""
            if key.startswith("note:"):
                same = probe_question(ctx.notes, ask.topic, lang, index=int(key.rsplit(":", 1)[1]))
            else:
                same = next(
                    (p.question.get(lang) for plan in s.phases.values() for p in plan.probes if p.question.en == key),
                    None,
                )
            return same or self._pick(ctx, "probe_fallback", title=_inline(ctx.notes.title(ask.topic, lang)))
        if ask.kind == "constraint" and ask.constraint_id:
            constraint = next(c for c in s.constraints if c.id == ask.constraint_id)
            return self._pick(ctx, "rephrase_constraint", situation=_first_sentence(constraint.text.get(lang)))
        if ask.kind == "wrap_up" and ask.item:
            return self._pick(ctx, f"wrap_{ask.item}")
        if ask.kind == "estimate_check" and ask.estimate_id:
            fact = next(e for e in s.estimates if e.id == ask.estimate_id)
            return self._pick(ctx, "rephrase_estimate", got=ask.quote, quantity=fact.quantity.get(lang))
        if ask.kind == "follow_up" and ask.quote:
            return self._pick(ctx, "follow_up", quote=ask.quote)
        if ask.kind == "phase_change" and ask.item:
            return self._pick(ctx, f"to_{ask.item}")
        if ask.kind == "unspecified":
            return self._pick(ctx, "unspecified_generic")
        return self._pick(ctx, "open_question")

    def _hint(self, action: Hint, ctx: TurnContext) -> str:
        """The hint ladder: a nudge, then a direction from the note, then a concrete pointer."""
        lang = ctx.language
        title = _inline(ctx.notes.title(action.topic, lang))
        if action.level == 1:
            return self._pick(ctx, "hint_1", title=title)
        if action.level == 2 or action.constraint_id is None:
            note = ctx.notes.get(action.topic, lang)
            body = next((x.body for x in note.sections if x.heading in _WHEN_TO_USE), "") if note else ""
            if not body and note is not None and note.sections:
                body = note.sections[0].body
            return self._pick(ctx, "hint_2", title=title, direction=_sentences(body, 1))
        constraint = next(c for c in ctx.scenario.constraints if c.id == action.constraint_id)
        return self._pick(ctx, "hint_3", pointer=_sentences(constraint.expected_adaptation.get(lang), 1))

    def _probe(self, action: Probe, ctx: TurnContext) -> str:
        lang = ctx.language
        if action.diagram_template:
            return self._pick(ctx, action.diagram_template, node=action.diagram_node)
        title = ctx.notes.title(action.topic, lang)
        question = None
        if action.scenario_question:
            for phase_plan in ctx.scenario.phases.values():
                for probe in phase_plan.probes:
                    if (action.question_key and probe.question.en == action.question_key) or (
                        not action.question_key and probe.topic == action.topic
                    ):
                        question = probe.question.get(lang)
                        break
                if question:
                    break
        if question is None and action.question_key and action.question_key.startswith("note:"):
            question = probe_question(ctx.notes, action.topic, lang, index=int(action.question_key.rsplit(":", 1)[1]))
        if question is None:
            question = probe_question(ctx.notes, action.topic, lang, index=len(ctx.used_phrasings))
        if question is None:
            question = self._pick(ctx, "probe_fallback", title=title)
        if action.aspect == "examine":
            return self._pick(ctx, "probe_examine", title=_inline(title), question=question)
        intro = self._pick(ctx, "probe_intro", title=_inline(title))
        return f"{intro} {question}".strip()


_WHAT_IT_IS = {"What it is", "개념"}
_WHEN_TO_USE = {"When to use it", "언제 쓰나", "언제 쓰는가", "언제 사용하나"}
_SENTENCE_END = re.compile(r"(?<=[.!?다요])\s+")


def _sentences(body: str, n: int) -> str:
    """The first `n` sentences of a note section, without list markers or Markdown emphasis."""
    text = re.sub(r"\*\*|`|^\s*[-*]\s+", "", body, flags=re.M)
    text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    parts = [p for p in _SENTENCE_END.split(text) if p]
    return " ".join(parts[:n]).strip()


_WORD = re.compile(r"[\w-]{2,}")
_QUESTION_WORDS = frozenset(
    [
        "what",
        "whats",
        "is",
        "are",
        "was",
        "again",
        "the",
        "a",
        "an",
        "of",
        "on",
        "in",
        "how",
        "does",
        "do",
        "mean",
        "means",
        "exactly",
        "quick",
        "q",
        "sorry",
        "btw",
        "remind",
        "me",
        "can",
        "you",
        "explain",
        "뭐였죠",
        "뭐예요",
        "뭔가요",
        "뭐죠",
        "뭐였더라",
        "개념이",
        "설명해",
        "주실",
        "수",
        "있나요",
        "혹시",
    ]
)


def _best_sentence(bodies: list[str], question: str) -> str:
    """The note sentence sharing the most words with the question (at least two), or ""."""
    wanted = {w for w in _WORD.findall(question.lower()) if w not in _QUESTION_WORDS}
    if len(wanted) < 2:
        return ""
    best, score = "", 1
    for body in bodies:
        parts = _SENTENCE_END.split(_sentences(body, 400))
        for i, sentence in enumerate(parts):
            found = sum(1 for w in wanted if w in sentence.lower())
            if found > score and len(sentence) < 400:
                # a short heading-like hit ("Fan-out on write (push).") needs the sentence after it
                more = parts[i + 1] if len(sentence) < 80 and i + 1 < len(parts) else ""
                best, score = f"{sentence.strip()} {more}".strip(), found
    return best


def _first_sentence(text: str) -> str:
    return _sentences(text, 1)


def _inline(text: str) -> str:
    """A title used mid-sentence: "Caching" -> "caching", but "CDN" and "SQL vs NoSQL" stay."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


class ModelRealizer:
    """Words from a chat model, given only what the plan allows it to say."""

    def __init__(self, model: BaseChatModel) -> None:
        self.model = model

    def realize(self, plan: Plan, ctx: TurnContext) -> Iterator[str]:
        yield from stream_text(self.model, self.messages(plan, ctx))

    def messages(self, plan: Plan, ctx: TurnContext) -> list[SystemMessage | HumanMessage]:
        prompt = load_prompt("realize")
        system, user = prompt.render(**plan_variables(plan, ctx))
        return [SystemMessage(content=system), HumanMessage(content=user)]


def plan_variables(plan: Plan, ctx: TurnContext) -> dict[str, object]:
    """Everything the model may see for this turn: the plan's own material and recent turns."""
    lang = ctx.language
    s = ctx.scenario
    steps: list[str] = []
    for action in plan.actions:
        if isinstance(action, Open):
            steps.append(
                f"OPEN: present the problem. Goal: {s.goal.get(lang)} Workflow: {s.workflow.get(lang)} Then invite clarifying questions."
            )
        elif isinstance(action, AnswerClarification):
            facts = {f.id: f for f in s.facts}
            steps.append(
                "ANSWER exactly these facts, nothing more: "
                + " | ".join(facts[i].text.get(lang) for i in action.fact_ids)
            )
        elif isinstance(action, DeclineToSpecify):
            points = {p.id: p for p in s.unspecified}
            topics = "; ".join(points[i].topic.get(lang) for i in action.point_ids) or "the candidate's question"
            steps.append(f"DECLINE to specify ({topics}): it is the candidate's call; ask them to state an assumption.")
        elif isinstance(action, IntroduceConstraint):
            constraint = next(c for c in s.constraints if c.id == action.constraint_id)
            steps.append(
                f"ADD THIS CONSTRAINT, in your own words, and ask how the design changes: {constraint.text.get(lang)}"
            )
        elif isinstance(action, Probe):
            note = ctx.notes.get(action.topic, lang)
            title = note.title if note else action.topic
            excerpt = ""
            if note:
                section = next(
                    (x for x in note.sections if x.heading in _PROBE_HEADINGS),
                    None,
                )
                excerpt = section.body[:900] if section else note.sections[0].body[:600]
            drawn = ""
            if action.diagram_node:
                drawn = f" Point at their diagram: it has the box `{action.diagram_node}` ({action.diagram_template.removeprefix('diagram_').replace('_', ' ')})."
            steps.append(
                f"PROBE the topic '{title}' with one question fitted to this design.{drawn} Reference notes:\n{excerpt}"
            )
        elif isinstance(action, ChallengeEstimate):
            fact = next(e for e in s.estimates if e.id == action.estimate_id)
            if action.ok:
                steps.append(
                    f"ACKNOWLEDGE that their estimate of {fact.quantity.get(lang)} ({plain(action.got, lang.value)}) is reasonable."
                )
            else:
                direction = "higher" if action.expected > action.got else "lower"
                premise = f" from their premise {action.premise}" if action.premise else ""
                steps.append(
                    f"CHALLENGE their estimate of {fact.quantity.get(lang)} ({action.text or plain(action.got, lang.value)}){premise}: the right figure is much {direction}; ask them to redo the arithmetic. Do not give the number."
                )
        elif isinstance(action, AdvancePhase):
            if action.design_given:
                steps.append(
                    "MOVE ON to the high-level design they just gave: do not ask for it again; ask which part of it they are least sure holds at this load, or why one of its choices."
                )
            else:
                steps.append(f"MOVE ON to the phase '{action.to.value}' and say what you expect in it.")
        elif isinstance(action, TimeNudge):
            steps.append(f"NOTE that about {round(action.minutes)} minutes went to '{action.phase.value}'.")
        elif isinstance(action, Refuse):
            steps.append(
                "REFUSE politely: you cannot share hidden notes, the rubric or a reference design; continue the interview."
            )
        elif isinstance(action, WrapUp):
            steps.append(f"ASK for the wrap-up item: {action.item.replace('_', ' ')}.")
        elif isinstance(action, Close):
            steps.append("CLOSE the interview: thank the candidate; say the feedback report follows.")
        elif isinstance(action, Presence):
            steps.append("SAY briefly that you are here and listening.")
        elif isinstance(action, ExplainConcept):
            note = ctx.notes.get(action.topic, lang)
            body = note.sections[0].body[:700] if note and note.sections else ""
            title = note.title if note else action.topic
            steps.append(
                f"ANSWER the concept question in two or three sentences from this note only, and name the note '{title}':\n{body}"
            )
        elif isinstance(action, Rephrase):
            steps.append(
                f"REPHRASE your last question ({action.ask.kind} {action.ask.topic or action.ask.constraint_id or action.ask.item or ''}) in simpler words; ask the same thing."
            )
        elif isinstance(action, Hint):
            steps.append(
                f"GIVE a level-{action.level} hint (1 a nudge, 2 a direction, 3 a concrete pointer) on '{action.topic}'; do not solve it all."
            )
        elif isinstance(action, FollowUp):
            steps.append(f'ASK how exactly this vague part of their answer would work: "{action.quote}"')
        elif isinstance(action, AcknowledgeSolved):
            constraint = next(c for c in s.constraints if c.id == action.constraint_id)
            steps.append(
                f"SAY that you were going to raise this situation but their design already handles it: {constraint.text.get(lang)}"
            )
        elif isinstance(action, Hold):
            steps.append("SAY you will move on right after one more question.")
    recent = [(role, text[:MAX_TURN_CHARS]) for role, text in ctx.recent[-RECENT_TURNS:]]
    return {
        "language_name": "Korean" if lang is Language.KO else "English",
        "title": s.title.get(lang),
        "phase": plan.phase.value,
        "steps": steps,
        "recent": recent,
        "candidate": ctx.candidate_text[:4000],
    }
