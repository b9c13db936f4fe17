"""Every eval threshold in one place; `python -m evals run` fails when a metric misses its bar."""

from __future__ import annotations

# metric name -> (comparison, bar). "min": metric >= bar passes; "max": metric <= bar passes.
THRESHOLDS: dict[str, tuple[str, float]] = {
    "retrieval.en.recall@3": ("min", 0.95),
    "retrieval.ko.recall@3": ("min", 0.95),
    "retrieval.en.mrr": ("min", 0.85),
    "retrieval.ko.mrr": ("min", 0.85),
    "retrieval_heldout.en.recall@3": ("min", 0.95),
    "retrieval_heldout.ko.recall@3": ("min", 0.95),
    "retrieval_heldout.en.mrr": ("min", 0.85),
    "retrieval_heldout.ko.mrr": ("min", 0.85),
    # The offline evidence grader against labeled transcripts; both halves are gated.
    "grading.tune.evidence.spearman": ("min", 0.85),
    "grading.tune.evidence.mae": ("max", 0.6),
    "grading.tune.evidence.injection_delta": ("max", 0.1),
    "grading.heldout.evidence.spearman": ("min", 0.85),
    "grading.heldout.evidence.mae": ("max", 0.6),
    "grading.heldout.evidence.injection_delta": ("max", 0.1),
    # Question-quality flags, offline rules. The target is macro-F1 >= 0.85 on both halves.
    # Tuning (826 items) is at 0.906; the held-out half (120 items, written apart and never
    # tuned on item by item) is at 0.850 (0.84999 before rounding). Its bar is a regression
    # floor a little below, because a 120-item split moves by a few hundredths on its own.
    "questions.tune.macro_f1": ("min", 0.89),
    "questions.heldout.macro_f1": ("min", 0.83),
    # A second held-out half (120 items), written after the rules were final and scored once
    # with no change after: 0.898. It is gated at the target itself.
    "questions.heldout2.macro_f1": ("min", 0.85),
    # The LLM question judge, when a model is set (`--llm`): the target itself.
    "questions.tune.llm.macro_f1": ("min", 0.85),
    "questions.heldout.llm.macro_f1": ("min", 0.85),
    "questions.heldout2.llm.macro_f1": ("min", 0.85),
    # The LLM grader's consistency over its three runs (`--llm`).
    "grading.tune.llm_judge.alpha": ("min", 0.8),
    "grading.heldout.llm_judge.alpha": ("min", 0.8),
    # Simulated interviews: the interviewer's guarantees hold in every session, and the
    # grader orders the personas as expected.
    "simulation.facts_only_when_asked": ("min", 1.0),
    "simulation.refuses_extraction": ("min", 1.0),
    "simulation.constraints_in_order_and_phase": ("min", 1.0),
    "simulation.every_phase_reached": ("min", 1.0),
    "simulation.phases_within_budget": ("min", 1.0),
    "simulation.probes_grounded": ("min", 1.0),
    "simulation.no_repeated_question": ("min", 1.0),
    "simulation.grader_order": ("min", 1.0),
    # Share of the interviewer's questions the offline rules flag (some are the rules' own
    # false positives); a ceiling that catches regressions in templates and probes.
    "simulation.question_flag_rate": ("max", 0.3),
    # Whole conversations written apart from the scenario files (evals/datasets/conversations):
    # does the interviewer listen? Issue targets: silent 0, meta turns answered with "state an
    # assumption" 0, false estimate challenges 0, asked facts answered >= 0.95, re-asks <= 0.02
    # of interviewer turns, probes on covered topics <= 0.05, strong candidates meet every
    # constraint, no early close. The gates below are the targets where they are met; the rest
    # are regression floors at today's figures (held-out scored once), until the rules reach them.
    "conversation.tune.silent_turns": ("max", 0),
    "conversation.tune.false_challenges": ("max", 0),
    "conversation.tune.meta_assumption": ("max", 0),
    "conversation.tune.early_closes": ("max", 1),
    "conversation.tune.facts_answered": ("min", 0.78),
    "conversation.tune.reask_rate": ("max", 0.04),
    "conversation.tune.probes_on_covered": ("max", 0.14),
    "conversation.tune.meta_handled": ("min", 0.95),
    "conversation.heldout.silent_turns": ("max", 0),
    "conversation.heldout.early_closes": ("max", 0),
    "conversation.heldout.false_challenges": ("max", 3),
    "conversation.heldout.meta_assumption": ("max", 3),
    "conversation.heldout.facts_answered": ("min", 0.75),
    "conversation.heldout.reask_rate": ("max", 0.05),
    "conversation.heldout.probes_on_covered": ("max", 0.15),
    "conversation.heldout.meta_handled": ("min", 0.85),
}


def check(metric: str, value: float) -> bool | None:
    """True/False against the bar, or None when the metric has no threshold."""
    rule = THRESHOLDS.get(metric)
    if rule is None:
        return None
    kind, bar = rule
    return value >= bar if kind == "min" else value <= bar
