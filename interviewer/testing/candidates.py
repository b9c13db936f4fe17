"""Scripted candidates built from scenario data: shared by the tests, the evals and the benchmarks.

A script follows the four phases: clarifying questions (taken from the scenario's own
question forms), a stated assumption, estimates, a design that names the expected
topics with reasons, answers to constraints, and a wrap-up.
"""

from __future__ import annotations

from interviewer.korean import attach_particles
from knowledge.notes import NoteCatalog
from knowledge.scenarios import Scenario
from knowledge.types import Language, Phase

_TEXT = {
    Language.EN: {
        "assume": "I'll assume {topic} is out of scope for the first version, to keep the design simple.",
        "estimate": "For {quantity}, my estimate is about {value:,.0f}, because {derivation}.",
        "move": "I think I have enough requirements. Let's move on to the high-level design.",
        "design": "I'd use {a} and {b}. The trade-off: {a} adds operational cost, but it keeps latency low for the main flow.",
        "deep": "Going deeper on {a}: I'd choose it over the alternative because it fits the read and write pattern, at the cost of some complexity.",
        "constraint": "For that change I would adapt the design: add capacity where the load lands, cache the hot path, and degrade gracefully instead of failing.",
        "summary": "To summarize: {a}, {b} and {c} carry the main flow. Improvements with more time: better monitoring and cost tuning. Failure points: the cache cluster and the primary database.",
    },
    Language.KO: {
        "assume": "{topic}은(는) 첫 버전 범위 밖이라고 가정하고 설계를 단순하게 가져가겠습니다.",
        "estimate": "{quantity}은(는) 약 {value:,.0f} 정도로 추정합니다. 근거는 {derivation}입니다.",
        "move": "요구사항은 이 정도면 충분한 것 같습니다. 개략 설계로 넘어가겠습니다.",
        "design": "{a}와(과) {b}을(를) 쓰겠습니다. 트레이드오프는 {a}이(가) 운영 비용을 늘리지만 주요 흐름의 지연 시간을 낮게 유지한다는 점입니다.",
        "deep": "{a}을(를) 더 깊게 보면, 읽기와 쓰기 패턴에 맞기 때문에 대안 대신 선택합니다. 대신 복잡도가 조금 늘어납니다.",
        "constraint": "그 변화에는 설계를 이렇게 바꾸겠습니다. 부하가 몰리는 곳에 용량을 늘리고, 핫 경로를 캐싱하고, 실패 대신 우아하게 성능을 낮추겠습니다.",
        "summary": "요약하면 {a}, {b}, {c}이(가) 주요 흐름을 맡습니다. 시간이 더 있으면 모니터링과 비용 최적화를 개선하겠습니다. 장애 지점은 캐시 클러스터와 주 데이터베이스입니다.",
    },
}


def scripted_candidate(scenario: Scenario, language: Language, notes: NoteCatalog, turns: int = 16) -> list[str]:
    """An average-to-good candidate's turns for `scenario`, in `language`."""
    t = _TEXT[language]
    lang = language
    script: list[str] = []
    for fact in scenario.facts[:4]:
        script.append(fact.questions.get(lang)[0])
    point = scenario.unspecified[0]
    script.append(point.questions.get(lang)[0])
    script.append(t["assume"].format(topic=point.topic.get(lang).rstrip(".")))
    estimate = scenario.estimates[0]
    script.append(
        t["estimate"].format(
            quantity=estimate.keywords.get(lang)[0], value=estimate.value, derivation=estimate.derivation.get(lang)
        )
    )
    script.append(t["move"])
    titles = [notes.title(n, lang) for n in scenario.phases[Phase.HIGH_LEVEL].expected_topics]
    deep = [notes.title(n, lang) for n in scenario.phases[Phase.DEEP_DIVE].expected_topics]
    for i in range(0, len(titles) - 1, 2):
        script.append(t["design"].format(a=titles[i], b=titles[i + 1]))
    for title in deep:
        script.append(t["deep"].format(a=title))
        script.append(t["constraint"])
    while len(script) < turns - 1:
        script.append(t["constraint"])
    script = script[: turns - 1]
    script.append(t["summary"].format(a=titles[0], b=titles[1], c=deep[0] if deep else titles[-1]))
    return [_finish(turn, language) for turn in script]


def _finish(text: str, language: Language) -> str:
    return attach_particles(text) if language is Language.KO else text


def script_text(turns: list[str]) -> str:
    """A candidate script file (CONTRACTS.md): turns separated by `---` lines."""
    return "\n---\n".join(turns) + "\n"
