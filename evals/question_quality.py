"""Question quality: flags for one interviewer utterance, with no model.

Flags (CONTRACTS.md): `leading` (suggests the answer), `multi` (several questions at once),
`reveals` (a hidden fact not asked for, or the solution), `irrelevant` (off the scenario or
wrong for the phase), `vague` (no clear object). No flag means a good question.
Each flag is a small rule over the question, the scenario data and the history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.numbers import find_numbers
from interviewer.observer import TopicTagger
from knowledge.scenarios import Scenario
from knowledge.text import Tokenizer
from knowledge.types import Phase

FLAGS = ("leading", "multi", "reveals", "irrelevant", "vague")
REVEAL_TOKENS = 4
CONSTRAINT_OVERLAP = 0.5
# Words that name no part of a design; a question made only of these has no clear object.
_GENERIC_WORDS = (
    "rest everything else thing things stuff part parts piece pieces area areas side sides picture overall more "
    "remaining remain other others aspect aspects feel feeling feelings think thought thoughts say saying go going "
    "keep look looks looking hold holds together land landed leave leaves bit bits little dig deeper deep elaborate "
    "expand continue want like mm hmm okay ok good fine great right sure further detail details general generally "
    "broadly whole all anything something point points let talk tell hear share add mind stand come along there "
    "here idea ideas view take approach so well now then also again maybe perhaps kind sort way ways case cases "
    "about before after they them those these it its s d t ll re ve m "
    "read hang unpack solid gut telling covered yeah yes simpler safer push far which confident confidence story "
    "thinking walk through perspective angle change anything bigger better worse happy satisfied comfortable "
    "probably robust got already cover simple safe sound sounds whole deal one hold up less goes wrong handle "
    "아까 자세히 결론 이런저런 이밖 밖 돌아가 그거 그건 흘러가 이거 방법 괜찮게 "
    "흠 느낌 그거 흐름 문제 만족 괜찮 어때 어떠 그렇 데 거기 저기 관점 각도 구체 확신 마음 그다음 "
    "마지막 얘기 이야기 좋 전반 조금 풀 나머지 부분 쪽 그쪽 생각 말씀 다시 한번 더 외 것 거 전부 전체 대충 식 비슷 정도 뭐 감 "
    "맞물리 가 되 있 하 싶 어떻 결국 계속 설명 추가 혹시 기타 다른 건 점 측면 방향 그런 그렇 이런 저런 쭉 좀 네 음 그럼 "
    "좋아요 좋습니다 알겠 그래서 그러면 여기 거기 이제 진행 해 보 주 들 오 안 잘 아직 나 내용 관련 정리"
)
# How the out-of-scope facts talk about scope, not what is out of it.
_SCOPE_TEXT = (
    "out of scope scoped version first this later other teams owned only need needs just the a we our "
    "범위 제외 밖 이번 버전 다른 팀 담당 필요 하 되 없 빠지 것 우리 저희 만 까지 "
    "run running compute computes calculate handle handles use build make manage own "
    "계산 운영 사용 쓰 만들 관리 처리 직접 자체"
)
_I = re.IGNORECASE
_TAG = re.compile(
    r"(,\s*|\s)(right|correct|yes|no|isn'?t it|aren'?t they|don'?t you think|wouldn'?t it|won'?t it|agreed|ok(ay)?)\s*\?\s*$|"
    r"\b(wouldn'?t|shouldn'?t|don'?t|doesn'?t|isn'?t|aren'?t|won'?t|can'?t) (you|we|it|that|this|the)\b|"
    r"^\W*(wouldn'?t|shouldn'?t|isn'?t|aren'?t|doesn'?t|don'?t|can'?t) (a|an|the|it|that|this|we|you|using|some|\w+ing)\b|"
    r"동의하시죠|동의하시나요|지 않나요|지 않을까요|"
    r"\b(surely|obviously|clearly)\b|\bi assume you'?(d|ll)\b|\byou'?d (probably|obviously) (want|use|go)\b|"
    r"\b(the|a) (best|right|obvious|natural) (choice|answer|option|fit) (here )?(is|would be)\b|\bthe standard answer\b|"
    r"(맞죠|맞나요|맞지요|않을까요|좋겠죠|아닌가요|아닐까요|겠죠|하시겠죠|거죠|잖아요|당연히|분명히|그렇죠)\s*\??\s*$|"
    r"게 (맞|좋|낫)(겠|지|을)|는 게 정답",
    _I,
)
# The interviewer's own preference, anywhere in the turn, steers the answer.
_OPINION = re.compile(
    r"\b(personally,? i'?d|honestly,|i'?d expect|i'?d think|i take it|i assume that'?s|you'?d agree|the only sensible|"
    r"the fix you'?d|is the (obvious|natural|clear) (fix|answer|way|choice))\b|"
    r"\b(really|clearly) the way to go\b|\bagree\s*\?|\bthe (obvious|natural|standard) (fit|choice|way)\b|\bi'?d personally\b|"
    r"\b(wouldn'?t|isn'?t|aren'?t)\b[^?]{0,80}\b(smarter|better|obvious|simpler|safer|cleaner|natural)\b|"
    r"저라면|제 경험상|제 생각엔|당연히|분명히|당연한|이견 없|아니에요\s*\?|정답 같|낫다고 보는데|검토해 보셨|고려해 보셨",
    _I,
)
_SUGGEST = re.compile(
    r"\b(have you considered|did you consider|what about|how about|why not (just )?use|why not)\b|"
    r"(는|은|을|를) 고려해 보셨|쓰는 건 어떨까|쓰면 어떨까|쓰시는 게|하시는 게 좋",
    _I,
)
_WH = re.compile(
    r"(^|[,;]\s*(so\s+)?|\band (also )?|\bor |\bplus |\bas well as )(how|what|which|why|when|where|who|would you|do you|can you|could you|is there|are there)\b|"
    r"\band (do|does|did|is|are|can|should|will) (we|you|users|they|it|the|customers|clients)\b",
    _I,
)
_KO_WH = re.compile(r"(어떻게|어떤|무엇|뭘|뭐가|뭔가|뭐고|뭔지|왜|언제|어디|어느|얼마|몇)")
_REQUEST = re.compile(
    r"\b(tell me|walk me through|explain|describe)\b|말씀해 주세요|설명해 주세요|알려 주세요|뽑아 주|계산해 주", _I
)
_KO_CHAIN = re.compile(r"(하시|주시|쓰시|보시|잡으시|나누시|두시|처리하시)고[ ,]|(해 주시고|계산해 주시고)")
_DESIGN_ASK = re.compile(
    r"\bhow (would|will|do) you (set up|implement|build|design|shard|partition|handle|route|store|run|tune|choose|pick|roll)\b|"
    r"\b(what|which) [\w\s-]{1,40} would you (use|pick|choose|set)\b|\bwould you use\b|"
    r"\bwalk me through how\b|\blet'?s design\b|\bhow (do|would|will) you (recover|drain|merge|replicate|cache|scale|fail ?over)\b|"
    r"\byou'?d (merge|shard|cache|replicate|partition|use)\b|"
    r"어떻게 (하시겠|하실|구현|설정|나누|분산|처리하시|구성|설계)|설계하실|설계하시겠|설계해 (볼까요|보시겠)|새로 설계|그려 주|저장하면 .{0,30}얼마나|트리거하시겠|쓰시겠|어떤 [가-힣\w\s]{1,20}(쓰실|고르실|선택하실)|중에 어떻게|중 어느 쪽",
    _I,
)
_WRAP_OK = re.compile(
    r"summar|improve|fail|risk|bottleneck|trade|monitor|alert|cost|again|regret|weak|next|outage|down\b|break|measur|metric|\bslo\b|verify|"
    r"요약|개선|장애|위험|병목|트레이드|모니터링|알림|비용|다시 한다면|약점|다음|죽으면|끊기|깨지|측정|지표|검증",
    _I,
)
_REQ_AGAIN = re.compile(
    r"\brequirements?\b|\bhow many [\w\s]{1,30} (per|a) (month|day|second)\b|\bdid we say\b|\brevisit the basics\b|"
    r"\bendpoints look like\b|\bwhat (peak )?qps (are|is) we\b|"
    r"요구사항|몇 개 만들어|가정하셨죠|하기로 했었",
    _I,
)
_SWITCH = re.compile(
    r"\bswitch gears\b|\bunrelated\b|\bbefore we finish, how would you\b|\bon a different note\b|\bby the way, how\b|"
    r"\bwhile we'?re at it\b|\blet'?s design\b.{0,40}\bnow\b|\bdedicated team\b|\bhow many engineers\b|"
    r"\b(staffing|on-call rotation|headcount|hiring|hire first|team size|sprints?|kanban)\b|\bwhich team should own\b|"
    r"\bwho covers on-call\b|\barchitecture (committee|board)\b|\b(which|what) year\b|"
    r"온콜은 몇|몇 명이서|일정은 몇|위원회|몇 년도|처음 (나온|도입한|만든)|어느 조직|"
    r"\b(colou?rs?|fonts?|css|styling|tone and|rounded corners|bold)\b|색감|톤과|모서리|둥글게|굵게|색을 바꾸|"
    r"\bgoing back a step\b|\bwith the time left\b.{0,30}\bdesign\b|"
    r"그런데 마무리 전에|그보다 먼저|다른 (얘기|이야기)인데|얘기가 좀 다르지만|별개로|하는 김에|남은 시간에는? .{0,40}설계|"
    r"팀 쪽 일|인력|채용",
    _I,
)
_TAG_THEN_ASK = re.compile(
    r"(?<=\w)[^.?!]{3,}?\b(isn'?t it|right|correct|i'?d think|wouldn'?t it|don'?t you think),? and (how|what|which|why|when|where|would|do|can)\b|"
    r"\bwhile you'?re at it\b|둘 다|두 가지 (다|모두|여쭤)|\bfirst\b[^?]{1,80}\bthen\b[^?]{3,80}\b(finally|and then)\b",
    _I,
)
_KO_ASK_END = re.compile(r"(주실래요|주세요|주시겠어요|주시겠습니까|하시겠어요|실 건가요|나요|까요|가요)\s*[?.]?\s*$")
_DIAGNOSE_FIX = re.compile(
    r"\bwhat (in your design )?(let that happen|broke|breaks|went wrong|caused (it|this|that))\b.{0,40}\band how (do|would|will) you\b|"
    r"\bwhat(('?s| is) happening| happens| changes| do (viewers|users|customers) (experience|see))\b[^?]{0,60},? and (what|how)\b|"
    r"어떤 일이 (생기|일어나)[^?]{0,20}(고|며|,)\s*(뭘|무엇을|어떻게) |"
    r"(뭐가|무엇이|어디가) (원인|깨지|문제)[^?]{0,30}(고|며|,)\s*(어떻게|뭘|무엇을) [^?]{0,20}(바꾸|추가|고치|하시겠)",
    _I,
)
_JOIN = re.compile(
    r"\band also,? (how|what|which|where|why|when|do|does|can|would|is|are)\b|\bas well as\b|\balso,? (how|what|which|who|where|when)\b|\bseparately\b|그리고|또한|아울러|또 |더불어",
    _I,
)
_VAGUE = re.compile(
    r"^\W*(thoughts|any thoughts|anything else|what else|and\??|so\??|well\??|ok(ay)?\??|hmm+)\W*$|"
    r"\b(say|tell me|talk) (a bit |a little )?more\b|\bcan you elaborate\b|\belaborate (more|further|on that)?\s*\?*$|"
    r"\bmore about (that|this|it|things|stuff)\b|\bany (other )?thoughts\b|\bwhat do you think\s*\??$|"
    r"\b(go on|continue|keep going)\s*\??$|\bdeeper on (things|that|it)\b|\bthe other stuff\b|\bmore specific\b\W*$|"
    r"\bhow do you feel about (it|that|this|things)\b|\babout it overall\b|\bdoes that change anything\b|"
    r"\bis there (anything|more) (else )?to (say|add)\b|\bwhere does that leave (things|us|it)\b|\bwhat'?s your (read|gut|take)\b|"
    r"(더 얘기|좀 더 (설명|말씀|이야기)|어떻게 되는 거|전체적으로 (어떨|어떻|어때)|그건 어떨|좀 더 구체적으로|어떻게 생각하세요\s*\??$|어떻게 보세요\s*\??$|다른 건요|그 밖에|생각은요|계속해 보세요|더 있나요\s*\??$|더 있을까요\s*\??$)",
    _I,
)
_DISCOURSE = re.compile(
    r"^(\W|\b(and|so|okay|ok|alright|right|well|then|also|now|finally|good|great|thanks)\b|네|음|그럼|좋아요|좋습니다|마지막으로|그리고)+",
    _I,
)
_ASKING_WORD = re.compile(
    r"\b(how|what|why|which|when|where|who|whose|(do|does|did|is|are|was|were|can|could|would|should|will|has|have)(n'?t)?|won'?t|"
    r"walk|tell|explain|describe|estimate|compare|say)\b",
    _I,
)
# Clauses that hand the candidate a premise: "Since orders are kept five years, ...".
_PREMISE = re.compile(
    r"\b(since|given that|given|keep(ing)? in mind( that)?|bearing in mind( that)?|considering( that)?|by the way|"
    r"with that in mind|with the bulk of|if i tell you|because)\b[^,?.;]{4,120}|"
    r"[^,?.;]{4,120}\b(anyway|after all),? so\b|"
    r"[^,?.]{4,120}(니까|으니|이니|는데|다는 걸 감안해서|라는 것 말고|서요|는 전제로|라는 것만|으면|면서)|참고로[^,?.]{4,120}|"
    r"[^,?.]{4,120}(염두에 두시고)|[^?.]{4,120}(잖아요|거든요|(?<!거)(이에요|예요)|해요|쳐요)[.,]",
    _I,
)
_WHAT_IF = re.compile(r"\b(if|suppose|imagine|what happens when)\b|되면|라면|늘어나면|늘면", _I)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "스무": 20, "서른": 30, "마흔": 40, "쉰": 50,
}  # fmt: skip
_NUMBER_WORD = re.compile(r"(?<![\w])(" + "|".join(_NUMBER_WORDS) + r")(?=\s)", _I)


def _spell_numbers(text: str) -> str:
    """Number words as digits ("five years" -> "5 years"), so they match the facts' numbers."""
    return _NUMBER_WORD.sub(lambda m: str(_NUMBER_WORDS[m.group(1).lower()]), text)


