"""The director: a pure, deterministic choice of the interviewer's next move.

It reads the session state and an observation of the candidate's turn and returns a
typed `Plan`. No I/O, no model, no clock of its own: the minute is passed in.
"""

from __future__ import annotations

from interviewer.observation import Observation
from interviewer.plan import (
    Action,
    AdvancePhase,
    AnswerClarification,
    ChallengeEstimate,
    Close,
    DeclineToSpecify,
    IntroduceConstraint,
    Open,
    Plan,
    Probe,
    Refuse,
    TimeNudge,
    WrapUp,
)
from interviewer.state import SessionState
from knowledge.scenarios import Constraint, Scenario
from knowledge.types import PHASE_BUDGET_MINUTES, PHASE_ORDER, Phase

WRAP_ITEMS = ("summary", "improvements", "failure_points")
# Candidate turns between two constraints, so each one gets an answer before the next.
CONSTRAINT_SPACING = 2


def _next_phase(phase: Phase) -> Phase:
    return PHASE_ORDER[min(PHASE_ORDER.index(phase) + 1, len(PHASE_ORDER) - 1)]


def _advance(to: Phase) -> list[Action]:
    """Moving into wrap-up asks for the summary straight away."""
    return [AdvancePhase(to=to), WrapUp(item="summary")] if to is Phase.WRAP_UP else [AdvancePhase(to=to)]


def opening_plan() -> Plan:
    return Plan(phase=Phase.REQUIREMENTS, actions=[Open()])


def decide(state: SessionState, obs: Observation, scenario: Scenario, now: float) -> Plan:
    """The plan for the interviewer's reply to one candidate turn at minute `now`."""
    actions: list[Action] = []
    phase = state.phase
    in_phase = state.minutes_in_phase(now)

    if obs.extraction_attempt:
        actions.append(Refuse())
    else:
        if obs.fact_ids:
            actions.append(AnswerClarification(fact_ids=obs.fact_ids))
        if obs.point_ids or obs.unmatched_questions:
            actions.append(DeclineToSpecify(point_ids=obs.point_ids))

    declined = any(isinstance(a, DeclineToSpecify) for a in actions)
    # An open point already asks for something; the estimate waits for the next turn.
    challenge = None if declined else _estimate_check(state, obs, scenario)
    if challenge is not None:
        actions.append(challenge)
    blocking = declined or (challenge is not None and not challenge.ok)
    if phase is Phase.WRAP_UP:
        closing = _wrap_up(state, obs, in_phase, blocking)
        if closing and blocking:  # out of time: close rather than ask two things
            actions = [a for a in actions if isinstance(a, AnswerClarification | Refuse)]
        return Plan(phase=phase, actions=[*actions, *closing])

    advance = _phase_advance(state, obs, scenario, in_phase)
    high = PHASE_BUDGET_MINUTES[phase][1]
    if advance is not None and blocking and in_phase < high:
        advance = None  # let the candidate answer first
    if advance is not None:
        if blocking:  # out of time: the open question is dropped in favour of moving on
            actions = [a for a in actions if isinstance(a, AnswerClarification | Refuse)]
        if in_phase >= high and phase not in state.nudged:
            actions.append(TimeNudge(phase=phase, minutes=round(in_phase, 1)))
        return Plan(phase=advance, actions=[*actions, *_advance(advance)])

    if blocking:
        return Plan(phase=phase, actions=actions)
    if phase is Phase.REQUIREMENTS and (obs.fact_ids or obs.questions) and not obs.extraction_attempt:
        return Plan(phase=phase, actions=actions)  # the candidate is driving the clarification: let them

    constraint = due_constraint(state, scenario, phase, now)
    if constraint is not None:
        actions.append(IntroduceConstraint(constraint_id=constraint.id))
        return Plan(phase=phase, actions=actions)

    probe = _probe(state, obs, scenario, phase)
    if probe is not None:
        actions.append(probe)
    else:
        return Plan(phase=_next_phase(phase), actions=[*actions, *_advance(_next_phase(phase))])
    return Plan(phase=phase, actions=actions)


def _estimate_check(state: SessionState, obs: Observation, scenario: Scenario) -> ChallengeEstimate | None:
    by_id = {e.id: e for e in scenario.estimates}
    for mention in obs.estimates:
        fact = by_id.get(mention.estimate_id)
        if fact is None or state.checked_estimates.get(fact.id) == mention.value:
            continue
        return ChallengeEstimate(
            estimate_id=fact.id, got=mention.value, expected=fact.value, ok=fact.accepts(mention.value)
        )
    return None


