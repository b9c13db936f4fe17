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
    # Issue #12's fresh tuning set (written apart, labels first): regression floors at today's
    # figures while the grader is reworked; the targets apply to heldout2, scored once.
    "grading.tune2.evidence.spearman": ("min", 0.8),
    "grading.tune2.evidence.mae": ("max", 0.57),
    "grading.tune2.evidence.injection_delta": ("max", 0.1),
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
    # constraint, no early close. Gates are the targets where met, otherwise regression floors at
    # today's figures. `tune` and `heldout` (first held-out, since seen) were tuned on; `heldout2`
    # was written after the rules were frozen and scored once (figures in the README); its floors
    # sit at the figures after the meta phrasings it exposed were added.
    "conversation.tune.silent_turns": ("max", 0),
    "conversation.tune.false_challenges": ("max", 0),
    "conversation.tune.meta_assumption": ("max", 0),
    "conversation.tune.early_closes": ("max", 0),
    "conversation.tune.facts_answered": ("min", 0.82),
    "conversation.tune.reask_rate": ("max", 0.035),
    "conversation.tune.probes_on_covered": ("max", 0.12),
    "conversation.tune.meta_handled": ("min", 0.95),
    "conversation.tune.strong_constraints_met": ("min", 0.75),
    "conversation.heldout.silent_turns": ("max", 0),
    "conversation.heldout.early_closes": ("max", 0),
    "conversation.heldout.false_challenges": ("max", 2),
    "conversation.heldout.meta_assumption": ("max", 0),
    "conversation.heldout.facts_answered": ("min", 0.78),
    "conversation.heldout.reask_rate": ("max", 0.03),
    "conversation.heldout.probes_on_covered": ("max", 0.1),
    "conversation.heldout.meta_handled": ("min", 0.95),
    "conversation.heldout.strong_constraints_met": ("min", 0.875),
    "conversation.heldout2.silent_turns": ("max", 0),
    "conversation.heldout2.early_closes": ("max", 0),
    "conversation.heldout2.false_challenges": ("max", 2),
    "conversation.heldout2.meta_assumption": ("max", 0),
    "conversation.heldout2.facts_answered": ("min", 0.8),
    "conversation.heldout2.reask_rate": ("max", 0.08),
    "conversation.heldout2.probes_on_covered": ("max", 0.26),
    "conversation.heldout2.meta_handled": ("min", 0.95),
    "conversation.heldout2.strong_constraints_met": ("min", 0.5),
}


def check(metric: str, value: float) -> bool | None:
    """True/False against the bar, or None when the metric has no threshold."""
    rule = THRESHOLDS.get(metric)
    if rule is None:
        return None
    kind, bar = rule
    return value >= bar if kind == "min" else value <= bar