_SOLUTION = re.compile(
    r"\byou should (use|add|shard|cache|put)\b|\bthe (answer|solution|trick) is\b|\bthe right (approach|design) is\b|"
    r"\buse (a|an) [\w-]+ (here|for this)\b|\bjust use\b|\bis all you need\b|"
    r"\bthe (standard|obvious|usual|textbook) (answer|move|fix|solution|approach) (is|would be)\b|"
    r"해결돼요|해결됩니다|정답 아닐까|정답이에요|정답입니다|"
    r"정답은|쓰면 됩니다|하면 됩니다|쓰세요|두세요|사용하세요",
    _I,
)
_REQUIREMENT_ASK = re.compile(
    r"\b(how many users|what('?s| is) the (scale|qps|traffic)|what features|which features|what are the requirements|functional requirements)\b|"
    r"(사용자(가|는)? 몇|규모(는|가) (어느|얼마)|요구사항(은|이) 뭐|어떤 기능)|"
    r"\b(estimate|number|figure|requirement)s? [\w\s]{0,30}\bagain\s*\?|\bgo back to the (start|beginning|requirements)\b|"
    r"처음으로 돌아가|(이)?라고 하셨죠|였죠\s*\?$"
    r"|\b(core )?features again\b|\bagain, is it\b|돌아가서,? .{0,30}(몇|요구|기능|규모)|\bremind me\b|\bagain\s*\?|"
    r"\bsanity check on (scale|the numbers)\b|다시 (정리|추정|계산)해 볼까요",
    _I,
)
# Storage and replication details: design, not requirements.
_DESIGN_DETAIL = re.compile(
    r"\b(partition|shard(ing)?) key\b|\b(links?|orders?|users?|messages?) table\b|\bschema\b|\bin-sync replicas\b|"
    r"\breplication factor\b|\b(shard|partition)\b[\w\s]{0,30}\bby\b|\b(sliding window|token bucket|sorted set|bloom filter|trie)\b|"
    r"파티션 키|샤딩|테이블|스키마|트라이|(으)?로 하실 거예요,? 아니면|복제 (수|계수)|(리스트|sorted set|해시)(로|으로) 할지|슬라이딩 윈도|토큰 버킷",
    _I,
)