def _phase_advance(state: SessionState, obs: Observation, scenario: Scenario, in_phase: float) -> Phase | None:
    """Move on when the candidate asks to and has spent the phase's minimum, or when time runs out."""
    phase = state.phase
    low, high = PHASE_BUDGET_MINUTES[phase]
    if in_phase >= high:
        return _next_phase(phase)
    if obs.wants_next_phase and in_phase >= low * 0.6:
        return _next_phase(phase)
    if phase is Phase.REQUIREMENTS and in_phase >= low and state.questions_asked >= 3:
        # A candidate who starts drawing components is done clarifying.
        high_level = set(scenario.phases[Phase.HIGH_LEVEL].expected_topics)
        if len(high_level & set(obs.topics)) >= 2:
            return Phase.HIGH_LEVEL
    return None


def due_constraint(state: SessionState, scenario: Scenario, phase: Phase, now: float) -> Constraint | None:
    """The next constraint in schedule order whose trigger has fired, if spacing allows.

    A constraint whose topic the candidate never touched is passed over once its phase is
    over, so it neither fires early nor blocks the ones after it.
    """
    if state.candidate_turns - state.last_constraint_turn < CONSTRAINT_SPACING:
        return None
    covered = set(state.covered_topics)
    rank = PHASE_ORDER.index(phase)
    for constraint in scenario.constraints:
        if constraint.id in state.constraints or constraint.id in state.skipped_constraints:
            continue
        trigger = constraint.trigger
        if PHASE_ORDER.index(trigger.phase) > rank or now < trigger.min_minutes:
            return None
        if trigger.after_any and not covered & set(trigger.after_any):
            if PHASE_ORDER.index(trigger.phase) < rank:
                continue  # its phase has passed: skipped by `skippable_constraints`
            return None
        return constraint
    return None


def skippable_constraints(state: SessionState, scenario: Scenario) -> list[str]:
    """Constraints whose phase passed without their trigger topic: never introduced."""
    covered = set(state.covered_topics)
    rank = PHASE_ORDER.index(state.phase)
    return [
        c.id
        for c in scenario.constraints
        if c.id not in state.constraints
        and c.id not in state.skipped_constraints
        and PHASE_ORDER.index(c.trigger.phase) < rank
        and c.trigger.after_any
        and not covered & set(c.trigger.after_any)
    ]


def _probe(state: SessionState, obs: Observation, scenario: Scenario, phase: Phase) -> Probe | None:
    """The first expected topic of this phase the candidate has not covered or been asked about;
    then the scenario's remaining probe questions for depth."""
    plan = scenario.phases[phase]
    covered = set(state.covered_topics) | set(obs.topics)
    for topic in plan.expected_topics:
        if topic not in covered and topic not in state.probed_topics:
            unused = [p for p in plan.probes if p.topic == topic and p.question.en not in state.used_probe_questions]
            key = unused[0].question.en if unused else None
            return Probe(topic=topic, note_ids=[topic], scenario_question=key is not None, question_key=key)
    for probe in plan.probes:
        if probe.question.en not in state.used_probe_questions:
            return Probe(
                topic=probe.topic, note_ids=[probe.topic], scenario_question=True, question_key=probe.question.en
            )
    return None


def _wrap_up(state: SessionState, obs: Observation, in_phase: float, blocking: bool) -> list[Action]:
    given = set(state.wrap_given) | set(obs.wrap_items)
    asked = set(state.wrap_asked)
    high = PHASE_BUDGET_MINUTES[Phase.WRAP_UP][1]
    remaining = [item for item in WRAP_ITEMS if item not in given and item not in asked]
    if blocking and in_phase < high:
        return []
    if not remaining or in_phase >= high:
        return [Close()]
    item = remaining[0]
    return [WrapUp(item=item)]


def apply(state: SessionState, obs: Observation, plan: Plan, scenario: Scenario, now: float) -> SessionState:
    """The state after the candidate's turn and the interviewer's reply (a new object)."""
    new = state.model_copy(deep=True)
    new.candidate_turns += 1
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
    for action in plan.actions:
        _record(new, action, scenario)
    new.skipped_constraints += skippable_constraints(new, scenario)
    return new


def _record(state: SessionState, action: Action, scenario: Scenario) -> None:
    if isinstance(action, IntroduceConstraint):
        state.constraints.append(action.constraint_id)
        state.last_constraint_turn = state.candidate_turns
    elif isinstance(action, Probe):
        state.probed_topics.append(action.topic)
        if action.question_key is not None:
            if action.question_key not in state.used_probe_questions:
                state.used_probe_questions.append(action.question_key)
            return
        for probe in scenario.phases[state.phase].probes:
            if probe.topic == action.topic and probe.question.en not in state.used_probe_questions:
                state.used_probe_questions.append(probe.question.en)
                break
    elif isinstance(action, ChallengeEstimate):
        state.checked_estimates[action.estimate_id] = action.got
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
