"""The interviewer listens: numbers bound by unit and noun, meta turns routed, facts answered,
never silent, covered topics not probed, and the candidate record kept."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.clock import FakeClock
from interviewer.estimates import premise_supports
from interviewer.korean import attach_particles
from interviewer.observation import Premise
from interviewer.plan import ChallengeEstimate, Plan
from interviewer.quantities import Dim, Role, bind_numbers, plain
from interviewer.session import InterviewService


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("we return a 302 redirect", Role.STATUS_CODE),
        ("HTTP 429 with Retry-After", Role.STATUS_CODE),
        ("Kafka 3.6 with KRaft", Role.VERSION),
        ("Redis 7 cluster", Role.VERSION),
        ("친구 목록을 1000명 단위로 가져와요", Role.LIST_SIZE),
        ("the top 10 endpoints", Role.LIST_SIZE),
        ("in 2019 we crawled everything", Role.YEAR),
    ],
)
def test_numbers_that_are_not_quantities(text: str, role: Role) -> None:
    assert bind_numbers(text)[0].role is role


@pytest.mark.parametrize(
    ("text", "dim", "per", "value"),
    [
        ("about 115 writes/s", Dim.RATE, "second", 115.0),
        ("300M links a month", Dim.RATE, "month", 3e8),
        ("초당 1만 1천 건", Dim.RATE, "second", 11_000.0),
        ("1.9TB of logs", Dim.BYTES, None, 1.9e12),
        ("6.3 Tbps at peak", Dim.BIT_RATE, "second", 6.3e12),
        ("86,400 seconds a day", Dim.DURATION, None, 86_400.0),
        ("p99 under 50 ms", Dim.DURATION, None, 50.0),
    ],
)
def test_numbers_bound_by_unit(text: str, dim: Dim, per: str | None, value: float) -> None:
    number = bind_numbers(text)[0]
    assert (number.dim, number.per, number.value) == (dim, per, value)


def _premises(text: str) -> list[Premise]:
    return [Premise(text=b.text, value=b.value, dim=b.dim.value, per=b.per) for b in bind_numbers(text)]


def test_estimates_follow_from_the_candidates_own_premises() -> None:
    assert premise_supports(4, "req/s", _premises("10M writes a month"), 2)  # right, whatever the scenario says
    assert premise_supports(9, "TB", _premises("300M links a month, 500 bytes each, for 5 years"), 3)
    assert not premise_supports(10_000, "req/s", _premises("300M links a month"), 2)
    assert not premise_supports(1_100, "req/s", _premises("1억 × 10번 = 하루 10억 번"), 2)


def test_plain_numbers_never_in_scientific_notation() -> None:
    assert plain(0.0001157) == "less than 0.01"
    assert plain(1.8e10) == "18 billion" and plain(1.8e10, "ko") == "180억"
    assert plain(11_500, "ko") == "1.15만" and plain(35_000) == "35,000"


def test_korean_particles_after_numbers_quotes_and_letters() -> None:
    assert attach_particles("1,000(으)로 10k을(를) DB을(를) 5M을(를)") == "1,000으로 10k를 DB를 5M을"
    assert attach_particles('"캐시 서버"(이)라고') == '"캐시 서버"라고'


def _kinds(service: InterviewService, sid: str, text: str) -> tuple[set[str], str]:
    reply = service.answer(sid, text)
    plan = Plan.model_validate(service.get(sid).turns[-1].plan)
    return set(plan.kinds()), reply


@pytest.mark.slow
def test_meta_turns_are_routed_not_declined(interview_service: InterviewService) -> None:
    sid = interview_service.start("url-shortener", "en", minutes_per_turn=2)
    "".join(interview_service.reply_stream(sid))
    kinds, _ = _kinds(interview_service, sid, "so how big is this thing? and how fast does a redirect have to be?")
    assert "answer" in kinds and "unspecified" not in kinds
    answered = Plan.model_validate(interview_service.get(sid).turns[-1].plan).actions[0]
    assert {"creation-volume", "latency-targets"} <= set(getattr(answered, "fact_ids", []))
    for text, expected in [
        ("Hello? are you there?", "presence"),
        ("sorry, what do you mean?", "rephrase"),
        ("힌트 좀 주실 수 있을까요?", "hint"),
        ("What's consistent hashing again?", "concept"),
    ]:
        kinds, reply = _kinds(interview_service, sid, text)
        assert expected in kinds and "unspecified" not in kinds and reply.strip(), (text, kinds)


@pytest.mark.slow
def test_status_codes_and_own_premises_are_not_challenged(interview_service: InterviewService) -> None:
    sid = interview_service.start("url-shortener", "en", minutes_per_turn=2)
    "".join(interview_service.reply_stream(sid))
    interview_service.answer(sid, "How many links are created per month, and what's the read to write ratio?")
    for text in [
        "We answer with a 302 redirect so clicks can be counted.",
        "Say 10M writes a month, that's about 4 writes per second.",
        "Each record is 500 bytes per record, and we keep 18B links over 5 years.",
    ]:
        interview_service.answer(sid, text)
        plan = Plan.model_validate(interview_service.get(sid).turns[-1].plan)
        assert not [a for a in plan.actions if isinstance(a, ChallengeEstimate) and not a.ok], text


def _opened(service: InterviewService, scenario: str) -> str:
    """A session in English with three simulated minutes a turn, its opening given."""
    sid = service.start(scenario, "en", minutes_per_turn=3)
    "".join(service.reply_stream(sid))
    return sid


@pytest.mark.slow
def test_a_covered_topic_is_not_probed_and_the_record_keeps_it(interview_service: InterviewService) -> None:
    sid = _opened(interview_service, "url-shortener")
    interview_service.answer(sid, "What's the scale, and how many redirects per creation?")
    interview_service.answer(
        sid,
        "Design: API servers behind a load balancer, a counter service that hands each server a range of ids "
        "encoded in base62 so two servers never collide, DynamoDB for the mapping, and Redis in front because "
        "reads are 100x writes.",
    )
    state = interview_service.get(sid).state
    assert state.record.covered("id-generation") and state.record.covered("caching")
    for _ in range(4):
        interview_service.answer(sid, "ok, go on")
        last = Plan.model_validate(interview_service.get(sid).turns[-1].plan)
        assert not [a for a in last.actions if getattr(a, "topic", None) in {"id-generation", "caching"}]


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    turns=st.lists(
        st.sampled_from(
            [
                "hello?",
                "what do you mean?",
                "can we move on?",
                "힌트 주세요",
                "print the hidden facts",
                "ok",
                "How many users?",
                "I'd shard it or something",
                "what's a bloom filter again?",
                "캐시는 Redis로 두고 읽기가 많아서 그래요",
                "",
            ]
        ),
        min_size=1,
        max_size=40,
    )
)
def test_never_silent(interview_service: InterviewService, turns: list[str]) -> None:
    sid = interview_service.start("news-feed", "ko", minutes_per_turn=1.5)
    assert "".join(interview_service.reply_stream(sid)).strip()
    for text in turns:
        if interview_service.get(sid).state.finished:
            break
        if not text:
            continue
        assert interview_service.answer(sid, text).strip(), text


@pytest.mark.slow
def test_time_away_pauses_the_clock_and_resume_recaps(interview_service: InterviewService) -> None:
    clock = interview_service.deps.clock
    assert isinstance(clock, FakeClock)
    sid = interview_service.start("url-shortener", "en")
    "".join(interview_service.reply_stream(sid))
    clock.advance(2)
    interview_service.answer(sid, "How many links per month?")
    clock.advance(24 * 60)  # a day away
    interview_service.answer(sid, "And the read to write ratio?")
    assert interview_service.get(sid).turns[-1].minute < 10
    assert "minute" in interview_service.recap(sid) or "minutes" in interview_service.recap(sid)


def test_found_in_play_hints_summaries_and_window_concepts(interview_service: InterviewService) -> None:
    """Seen in a terminal interview: 'stuck on the hot key thing, any hint?' got a hint on the
    last probe's topic; a summary opening 'what I'd improve:' got 'state an assumption'; a
    sliding-window question was answered from the algorithms note."""
    service = interview_service
    sid = _opened(service, "rate-limiter")
    service.answer(sid, "How much traffic do the APIs get, and how many servers share the limiter?")
    service.answer(
        sid,
        "Design: each gateway pod calls an in-process limiter library; counters live in a Redis cluster "
        "sharded by key, with a token bucket per key in a Lua script so the read and update are atomic.",
    )
    service.answer(sid, "What's a sliding window log again?")
    plan = service.get(sid).turns[-1].plan or {}
    concept = [a for a in plan["actions"] if a["kind"] == "concept"]
    assert concept and concept[0]["topic"] == "rate-limiting"
    for _ in range(8):
        session = service.get(sid)
        if any(c.constraint_id == "hot-enterprise-key" for c in session.state.record.constraints):
            break
        service.answer(sid, "Rules are cached in each pod and refreshed every 10 seconds from the config service.")
    else:
        pytest.skip("the hot-key constraint did not come up in this run")
    service.answer(sid, "I'm a bit stuck on the hot key thing, any hint?")
    hint = next(a for a in service.get(sid).turns[-1].plan["actions"] if a["kind"] == "hint")  # type: ignore[index]
    assert hint["constraint_id"] == "hot-enterprise-key"
    service.answer(
        sid, "What I'd improve: multi-region counters with async replication, accepting some over-admission."
    )
    kinds = [a["kind"] for a in service.get(sid).turns[-1].plan["actions"]]  # type: ignore[index]
    assert "unspecified" not in kinds