@dataclass(frozen=True)
class QuestionItem:
    id: str
    scenario: str
    phase: Phase
    language: str
    history: list[tuple[str, str]]
    question: str


def _numbers(text: str) -> set[float]:
    return {round(n.value, 3) for n in find_numbers(text) if n.value >= 2 or n.value != int(n.value)}


def _unit_numbers(text: str) -> set[tuple[float, str]]:
    """Numbers with the start of the word after them: (200.0, "ms"), (3e7, "명")."""
    out = set()
    for n in find_numbers(text):
        if n.value < 2 and n.value == int(n.value):
            continue  # "1" and "0" are everywhere; "0.02" is a price
        after = re.match(r"[\s%-]*([a-zA-Z]{1,3}|[가-힣])", text[n.end :])
        out.add((round(n.value, 3), after.group(1).lower() if after else ""))
    return out


@dataclass(frozen=True)
class _ScenarioText:
    public: set[str]  # the brief and the scheduled constraints
    constraint_words: list[set[str]]
    scheduled: set[tuple[float, str]]  # numbers the constraints bring in, with their units
    facts: list[tuple[set[str], set[tuple[float, str]]]]  # each hidden fact's words and numbers
    excluded: set[str]  # words only the out-of-scope list uses


class QuestionScorer:
    def __init__(self, scenarios: dict[str, Scenario], tokenizer: Tokenizer, tagger: TopicTagger) -> None:
        self.scenarios = scenarios
        self.tokenizer = tokenizer
        self.tagger = tagger
        self._texts: dict[tuple[str, str], _ScenarioText] = {}
        self._generic: set[str] | None = None

    def flags(self, item: QuestionItem) -> list[str]:
        scenario = self.scenarios[item.scenario]
        q = item.question.strip()
        tokens = set(self.tokenizer.tokenize(q))
        topics = set(self.tagger.tag_tokens(tokens))
        history = " ".join(text for _, text in item.history)
        found: list[str] = []
        if self._leading(q, topics):
            found.append("leading")
        if self._multi(q):
            found.append("multi")
        if self._reveals(q, tokens, history, scenario, item.language):
            found.append("reveals")
        if self._irrelevant(q, tokens, scenario, item):
            found.append("irrelevant")
        if self._vague(q, tokens, item.language):
            found.append("vague")
        return found

    @staticmethod
    def score(item: QuestionItem, flags: list[str]) -> int:
        """5 for a clean question, 2 for one flaw, 1 for several or for giving facts away."""
        if not flags:
            return 5
        return 1 if "reveals" in flags or len(flags) > 1 else 2

    # -- rules ------------------------------------------------------------------------

    @staticmethod
    def _leading(q: str, topics: set[str]) -> bool:
        # Any asking sentence counts: "X, right? And also, ...?" leads with its first half.
        asks = [s for s in re.split(r"(?<=[.?!])\s+", q) if "?" in s or s.endswith(("까요", "죠", "나요"))] or [q]
        if _OPINION.search(q) or any(_TAG.search(ask) for ask in asks):
            return True
        return bool(_SUGGEST.search(asks[-1])) and bool(topics)

    @staticmethod
    def _multi(q: str) -> bool:
        parts = [p.strip() for p in re.split(r"[?？]", q) if p.strip()]
        asks = [p for p in parts if len(p.split()) >= 2]
        if q.count("?") + q.count("？") >= 2 and len(asks) >= 2:
            tail = asks[-1].lower() + "?"
            if not _TAG.search(tail) and not re.fullmatch(r"(right|correct|or not|맞죠|맞나요)\?", tail):
                return True
        sentences = [s for s in re.split(r"(?<=[.?!？])\s+", q) if s.strip()]
        asking = [s for s in sentences if "?" in s or "？" in s or _REQUEST.search(s)]
        if len(asking) >= 2 and any(
            _JOIN.match(s.strip()) or s.strip().startswith(("And ", "Also", "그리고", "또")) for s in asking[1:]
        ):
            return True
        # A tag or a request, then ", and how ...": two asks in one sentence.
        if _TAG_THEN_ASK.search(q) or (
            _REQUEST.match(q.strip()) and re.search(r", and (how|what|which|why|when|where)\b", q, re.I)
        ):
            return True
        chain = _KO_CHAIN.search(q)
        # "계산해 주시고, ... 뽑아 주실래요?": a request, then another ask after it.
        if (
            chain
            and ("?" in q or _REQUEST.search(q) or re.search(r"(도요|같이요)\s*[.?]?$", q.strip()))
            and (len(set(_KO_WH.findall(q))) + len(_KO_CHAIN.findall(q)) >= 2 or _KO_ASK_END.search(q[chain.end() :]))
        ):
            return True
        question = [s for s in re.split(r"(?<=[.!])\s+", q) if "?" in s or "？" in s] or [q]
        # "..., and why?" asks for the reason behind the same answer: one question.
        last = re.sub(r",?\s+and why\b[^?,]{0,30}\?\s*$", "?", question[-1], flags=re.IGNORECASE)
        # "What broke, and how do you fix it?" after a new constraint is one ask: diagnose and fix.
        if _DIAGNOSE_FIX.search(last):
            return False
        # A leading "When/If ...," clause sets the scene; it is not a second question.
        last = re.sub(r"^(when|if|once|after|before|while|since)\b[^,?]{3,80},\s*", "", last, flags=re.IGNORECASE)
        # "which as must-have and which as best-effort": a short parallel half is the same ask.
        last = re.sub(r"\s+(and|or) (which|who|what)\b(\s+\S+){0,3}\s*\?$", "?", last, flags=re.IGNORECASE)
        if len(_WH.findall(last)) >= 2 or (_JOIN.search(last) and len(_WH.findall(last)) >= 1):
            return True
        # Korean: two clauses joined by -고/-며/a comma, each with its own question word.
        clauses = re.split(r"(?<=[고며]) |, ", last)
        return sum(1 for c in clauses if _KO_WH.search(c)) >= 2

    def _reveals(self, q: str, tokens: set[str], history: str, scenario: Scenario, lang: str) -> bool:
        if _SOLUTION.search(q):
            return True
        known = self._scenario_text(scenario, lang)
        # Bringing in a scheduled constraint is the interviewer's job, numbers and all.
        if tokens and any(len(tokens & words) / len(tokens) >= CONSTRAINT_OVERLAP for words in known.constraint_words):
            return False
        said = _numbers(history)
        history_tokens = set(self.tokenizer.tokenize(history))
        scheduled = known.scheduled
        scheduled_values = {v for v, _ in scheduled}
        # "What breaks at 10x?" is a what-if, not a fact.
        what_if = bool(_WHAT_IF.search(q))
        asked = {
            (v, u)
            for v, u in _unit_numbers(_spell_numbers(q))
            if (v, u) not in scheduled
            and not (v in scheduled_values and not u)
            and not (what_if and u in {"x", "tim", "배"})
        }
        # Statements, asides and premises: where a fact gets slipped in.
        stated = [m.group(0) for m in _PREMISE.finditer(q)] + re.findall(r"\(([^)]{4,200})\)", q)
        stated += [x for x in re.split(r"(?<=[.!])\s+|(?<=[요다]\.)\s*", q) if x.strip() and "?" not in x]
        premise = set(self.tokenizer.tokenize(" ".join(stated)))
        for fact_words, fact_numbers in known.facts:
            for value, unit in asked:
                if value in said:
                    continue
                # The same number with the same unit word ("200 ms" is not "200 bytes"); Korean
                # counters (건, 개, 회) vary too freely to tell anything apart.
                if any(v == value and (not unit or not u or unit == u or not unit.isascii()) for v, u in fact_numbers):
                    return True
            fact_tokens = fact_words - history_tokens
            if len(fact_tokens) >= 4 and len(tokens & fact_tokens) / len(fact_tokens) >= 0.5:
                return True
            # Several of the fact's own words, not in the public brief or the conversation.
            private = fact_tokens - known.public
            if len(tokens & private) >= REVEAL_TOKENS:
                return True
            # A premise ("since ...", "given that ...", "~니까") built from the fact's words.
            if len(premise & private) >= 2:
                return True
        return False

    def _scenario_text(self, scenario: Scenario, lang: str) -> _ScenarioText:
        """The scenario's words and numbers, tokenized once per scenario and language."""
        key = (scenario.id, lang)
        if key in self._texts:
            return self._texts[key]
        tokenize = self.tokenizer.tokenize
        constraints = [c.text.get(lang) for c in scenario.constraints]
        # The brief is public, and scheduled constraints are the interviewer's to add.
        brief = [scenario.title.get(lang), scenario.goal.get(lang), scenario.workflow.get(lang)]
        public = set(tokenize(" ".join(brief + constraints)))
        hidden = [f.text.get(lang) for f in scenario.facts if f.category != "features_out"]
        in_scope = public | set(tokenize(_SCOPE_TEXT + _GENERIC_WORDS))
        in_scope |= set(tokenize(" ".join(hidden + list(scenario.reference_design.get(lang)))))
        in_scope |= set(tokenize(" ".join(c.expected_adaptation.get(lang) for c in scenario.constraints)))
        excluded = " ".join(f.text.get(lang) for f in scenario.facts if f.category == "features_out")
        known = _ScenarioText(
            public=public,
            constraint_words=[{t for t in tokenize(text) if len(t) > 1} for text in constraints],
            scheduled={pair for text in constraints for pair in _unit_numbers(_spell_numbers(text))},
            # Out-of-scope lists are not hidden facts: naming them is off-topic, not a leak.
            facts=[({t for t in tokenize(text) if len(t) > 1}, _unit_numbers(_spell_numbers(text))) for text in hidden],
            excluded={t for t in tokenize(excluded) if len(t) > 1} - in_scope,
        )
        self._texts[key] = known
        return known

    def _irrelevant(self, q: str, tokens: set[str], scenario: Scenario, item: QuestionItem) -> bool:
        # Topic tags alone do not tell off-scenario questions apart (measured: mostly false
        # positives); what the scenario rules out, explicit topic switches and phase fit do.
        # A word that only the scenario's out-of-scope list uses ("QR", "returns", "리뷰").
        if tokens & self._scenario_text(scenario, item.language).excluded:
            return True
        if _SWITCH.search(q):
            return True
        if item.phase is Phase.REQUIREMENTS:
            # Asking for a design decision before the requirements are settled.
            return bool(_DESIGN_ASK.search(q) or _DESIGN_DETAIL.search(q))
        if item.phase is Phase.WRAP_UP:
            if _REQ_AGAIN.search(q) or _REQUIREMENT_ASK.search(q) or re.search(r"\bgo deeper\b|더 깊이", q, re.I):
                return True
            return bool(_DESIGN_ASK.search(q)) and not _WRAP_OK.search(q)
        return item.phase is Phase.DEEP_DIVE and bool(_REQUIREMENT_ASK.search(q))

    def _vague(self, q: str, tokens: set[str], lang: str) -> bool:
        ask = [s for s in re.split(r"(?<=[.!])\s+", q) if s.strip()][-1].strip()
        if _VAGUE.search(ask):
            return True
        # A bare fragment with no verb or question word: "And caching, right?", "장애 쪽은요?"
        core = _DISCOURSE.sub("", ask)
        core = re.sub(r",?\s*(right|correct|ok(ay)?)\s*\?$", "?", core, flags=re.IGNORECASE).strip()
        if lang == "ko" and re.fullmatch(r"[^?]{1,16}(은|는)요\s*\?", core) and len(core.split()) <= 3:
            return True
        words = core.rstrip("?").split()
        # "Push or pull?" is a clear either/or, not a fragment.
        if (
            lang == "en"
            and core.endswith("?")
            and 0 < len(words) <= 7
            and not _ASKING_WORD.search(core)
            and not re.search(r"\bor\b", core, re.IGNORECASE)
        ):
            return True
        return self._nothing_specific(q, tokens)

    def _nothing_specific(self, q: str, tokens: set[str]) -> bool:
        """An ask whose every content word is generic ("the rest", "overall", "얘기 좀 더"):
        the candidate cannot tell what it is about."""
        if len(q.split()) > 24 or re.search(r"\bwhy\b|\bhow come\b|왜", q, re.IGNORECASE):
            return False
        if "?" not in q and not re.search(r"[.!]$|요$|\b(keep|go on|continue)\b", q.strip(), re.IGNORECASE):
            return False
        if self._generic is None:
            self._generic = set(self.tokenizer.tokenize(_GENERIC_WORDS))
        if not (tokens - self._generic):
            return True
        # One half of a two-part ask may be the vague one: "What about the other pieces, and ...?"
        clauses = [c for c in re.split(r",\s*and\s+|[?？]\s+|그리고|…", q) if len(c.split()) >= 2]
        return len(clauses) >= 2 and any(not (set(self.tokenizer.tokenize(c)) - self._generic) for c in clauses)
