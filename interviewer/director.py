"""The director: a pure, deterministic choice of the interviewer's next move.

It reads the session state and an observation of the candidate's turn and returns a
typed `Plan`. No I/O, no model, no clock of its own: the minute is passed in.
"""

from __future__ import annotations

from collections.abc import Mapping

from interviewer.cues import DEPTH_RANK
from interviewer.diagram import findings
from interviewer.estimates import RESTATED, judge
from interviewer.observation import Observation
from interviewer.plan import (
    AcknowledgeSolved,
    Action,
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
from interviewer.record import CandidateRecord, ConstraintRecord, HintRecord, QuestionRecord, RecordedEstimate, absorb
from interviewer.state import SessionState
from knowledge.scenarios import Constraint, EstimationFact, Scenario
from knowledge.types import PHASE_BUDGET_MINUTES, PHASE_ORDER, Phase

WRAP_ITEMS = ("summary", "improvements", "failure_points")
# Candidate turns between two constraints, so each one gets an answer before the next.
CONSTRAINT_SPACING = 2
INTERVIEW_MINUTES = 45
WRAP_UP_FROM = 40  # the deep dive gives way to the wrap-up here, unless it ran out earlier
# Each constraint takes about two turns (raise, answer): the last should be in by this minute.
MINUTES_PER_CONSTRAINT = 4
CONSTRAINTS_BY = 38
FAR_OFF = 50.0  # an estimate this far off measures another quantity, not a slip in arithmetic


def _next_phase(phase: Phase) -> Phase:
    return PHASE_ORDER[min(PHASE_ORDER.index(phase) + 1, len(PHASE_ORDER) - 1)]


def _advance(to: Phase) -> list[Action]:
    """Moving into wrap-up asks for the summary straight away."""
    return [AdvancePhase(to=to), WrapUp(item="summary")] if to is Phase.WRAP_UP else [AdvancePhase(to=to)]


def opening_plan() -> Plan:
    return Plan(phase=Phase.REQUIREMENTS, actions=[Open()])


def decide(
    state: SessionState,
    obs: Observation,
    scenario: Scenario,
    now: float,
    probe_counts: Mapping[str, int] | None = None,
) -> Plan:
    """The plan for the interviewer's reply to one candidate turn at minute `now`.

    `probe_counts` says how many "what interviewers probe" questions each note has, for deeper
    probes once the scenario's own are used up."""
    actions: list[Action] = []
    phase = state.phase
    in_phase = state.minutes_in_phase(now)
    record = state.record
    meta = set(obs.meta)

    if obs.extraction_attempt:
        actions.append(Refuse())
    elif obs.fact_ids:
        actions.append(AnswerClarification(fact_ids=obs.fact_ids))
    if "end" in meta:
        return Plan(phase=phase, actions=[*actions, Close(by_candidate=True)])
    if "are_you_there" in meta:
        actions.append(Presence())
    if obs.concept is not None and not obs.extraction_attempt:
        actions.append(ExplainConcept(topic=obs.concept))
    if "clarify" in meta:
        return Plan(phase=phase, actions=[*actions, Rephrase(ask=state.last_ask or Ask(kind="open"))])
    if "hint" in meta:
        return Plan(phase=phase, actions=[*actions, _hint(state, scenario, obs)])

    talking = bool(obs.topics or obs.estimates or obs.premises)
    if obs.point_ids or (obs.unmatched_questions and not meta and not obs.fact_ids and obs.concept is None):
        actions.append(DeclineToSpecify(point_ids=obs.point_ids))
    declined = any(isinstance(a, DeclineToSpecify) for a in actions)
    # An open point already asks for something; the estimate waits for the next turn.
    challenge = None if declined else _estimate_check(state, obs, scenario)
    if challenge is not None:
        actions.append(challenge)
    blocking = declined or (challenge is not None and not challenge.ok)
    if not blocking and not talking and state.last_ask is not None and meta & {"are_you_there", "concept"}:
        # "Hello?" or "what's a trie again?" alone: answer it, then put the open question back.
        return Plan(phase=phase, actions=[*actions, Rephrase(ask=state.last_ask, reason="resume")])

    heard = absorb(state.record, obs, state.candidate_turns + 1)  # the record with this turn in it
    if phase is Phase.WRAP_UP:
        if not blocking and now < INTERVIEW_MINUTES:
            # The wrap-up's own constraint (a failure, an audit) comes before the summary items.
            earlier = _not_wrap_up(scenario)
            solved_now, constraint = _next_constraint(state, heard, obs, scenario, phase, now, True, earlier)
            if constraint is not None or solved_now:
                extra: list[Action] = (
                    [IntroduceConstraint(constraint_id=constraint.id)] if constraint is not None else []
                )
                if not extra:
                    extra = _wrap_up(state, obs, in_phase, now, blocking)
                return Plan(phase=phase, actions=[*actions, *solved_now, *extra])
        closing = _wrap_up(state, obs, in_phase, now, blocking)
        if closing and isinstance(closing[0], Close) and now < WRAP_UP_FROM and not blocking:
            # The wrap-up is done before its time: use the time on what the design has not examined.
            more = _deeper_probe(state, obs, scenario, phase, probe_counts or {}, late=True)
            closing = [more] if more is not None else closing
        if closing and blocking:  # out of time: close rather than ask two things
            actions = [a for a in actions if isinstance(a, AnswerClarification | Refuse | Presence | ExplainConcept)]
        return Plan(phase=phase, actions=[*actions, *closing])

    advance = _phase_advance(state, obs, scenario, in_phase, now)
    high = PHASE_BUDGET_MINUTES[phase][1]
    if advance is not None and blocking and in_phase < high:
        advance = None  # let the candidate answer first
    if advance is not None:
        if blocking:  # out of time: the open question is dropped in favour of moving on
            actions = [a for a in actions if isinstance(a, AnswerClarification | Refuse | Presence | ExplainConcept)]
        if in_phase >= high and phase not in state.nudged:
            actions.append(TimeNudge(phase=phase, minutes=round(in_phase, 1)))
        if advance is Phase.WRAP_UP and now < INTERVIEW_MINUTES:
            # The wrap-up opens with its own constraint when one is waiting, then the summary.
            there = state.model_copy(update={"phase": advance})
            earlier = _not_wrap_up(scenario)
            solved_now, constraint = _next_constraint(there, heard, obs, scenario, advance, now, True, earlier)
            if constraint is not None:
                opening: list[Action] = [
                    AdvancePhase(to=advance),
                    *solved_now,
                    IntroduceConstraint(constraint_id=constraint.id),
                ]
                return Plan(phase=advance, actions=[*actions, *opening])
        moved = _advance(advance)
        if advance is Phase.HIGH_LEVEL and obs.design:
            moved = [AdvancePhase(to=advance, design_given=True)]
        return Plan(phase=advance, actions=[*actions, *moved])

    if blocking:
        return Plan(phase=phase, actions=actions)
    if "move_on" in meta:
        actions.append(Hold())  # asked to move on before the phase's core: say why, ask the one thing left
    elif phase is Phase.REQUIREMENTS and (obs.fact_ids or obs.questions) and not obs.extraction_attempt:
        return Plan(phase=phase, actions=actions)  # the candidate is driving the clarification: let them

    if obs.vague and "move_on" not in meta and not any(state.candidate_turns - t < 3 for t in record.vague_followed):
        return Plan(phase=phase, actions=[*actions, FollowUp(quote=obs.vague)])

    # A fast interview brings constraints forward so every one fits before the wrap-up ends.
    pressed = phase is not Phase.REQUIREMENTS and _pressed(state, heard, scenario, now)
    solved_now, constraint = _next_constraint(state, heard, obs, scenario, phase, now, early=pressed)
    actions += solved_now
    if constraint is not None:
        actions.append(IntroduceConstraint(constraint_id=constraint.id))
        return Plan(phase=phase, actions=actions)

    probe = _diagram_probe(state, heard, obs) if phase is not Phase.REQUIREMENTS else None
    probe = probe or _probe(state, obs, scenario, phase)
    if probe is None and phase is not Phase.REQUIREMENTS:
        # Nothing left to ask in this phase: a fast candidate gets the next constraint early.
        passed = [a.constraint_id for a in solved_now if isinstance(a, AcknowledgeSolved)]
        solved_more, early = _next_constraint(state, heard, obs, scenario, phase, now, early=True, passed=passed)
        actions += solved_more
        if early is not None:
            actions.append(IntroduceConstraint(constraint_id=early.id))
            return Plan(phase=phase, actions=actions)
    if probe is None and phase is not Phase.REQUIREMENTS:
        probe = _deeper_probe(
            state,
            obs,
            scenario,
            phase,
            probe_counts or {},
            late=_next_phase(phase) is Phase.WRAP_UP and now < WRAP_UP_FROM,
        )
    if probe is not None:
        actions.append(probe)
        return Plan(phase=phase, actions=actions)
    to = _next_phase(phase)
    return Plan(phase=to, actions=[a for a in actions if not isinstance(a, Hold)] + _advance(to))


def _diagram_probe(state: SessionState, record: CandidateRecord, obs: Observation) -> Probe | None:
    """A question on what the diagram shows (one box where a failure hurts), once per finding,
    when the words have not already covered that topic with reasons."""
    if record.diagram is None:
        return None
    for finding in findings(record.diagram):
        key = f"diagram:{finding.key}"
        if key in state.used_probe_questions or record.covered(finding.topic):
            continue
        if DEPTH_RANK.get(obs.depth.get(finding.topic, ""), 0) >= DEPTH_RANK["reasoned"]:
            continue
        return Probe(
            topic=finding.topic,
            note_ids=[finding.topic],
            question_key=key,
            diagram_template=finding.template,
            diagram_node=finding.node,
        )
    return None


def _hint(state: SessionState, scenario: Scenario, obs: Observation) -> Hint:
    """The next rung of the hint ladder on what the request names ("stuck on the hot key thing"),
    else on what was last asked, else on the phase's first open topic."""
    ask = state.last_ask
    topic, constraint_id = None, None
    raised = [c.constraint_id for c in state.record.constraints if c.status != "solved_before"]
    named = [cid for cid in reversed(raised) if obs.constraint_hits.get(cid)]
    if named:
        constraint_id = named[0]
        topic = next((c.notes[0] for c in scenario.constraints if c.id == constraint_id), None)
    elif obs.topics:
        topic = obs.topics[0]
    elif ask is not None and ask.constraint_id:
        constraint_id = ask.constraint_id
        topic = next((c.notes[0] for c in scenario.constraints if c.id == ask.constraint_id), None)
    elif ask is not None and ask.topic:
        topic = ask.topic
    if topic is None:
        expected = scenario.phases[state.phase].expected_topics
        topic = next((t for t in expected if not state.record.covered(t)), expected[0])
    key = constraint_id or topic
    level = min(3, max((h.level for h in state.record.hints if h.topic == key), default=0) + 1)
    return Hint(topic=topic, level=level, constraint_id=constraint_id)


def _estimate_check(state: SessionState, obs: Observation, scenario: Scenario) -> ChallengeEstimate | None:
    """The first estimate of this turn worth a word: a wrong one is challenged against the
    candidate's own premise; a restated figure is never checked again."""
    by_id = {e.id: e for e in scenario.estimates}
    record = state.record
    for mention in obs.estimates:
        fact = by_id.get(mention.estimate_id)
        if fact is None or record.restated(fact.id, mention.value, RESTATED):
            continue
        verdict = judge(mention, fact, list(record.premises), record.facts_revealed or state.revealed_facts, scenario)
        if verdict.basis == "assumption":
            continue
        if not verdict.ok and _maybe_other_quantity(mention.value, fact, scenario):
            continue  # the figure fits another quantity, or is off by orders of magnitude: not sure what it measures
        return ChallengeEstimate(
            estimate_id=fact.id,
            got=mention.value,
            expected=fact.value,
            ok=verdict.ok,
            text=mention.text,
            premise=verdict.premise if not verdict.ok else "",
        )
    return None


def _maybe_other_quantity(value: float, fact: EstimationFact, scenario: Scenario) -> bool:
    """A "wrong" figure that another estimate of the same unit accepts, or one off by more than
    `FAR_OFF`, probably measures something else (a peak, a per-unit figure): never challenged."""
    if value > fact.value * FAR_OFF or value < fact.value / FAR_OFF:
        return True
    return any(e.id != fact.id and e.unit == fact.unit and e.accepts(value) for e in scenario.estimates)


def _not_wrap_up(scenario: Scenario) -> list[str]:
    """The wrap-up raises only its own constraints: one left over from the design is not news any more."""
    return [c.id for c in scenario.constraints if c.trigger.phase is not Phase.WRAP_UP]


def _pending(state: SessionState, record: CandidateRecord, scenario: Scenario, phases: set[Phase] | None = None) -> int:
    """Constraints not yet raised, acknowledged or passed over (of `phases`, when given)."""
    done = set(state.constraints) | set(state.skipped_constraints) | {c.constraint_id for c in record.constraints}
    return sum(1 for c in scenario.constraints if c.id not in done and (phases is None or c.trigger.phase in phases))


def _pressed(state: SessionState, record: CandidateRecord, scenario: Scenario, now: float) -> bool:
    """The constraints still to come need the rest of the time: raise the next one now."""
    return now + MINUTES_PER_CONSTRAINT * _pending(state, record, scenario) >= CONSTRAINTS_BY


def _phase_advance(
    state: SessionState, obs: Observation, scenario: Scenario, in_phase: float, now: float
) -> Phase | None:
    """Move on by content and by time; never back."""
    phase = state.phase
    low, high = PHASE_BUDGET_MINUTES[phase]
    if in_phase >= high:
        return _next_phase(phase)
    if phase is Phase.DEEP_DIVE and now >= WRAP_UP_FROM:
        return Phase.WRAP_UP
    if phase is Phase.DEEP_DIVE and in_phase >= low * 0.6:
        # The deep dive's constraints are done and the wrap-up's own need their time: go there now.
        wrap = _pending(state, state.record, scenario, {Phase.WRAP_UP})
        rest = _pending(state, state.record, scenario, {p for p in PHASE_ORDER if p is not Phase.WRAP_UP})
        if wrap and not rest and now + MINUTES_PER_CONSTRAINT * wrap >= CONSTRAINTS_BY:
            return Phase.WRAP_UP
    if obs.wants_next_phase and (in_phase >= low * 0.6 or _core_covered(state, obs, scenario)):
        if phase is Phase.DEEP_DIVE and now < WRAP_UP_FROM - 10:
            return None  # "can we move on?" in the deep dive is not a request to end
        return _next_phase(phase)
    if phase is Phase.REQUIREMENTS:
        # A candidate who lays out a design is done clarifying.
        if obs.design and (in_phase >= 2 or state.questions_asked >= 2):
            return Phase.HIGH_LEVEL
        high_level = set(scenario.phases[Phase.HIGH_LEVEL].expected_topics)
        if in_phase >= low and state.questions_asked >= 3 and len(high_level & set(obs.topics)) >= 2:
            return Phase.HIGH_LEVEL
    if phase is Phase.HIGH_LEVEL and in_phase >= low * 0.6 and _core_covered(state, obs, scenario, share=0.8):
        return Phase.DEEP_DIVE
    return None


def _core_covered(state: SessionState, obs: Observation, scenario: Scenario, share: float = 0.5) -> bool:
    """The phase's expected topics are mostly covered with reasons (this turn included)."""
    expected = scenario.phases[state.phase].expected_topics
    if state.phase is Phase.REQUIREMENTS:
        return state.questions_asked + len(obs.questions) >= 3
    done = [t for t in expected if state.record.covered(t) or obs.depth.get(t) in {"reasoned", "examined"}]
    return len(done) >= share * len(expected)


def solved(record: CandidateRecord, constraint: Constraint) -> bool:
    """The candidate's design already handles this constraint: a turn named its problem and used
    its fix's words, and one of its topics is covered with reasons."""
    return constraint.id in record.solved_early and any(record.covered(t) for t in constraint.notes)


def _next_constraint(
    state: SessionState,
    record: CandidateRecord,
    obs: Observation,
    scenario: Scenario,
    phase: Phase,
    now: float,
    early: bool = False,
    passed: list[str] | None = None,
) -> tuple[list[Action], Constraint | None]:
    """The due constraint, passing over (and acknowledging) the ones the design already solved.
    `record` already holds this turn; `passed` are constraints acknowledged earlier in this plan."""
    acknowledged: list[Action] = []
    skip = [*state.skipped_constraints, *(passed or [])]
    for _ in range(len(scenario.constraints)):
        probe_state = state.model_copy(update={"skipped_constraints": skip, "record": record})
        constraint = due_constraint(probe_state, scenario, phase, now, early=early)
        if constraint is None:
            return acknowledged, None
        if not solved(record, constraint) or acknowledged:
            return acknowledged, constraint
        acknowledged.append(
            AcknowledgeSolved(constraint_id=constraint.id, quote=record.solved_early[constraint.id].quote)
        )
        skip.append(constraint.id)
    return acknowledged, None


def due_constraint(
    state: SessionState, scenario: Scenario, phase: Phase, now: float, early: bool = False
) -> Constraint | None:
    """The next constraint in schedule order whose trigger has fired, if spacing allows.

    A constraint whose topic the candidate never touched is passed over once its phase is
    over, so it neither fires early nor blocks the ones after it. `early` lets a constraint of
    this phase come before its minute (a fast candidate has nothing else left to answer).
    """
    if state.candidate_turns + 1 - state.last_constraint_turn < CONSTRAINT_SPACING:  # +1: this turn
        return None
    covered = set(state.covered_topics) | set(state.record.topics)
    rank = PHASE_ORDER.index(phase)
    for constraint in scenario.constraints:
        if constraint.id in state.constraints or constraint.id in state.skipped_constraints:
            continue
        if any(c.constraint_id == constraint.id for c in state.record.constraints):
            continue
        trigger = constraint.trigger
        if PHASE_ORDER.index(trigger.phase) > rank:
            return None
        if now < trigger.min_minutes and not early:
            return None
        waiting = not early and PHASE_ORDER.index(trigger.phase) == rank
        if trigger.after_any and not covered & set(trigger.after_any) and waiting:
            return None  # once its phase has passed, the design is far enough along for it anyway
        return constraint
    return None


def _probe(state: SessionState, obs: Observation, scenario: Scenario, phase: Phase) -> Probe | None:
    """The first expected topic of this phase the candidate has not covered with reasons nor been
    asked about; then the scenario's remaining probe questions on topics not yet reasoned."""
    plan = scenario.phases[phase]
    record = state.record

    def depth(topic: str) -> int:
        here = DEPTH_RANK.get(obs.depth.get(topic, ""), 0)
        return max(record.depth(topic), here)

    for topic in plan.expected_topics:
        if depth(topic) < 2 and topic not in state.probed_topics:
            unused = [p for p in plan.probes if p.topic == topic and p.question.en not in state.used_probe_questions]
            key = unused[0].question.en if unused else None
            return Probe(topic=topic, note_ids=[topic], scenario_question=key is not None, question_key=key)
    for probe in plan.probes:
        if probe.question.en not in state.used_probe_questions and depth(probe.topic) < 2:
            return Probe(
                topic=probe.topic, note_ids=[probe.topic], scenario_question=True, question_key=probe.question.en
            )
    return None


def _deeper_probe(
    state: SessionState,
    obs: Observation,
    scenario: Scenario,
    phase: Phase,
    probe_counts: Mapping[str, int],
    late: bool,
) -> Probe | None:
    """When the phase's own questions are spent: one level deeper on a topic reasoned but not
    examined (its failure, cost or alternative), once per topic; before wrap-up time, the wrap-up
    topics and then any note question the scenario's topics have left."""
    record = state.record

    def depth(topic: str) -> int:
        return max(record.depth(topic), DEPTH_RANK.get(obs.depth.get(topic, ""), 0))

    examined = {t.removeprefix("examine:") for t in state.used_probe_questions if t.startswith("examine:")}
    if not late:
        return None
    candidates = [*scenario.phases[Phase.WRAP_UP].expected_topics, *sorted(scenario.note_ids())]
    for topic in candidates:
        if depth(topic) < 2 and topic not in state.probed_topics:
            key = _note_key(state, topic, probe_counts)
            if key is not None:
                return Probe(topic=topic, note_ids=[topic], question_key=key)
    for topic in candidates:
        if depth(topic) < 3:
            key = _note_key(state, topic, probe_counts)
            if key is not None and topic not in examined:
                return Probe(
                    topic=topic, note_ids=[topic], aspect="examine" if depth(topic) == 2 else "cover", question_key=key
                )
    return None


def _note_key(state: SessionState, topic: str, probe_counts: Mapping[str, int]) -> str | None:
    for i in range(probe_counts.get(topic, 0)):
        key = f"note:{topic}:{i}"
        if key not in state.used_probe_questions:
            return key
    return None


def _wrap_up(state: SessionState, obs: Observation, in_phase: float, now: float, blocking: bool) -> list[Action]:
    given = set(state.wrap_given) | set(obs.wrap_items)
    asked = set(state.wrap_asked)
    high = PHASE_BUDGET_MINUTES[Phase.WRAP_UP][1]
    remaining = [item for item in WRAP_ITEMS if item not in given and item not in asked]
    if blocking and in_phase < high:
        return []
    if not remaining or (in_phase >= high and now >= WRAP_UP_FROM) or now >= INTERVIEW_MINUTES:
        return [Close()]
    return [WrapUp(item=remaining[0])]


def apply(state: SessionState, obs: Observation, plan: Plan, scenario: Scenario, now: float) -> SessionState:
    """The state after the candidate's turn and the interviewer's reply (a new object)."""
    new = state.model_copy(deep=True)
    new.candidate_turns += 1
    turn = new.candidate_turns
    new.last_minute = now
    new.questions_asked += len(obs.questions)
    if not obs.extraction_attempt:
        new.revealed_facts += [f for f in obs.fact_ids if f not in new.revealed_facts]
        new.answered_points += [p for p in obs.point_ids if p not in new.answered_points]
    new.assumptions += int(obs.assumption)
    new.covered_topics += [t for t in obs.topics if t not in new.covered_topics]
    for mention in obs.estimates:
        new.estimates[mention.estimate_id] = mention.value
    new.wrap_given += [w for w in obs.wrap_items if w not in new.wrap_given]
    new.record = _record_turn(new.record, obs, plan, turn, new.revealed_facts)
    for action in plan.actions:
        _record(new, action, scenario)
    asks = plan.asking()
    if asks:
        new.last_ask = _ask_of(asks[-1], state.last_ask)
    return new


def _record_turn(
    record: CandidateRecord, obs: Observation, plan: Plan, turn: int, revealed: list[str]
) -> CandidateRecord:
    """The candidate record after this turn: what was said, and what the interviewer did with it."""
    new = absorb(record, obs, turn)
    new.facts_revealed = list(revealed)
    challenged = {a.estimate_id: a for a in plan.actions if isinstance(a, ChallengeEstimate)}
    for m in obs.estimates:
        check = challenged.get(m.estimate_id)
        verdict = "unchecked" if check is None else ("ok" if check.ok else "challenged")
        new.estimates.append(
            RecordedEstimate(
                estimate_id=m.estimate_id, value=m.value, text=m.text, premise=m.premise, turn=turn, verdict=verdict
            )
        )
    answered = {f for a in plan.actions if isinstance(a, AnswerClarification) for f in a.fact_ids}
    for q in obs.questions:
        new.questions.append(QuestionRecord(turn=turn, text=q, kind="other"))
    if obs.fact_ids:
        new.questions.append(
            QuestionRecord(turn=turn, text="", kind="fact", ids=obs.fact_ids, answered=set(obs.fact_ids) <= answered)
        )
    if obs.point_ids:
        new.questions.append(QuestionRecord(turn=turn, text="", kind="open", ids=obs.point_ids))
    if obs.concept:
        new.questions.append(QuestionRecord(turn=turn, text="", kind="concept", ids=[obs.concept]))
    for action in plan.actions:
        if isinstance(action, IntroduceConstraint):
            new.constraints.append(ConstraintRecord(constraint_id=action.constraint_id, turn=turn))
        elif isinstance(action, AcknowledgeSolved):
            new.constraints.append(
                ConstraintRecord(constraint_id=action.constraint_id, turn=turn, status="solved_before")
            )
        elif isinstance(action, Hint):
            new.hints.append(HintRecord(topic=action.constraint_id or action.topic, level=action.level, turn=turn))
        elif isinstance(action, FollowUp):
            new.vague_followed.append(turn)
    return new


def _ask_of(action: Action, previous: Ask | None) -> Ask:
    """What an asking action asked, kept so "what do you mean?" can be answered."""
    if isinstance(action, Rephrase | Hint):
        return previous or Ask(kind=action.kind.value)
    if isinstance(action, Probe):
        return Ask(kind="probe", topic=action.topic, question_key=action.question_key)
    if isinstance(action, IntroduceConstraint):
        return Ask(kind="constraint", constraint_id=action.constraint_id)
    if isinstance(action, WrapUp):
        return Ask(kind="wrap_up", item=action.item)
    if isinstance(action, ChallengeEstimate):
        return Ask(kind="estimate_check", estimate_id=action.estimate_id, quote=action.text)
    if isinstance(action, FollowUp):
        return Ask(kind="follow_up", quote=action.quote)
    if isinstance(action, AdvancePhase):
        return Ask(kind="phase_change", item=action.to.value + ("_given" if action.design_given else ""))
    return Ask(kind=action.kind.value)


def _record(state: SessionState, action: Action, scenario: Scenario) -> None:
    if isinstance(action, IntroduceConstraint):
        state.constraints.append(action.constraint_id)
        state.last_constraint_turn = state.candidate_turns
    elif isinstance(action, Probe):
        state.probed_topics.append(action.topic)
        if action.aspect == "examine":
            state.used_probe_questions.append(f"examine:{action.topic}")
        if action.question_key is not None:
            if action.question_key not in state.used_probe_questions:
                state.used_probe_questions.append(action.question_key)
            return
        for probe in scenario.phases[state.phase].probes:
            if probe.topic == action.topic and probe.question.en not in state.used_probe_questions:
                state.used_probe_questions.append(probe.question.en)
                break
    elif isinstance(action, AdvancePhase):
        state.phase = action.to
        state.phase_started_minute = state.last_minute
    elif isinstance(action, TimeNudge):
        state.nudged.append(action.phase)
    elif isinstance(action, WrapUp):
        state.wrap_asked.append(action.item)
    elif isinstance(action, Refuse):
        state.refusals += 1
    elif isinstance(action, Close):
        state.finished = True
