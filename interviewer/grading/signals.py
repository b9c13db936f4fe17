"""Sentence-level signals in a candidate's words: reasons, comparisons, costs, assumptions,
and text addressed to the grader. Patterns cover English and Korean alike.

These are deliberately about the *shape of reasoning* (a choice, a reason, a cost), not
about vocabulary: a technology name on its own is never a signal.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

REASON = re.compile(
    r"\bbecause\b|\bsince\b|\bso that\b|\bso (we|it|the|that|each|reads|writes|users)\b|\bwhich (means|lets|keeps|gives|avoids)\b|"
    r"\bthat means\b|\bthis means\b|\bin order to\b|\bto (avoid|keep|reduce|handle|absorb|protect|prevent|cut|bound|guarantee|ensure|spread|isolate)\b|"
    r"\bgiven (that|the|our|\d)|\botherwise\b|\bhence\b|\btherefore\b|\bthus\b|\bthat way\b|\bthis way\b|\bwhich is why\b|"
    r"\bensures?\b|\bguarantees?\b|\bprevents?\b|\bavoids?\b|\bbounded by\b|\bdriven by\b|\bdominat|"
    r"때문|므로|니까|위해|위한|하려고|려면|덕분|그래서|따라서|그러면|그러므로|그래야|이렇게 하면|그렇게 하면|막을 수|피할 수|보장|"
    r"줄일 수|줄이|늘릴 수|버틸 수|감당|흡수|격리|"
    # Korean connective endings of cause and purpose: -(으)니(까), -어서/-아서/-라서, -도록, -지 않게
    r"(으니|하니|이니|되니|있으니|없으니|니까)[\s,]|(라서|해서|어서|아서|여서|워서|돼서)[\s,]|도록|지 않게|않도록|"
    r"(으|하|되|이|지|가|오|나|라|르)면[\s,]",
    _I,
)
COMPARE = re.compile(
    r"\binstead of\b|\brather than\b|\bvs\.?\b|\bversus\b|\bcompared (to|with)\b|\balternative|\boption\b|\beither\b|"
    r"\bwhereas\b|\bon the other hand\b|\bthan\b|\bover (a|an|the|\w+ing)\b|\bpick(ed)? \w+ over\b|\bchoose \w+ over\b|"
    r"\bprefer\b|\bconsidered\b|\bcould also\b|"
    r"대신|보다|반면|비해|대안|아니라|선택지|대비|비교|고려했|후보",
    _I,
)
COST_STRONG = re.compile(
    r"\bcost|\bdownside|\bdrawback|trade-?off|\bat the expense\b|\bpenalty\b|\boverhead\b|\bcomplexity\b|"
    r"\bprice\b|\bwe lose\b|\bsacrific|\bcatch is\b|\bthe risk\b|"
    r"단점|비용|대가|오버헤드|복잡도|복잡해|손해|희생|포기|트레이드오프|감수",
    _I,
)
COST = re.compile(
    r"\bcost\b|\bcosts\b|\bdownside|\bdrawback|trade-?off|\bat the expense\b|\bpenalty\b|\boverhead\b|\bcomplexity\b|"
    r"\brisk\b|\bprice\b|\bwe lose\b|\bsacrific|\bbut\b|\bhowever\b|\bthough\b|\bcatch is\b|\bworse\b|\bslower\b|\bstale\b|"
    r"단점|비용|대가|하지만|다만|그러나|오버헤드|복잡|손해|희생|포기|리스크|트레이드오프|느려|늦어|부담|감수",
    _I,
)
ASSUME = re.compile(
    r"\bassum|\blet'?s say\b|\bi'?ll take\b|\bsuppose\b|\bi'?ll go with\b|\bi'?ll treat\b|\bmy guess\b|\bi'd expect\b|"
    r"\bfor now,? (i|we)'?ll\b|\bi'll decide\b|\bi'll pick\b|\bdefault to\b|"
    r"가정|라고 (보|치)|이라고 (보|치)|로 잡|으로 잡|정하겠|하겠습니다\.? 이유|로 가져가|으로 가져가|로 두겠|으로 두겠",
    _I,
)
FAILURE = re.compile(
    r"\bif (the |a |an |one |our )?[\w-]+( [\w-]+)? (fails|goes down|dies|crashes|is down|becomes unavailable|is unreachable|lags)\b|"
    r"\bwhen (the |a |an |one )?[\w-]+( [\w-]+)? (fails|goes down|dies|crashes|is down)\b|\bfail ?over\b|\bsingle point of failure\b|"
    r"\bspof\b|\boutage\b|\bdegrade|\bfallback\b|\bblast radius\b|\brecover|\bdisaster\b|"
    r"죽으면|다운되면|장애가 (나|발생)|장애 시|실패하면|끊기면|페일오버|단일 장애점|복구|우아하게|폴백|강등",
    _I,
)
RELIABILITY = re.compile(
    r"replica|replicat|failover|fail over|redundan|retr(y|ies)|idempot|backup|circuit breaker|timeout|health check|"
    r"at-least-once|exactly-once|durab|quorum|multi-?az|standby|checkpoint|"
    r"복제|레플리카|이중화|재시도|멱등|백업|서킷|타임아웃|헬스 ?체크|내구성|쿼럼|스탠바이|체크포인트",
    _I,
)
SCALABILITY = re.compile(
    r"shard|partition|scale (out|horizontally)|horizontal|autoscal|hot (key|partition|shard|spot)|consistent hash|"
    r"fan-?out|back-?pressure|throughput|bottleneck|"
    r"샤딩|샤드|파티션|수평 확장|스케일 아웃|오토스케일|핫 ?키|핫스팟|일관된 해싱|팬아웃|백프레셔|처리량|병목",
    _I,
)
OPERABILITY = re.compile(
    r"monitor|alert|metric|dashboard|on-?call|tracing|logging|slo\b|sli\b|canary|rollout|roll back|rollback|"
    r"blue-green|runbook|observab|drift|"
    r"모니터링|알림|알람|지표|메트릭|대시보드|온콜|트레이싱|로깅|카나리|롤아웃|롤백|배포|관측|드리프트",
    _I,
)
ARITHMETIC = re.compile(
    r"[/×x*÷=≈~]\s*\d|\d\s*[/×x*÷]|\bper (second|day|month|sec)\b|\bdivided by\b|\btimes\b|\bmultipl|"
    r"나누|곱하|초당|하루에|한 달에|약 ?\d|대략|÷",
    _I,
)
DISMISSIVE = re.compile(
    r"\b(keep|stick with|leave) (the|my) (design|architecture|plan)( as it is| as is| unchanged)?\b|"
    r"\bdoesn'?t (really )?change (anything|much|the design)\b|\bnot (really )?(a|my) (concern|problem)\b|"
    r"\bout of scope\b.*\b(that|this)\b|\bwe can (ignore|skip) (that|this)\b|\bsame as before\b|\banyway\b|"
    r"그대로 (가|두|유지)|바뀔 건 없|크게 달라질 건 없|상관없|신경 쓰지 않|무시해도|나중에 생각",
    _I,
)
WRAP = {
    "summary": re.compile(
        r"to summari[sz]e|in summary|summing up|to recap|recap|overall,? (the|my) design|in short|^\s*summary\b|\bso,? in summary\b|"
        r"요약하면|정리하면|요약하자면|정리하자면|요약하면|정리해 보면|종합하면|^\s*(요약|정리)\s*[:：]",
        _I,
    ),
    "improvements": re.compile(
        r"improve|next step|with more time|given more time|future|if i had more|i would add|"
        r"개선|시간이 더|다음 단계|추후|나중에 추가|보완",
        _I,
    ),
    "failure_points": re.compile(
        r"fail|single point|bottleneck|what could go wrong|risk|weak (spot|point)|"
        r"장애|병목|단일 장애점|위험|취약|약점|리스크",
        _I,
    ),
}
# Text addressed to whoever grades the transcript. It is removed before grading, so it can
# neither raise nor lower a score; each removal is reported.
GRADER_DIRECTED = re.compile(
    r"\b(grader|grading|evaluator|assessor|scorer|rubric|reviewer)s?\b|"
    r"\b(full|perfect|top|maximum|max) (marks|score|points)\b|\b5\s*/\s*5\b|\b10\s*/\s*10\b|\bfive out of five\b|"
    r"\b(give|award|rate|score|mark)s? (me|this|the candidate|this candidate|this answer|it)\b.{0,40}\b(5|five|high|highest|top|full|perfect)\b|"
    r"\b(deserves?|earns?|merits?) (a |an )?(5|five|full|perfect|top|high)\b|"
    r"\bignore (all |any |the |your |previous |prior |above |earlier )*(instructions|rules|rubric|criteria|guidelines)\b|"
    r"\bdisregard (all |any |the |your |previous |prior |above )*\w+|\[?\s*system\s*[:\]]|\bsystem prompt\b|"
    r"\bas an ai\b|\b(note|message|instruction)s? (to|for) (the )?(ai|model|llm|assistant|grader|evaluator)\b|"
    r"\b(dear|hey|attention) (ai|model|llm|assistant|grader|evaluator)\b|\boverride\b.{0,30}\b(score|grade|rating)s?\b|"
    r"\b(my|this) (answer|design|interview) (is|was|deserves)\b|\bi (have )?(clearly |fully )?(demonstrated|covered everything)\b|"
    r"\bwere (well |fully |clearly )?justified\b|근거가 (충분|완벽)|설명했으니|다뤘으니|완벽한 (답변|설계)|"
    r"\bscores?\s*[=:]\s*\d|\bassign (a |the )?(score|grade|mark)|\b(score|grade|rate) (it|this|me|them) (a |as )?\d|"
    r"채점|평가자|평가 모델|루브릭|만점|최고점|최고 점수|[0-9]\s*점 (만점|을 주|을 줘|을 부여|드려|주세요)|점수를|"
    r"(지시|지침|규칙)(을|를|은|는)? ?(모두 |전부 )?무시|이전 (지시|지침)|시스템 ?(프롬프트|메시지|지시)|AI에게|모델에게|인공지능에게",
    _I,
)


# What a requirement is made of: numbers aside, these words tie a choice to this problem's needs.
REQUIREMENT = re.compile(
    r"latenc|\bp9\d|\bms\b|millisecond|\bqps\b|\brps\b|per second|throughput|read-heavy|write-heavy|\breads?\b|\bwrites?\b|"
    r"consisten|stale|\border(ing|ed)?\b|durab|\bhot\b|\bpeak|spike|burst|\bcost|budget|storage|bandwidth|memory|\bttl\b|"
    r"\bsla\b|\bslo\b|downtime|retention|duplicat|exactly-once|at-least-once|backlog|\blag\b|\bloss\b|lose|"
    r"\b(in|out of) scope\b|concurren|contention|oversell|double|tail|cold|warm|fresh|expir|"
    r"지연|읽기|쓰기|일관성|순서|내구성|핫|피크|급증|몰리|비용|예산|용량|대역폭|메모리|가용성|다운타임|보존|중복|유실|"
    r"처리량|백로그|밀리초|초당|동시|경합|초과 판매|이중|만료|신선|콜드|최신",
    _I,
)
# Praise words that stand in for a reason: "because it is scalable and reliable".
FILLER = re.compile(
    r"scalab|reliab|robust|resilien|fault[- ]toleran|highly available|web[- ]scale|industry[- ]standard|best practice|"
    r"battle[- ]tested|flexib|modern|cloud[- ]native|future[- ]proof|performan|important|crucial|essential|seamless|"
    r"확장성|확장 가능|안정성|안정적|신뢰|유연|균형|중요|필수|최신|성능|견고|탄력",
    _I,
)


def vacuous_reason(text: str) -> bool:
    """The reason given is only praise: after the reason word there is filler and nothing concrete."""
    match = REASON.search(text)
    if match is None:
        return False
    tail = text[match.start() :]
    return bool(FILLER.search(tail)) and not REQUIREMENT.search(tail.replace("highly available", ""))


def has(pattern: re.Pattern[str], text: str) -> bool:
    return bool(pattern.search(text))
