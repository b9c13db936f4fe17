"""Cues for reading a candidate's sentence: meta requests, concept questions, reasons, vague
phrases and what a clarifying question is about. English and Korean, one place.

These are the offline reading's word-level rules; the model observer fills the same fields.
"""

from __future__ import annotations

import re
from typing import Literal

MetaKind = Literal["move_on", "clarify", "are_you_there", "hint", "concept", "end"]
Depth = Literal["named", "reasoned", "examined"]
DEPTH_RANK: dict[str, int] = {"named": 1, "reasoned": 2, "examined": 3}

_I = re.IGNORECASE

META: dict[str, re.Pattern[str]] = {
    "end": re.compile(
        r"\b(let'?s|can we|could we|i'?d like to|i want to|i'?ll)\s+(stop|end|finish|call it)\b|"
        r"\b(end|stop|finish)\s+(the|this)\s+(interview|session)\b|\bi'?m done\b|\bthat'?s all (i have|from me)\b|"
        r"\bi('ll| will) stop here\b|\bno more time\b|\bi (have to|need to|must) (go|leave|drop)\b|\bgood (place|point|spot) to (stop|end)\b|"
        r"\b(i think )?that covers (it|everything)\b|\bi'?m (mostly |pretty much |about )?done\b|\bi think that'?s (all|it)\s*[.!]*\s*$|\bthat'?s all i (had|have|got)\b|\bthat'?s (it|everything) from me\b|\bwe can (stop|end) (here|now)\b|"
        r"그만(할게|하겠|하죠|할까|해도|두겠|둘게)|끝낼게|끝내(죠|겠|도 될까|고 싶)|여기까지(만)? ?(할게|하겠|하죠|해도)|"
        r"마무리(하면 될|할까|해도|할게|하겠|하죠)|마칠게|마치겠|마무리(할게|하겠습니다|해도 될까)|면접(을)? (끝|종료)|이만 (할게|하겠|마치)",
        _I,
    ),
    "move_on": re.compile(
        r"\bmove on\b|\bmoving on\b|\blet'?s move (on )?(to|into)\b|\b(go|move) (to|into) (the )?(hld|high[- ]level|design|deep)|\b(can|could|shall|should) (we|i) (go|move|proceed|jump|get|start|continue)\b.{0,30}"
        r"\b(design|architecture|next|deep|high[- ]level|components?|diagram|details?|drawing|wrap)|"
        r"\bnext (part|step|phase|section|stage|topic)\b|\blet'?s (start|go|begin|jump|get) (to|into|on|with)?\s*(the )?"
        r"(design|architecture|high[- ]level|deep|components|drawing|next)|\bready to (design|move|go|start)\b|"
        r"\b(let'?s|can we|could we|shall we) go deeper\b|\b(that'?s|i have) enough (info|information|requirements|context)|\benough (questions|clarifying)\b|"
        r"\bskip (ahead|forward)\b|\bjump (ahead|straight|to)\b|\bgo straight to (the )?(design|high|deep|architecture)|\bmove (forward|ahead) to\b|"
        r"넘어가|다음 (단계|으로|파트|부분|주제)|(hld|설계|상세 설계|deep ?dive)(로|으로)? 가도|설계(를|로)? (시작|들어가|해 ?볼|진행)|본격적으로|"
        r"(요구사항|질문)은 (이 ?정도|충분|됐|그만)|진행해도 (될|괜찮)|상세 설계로|딥 ?다이브",
        _I,
    ),
    "are_you_there": re.compile(
        r"\bare you (still )?(there|here|with me|around)\b|^\s*hello+\s*[?!.]*\s*$|\bhello\s*\?|\banyone (there|home)\b|"
        r"\byou there\b|\bstill there\b|\b(you )?still with me\b|\bbeen quiet\b|\bgone quiet\b|\bping\b|\bcan you hear me\b|"
        r"연결(이)? 끊(겼|긴|어진)|답(이|변이)? 안 (보|와|오|뜨)|여보세요|계세요|계신가요|계시나요|듣고 (계|있)|응답(이)? (없|안)|거기 (계|있)",
        _I,
    ),
    "hint": re.compile(
        r"\bhints?\b|\b(a|any|some|small|little) (clue|nudge|pointers?)\b|\bi'?m (stuck|lost|blanking)\b|\bhelp me\b|\b(any|some) (tips?|help|suggestions?|guidance)\b|"
        r"\bwhere should i (start|go|look|begin)\b|\bwhat should i (focus|think|look) (on|about|at)\b|"
        r"\bpoint me\b|\bwhat would you (look for|expect)\b|"
        r"힌트|막혔|막막|도와주|감이 (안|잘 안)|어디서부터|뭘 (해야|봐야|생각해야)|방향(을|만)? (좀|알려|주)|실마리",
        _I,
    ),
    "clarify": re.compile(
        r"\bwhat do you mean\b|\bwhat did you mean\b|\bwhat does that mean\b|\bwhat are you asking\b|"
        r"\bi don'?t (understand|follow|get (it|what|the))\b|\bnot sure what you('re| are) (asking|after|looking for)|"
        r"\b(could|can) you (rephrase|clarify|repeat|explain what you|say that again|elaborate on (the|your) question)\b|"
        r"\bwhich [\w-]+( [\w-]+)? (do|did) you mean\b|\bwhich [\w-]+( [\w-]+)? you mean\b|\b(sorry|pardon)\s*\?|\bare you asking (about|whether|if)\b|"
        r"\bdo you mean (the|my|a|that)\b|\bnot sure (i|what) (got|get|follow|understood)|\bdidn'?t (quite )?(follow|get|catch)\b|"
        r"\bwhat (part|exactly) are you asking\b|\bnot sure (what|which) .{0,30}\b(mean|pointing|asking|referring|getting)\b|\bnot sure i (parsed|followed|got|understood|caught)\b|\bwhat you mean\b|"
        r"\bwhat exactly (do you|are you) (mean|want|asking)|\bwhich (part|one) are you (asking|referring)|"
        r"무슨 (말씀|뜻|의미|얘기|질문)|어떤 (부분|거|것|걸|\w+)\s?말씀|이해(를|가)? (잘 )?(못|안) ?(했|하겠|돼|되)|못 알아|"
        r"(얘기|말씀)(를|을)? 하신 (건가요|거예요|건지)|말씀하신 (건가요|거예요|게)|어느 (쪽|부분|거)(을|를)? (말씀|얘기)|"
        r"말씀이신지|(다르게|다시|쉽게) 설명|질문(을|이)? (다시|잘 이해|무슨)|다시 (말씀|설명)해|이해(가)? 안 (돼|되)|무슨 뜻|뭘 (물어보|여쭤보|원하)",
        _I,
    ),
}

# Moving on and asking for help are requests: "the client gets a nudge" and "the worker then
# 넘어가요 to the next shard" are design sentences, not meta turns.
REQUEST_FORM = re.compile(
    r"\?|？|\bmoving on\b|\benough\b|\b(let'?s|can we|could we|shall we|should we|may we|can i|could i|i'?ll|i will|i'?d like|i want|i'?m going to|"
    r"please|mind if|happy to|ok if|okay if|i need|i'?m (stuck|lost|blanking)|any)\b|"
    r"주세요|주실|주시|될까|되나요|될지|할게|하겠|할까|갈게|가겠|갈까|괜찮(을까|나요|을지|으면)|싶(어요|습니다|은데)|"
    r"막혔|막막|모르겠|주세|보죠|하죠|가죠|넘어갈게|넘어가겠|넘어가죠|넘어가 ?볼",
    _I,
)
REQUEST_KINDS = ("move_on", "hint")

# A concept question: asks what something is, not what this system's numbers are.
CONCEPT = re.compile(
    r"\bwhat('?s| is| are| was| were) (a |an |the )?[\w -]{2,40}?,? again\b|"
    r"\bwhat (exactly )?(is|are) (?!(we|you|they|i|it|our|your|this|that)\b)(a |an )?[\w-]+( [\w-]+){0,3}\s*(exactly\s*)?\?\s*$|"
    r"\bwhat'?s (a |an )?[\w-]+( [\w-]+){0,3} exactly\b|\bwhat (exactly )?counts as\b|\bwhat (exactly )?makes (something|it|a thing) (a|an)\b|"
    r"\bhow (does|do|is|are) [\w' -]{2,40} (differ|different) from\b|"
    r"\bwhat does [\w -]{2,40} (mean|stand for)\b|\b(can|could) you (explain|remind me( of| what)?|define) (?!(it|that|this|what you|again)\b)(what )?(a |an |the )?[\w-]|"
    r"\bremind me what\b|\bhow does [\w -]{2,30} work( again)?\s*\?\s*$|\bwhat'?s the difference between\b|"
    r"\bterminology check\b|\bjust to make sure i (have|got) the (term|definition)|"
    r"(뭐(였|예|에|야|지|죠|더라|였더라|였죠|인가요|예요|에요)|무엇(인가요|이에요|이죠)|뭔가요|뭐죠)\s*[?？]?\s*$|"
    r"어떤 개념|개념이(었|였)?(죠|나요|던가)|용어 (확인|정리)|차이가 뭐|차이(점)?(이|은)? (뭐|무엇)|뜻이 뭐|"
    r"(설명해 ?주실|설명 좀)|어떻게 동작하(나요|죠|는 거)",
    _I,
)
# A statement that announces a concept question ("용어 확인 좀 할게요").
TERM_CHECK = re.compile(
    r"\bterminology check\b|\bquick (definition|terminology)\b|용어 (확인|정리)|개념 (확인|정리)", _I
)
# "what is the scale / traffic / latency" asks for a fact, not a concept.
FACT_NOUNS = re.compile(
    r"\b(scope|scale|traffic|qps|rps|users?|dau|mau|latency|availability|sla|slo|budget|size|volume|ratio|retention|"
    r"stack|requirements?|numbers?|peak|limits?|expected|target|deadline|team|cost|region|growth|load)\b|"
    r"규모|트래픽|사용자|지연|가용성|예산|크기|용량|비율|보관|스택|요구사항|피크|목표|비용|리전|성장|부하|몇",
    _I,
)

REASON = re.compile(
    r"\bbecause\b|\bsince\b|\bso that\b|\bso we\b|\bso it\b|\bso the\b|\bwhich means\b|\bthat way\b|\bto (avoid|keep|handle|"
    r"absorb|reduce|prevent|make sure|ensure|spread|survive|serve|meet|cut|stay|get)\b|\bgiven\b|\bdue to\b|\bthanks to\b|"
    r"\bin order to\b|\botherwise\b|\bwhich (gives|keeps|lets|avoids|means)\b|\bcan'?t\b|\bwon'?t\b|\bnever\b|"
    r"\bfor (durability|availability|latency|consistency|throughput|ordering|cost)\b|->|→|=>|\s[-–—:]\s|:\s|"
    r"때문|니까|위해|위해서|므로|그래서|해서|이라서|라서|덕분|하면|면\s|려고|도록|기 때문|으로 인해|안 되|못 ",
    _I,
)
EXAMINE = re.compile(
    r"trade-?off|\bvs\.?\b|versus|instead of|rather than|at the cost of|downside|drawback|the cost is|"
    r"\bbut\b|\bhowever\b|on the other hand|alternative|if (it|that|the \w+|a \w+) (fails?|dies|goes down|crashes|is down)|"
    r"failure|fails? over|failover|worst case|risk|bottleneck|hot ?spot|single point|"
    r"트레이드오프|대신|반면|단점|장단점|비용이 들|희생|하지만|그런데|만약 .{1,12}(죽|장애|실패|다운)|장애|실패|병목|위험|최악",
    _I,
)
VAGUE = re.compile(
    r"\bor something( like that)?\b|\bor whatever\b|\bsomehow\b|\bsome kind of\b|\bsome sort of\b|\bsomething like\b|"
    r"\band stuff\b|\band so on\b|\betc\.?|\bblah\b|\bi guess\b|\bprobably just\b|\bjust use\b|\bjust add\b|"
    r"\bmagic(ally)?\b|\bit (should|will) (just )?(scale|work|be fine)\b|\bhandle it\b|"
    r"뭐 그런|그런 식|그런 거|같은 거|어떻게든|적당히|알아서|대충|등등|뭐 이런|뭔가|아마 (그냥|될)|그냥 .{1,10}(쓰면|두면|하면) (될|되)",
    _I,
)
DESIGN_FLOW = re.compile(
    r"->|→|=>|\bflow\b|\bthen\b.{0,40}\b(to|into|writes?|reads?|calls?|sends?)\b|거쳐|흐름|그다음|보내고|넣고", _I
)
ASSUMPTION = re.compile(
    r"\bassum|\blet'?s say\b|\bi'?ll take\b|\bsuppose\b|\bi'?ll go with\b|\bi'?d go with\b|가정|라고 (보|치)|이라고 (보|치)|"
    r"로 잡|으로 잡|로 가정|정도로 보",
    _I,
)

# What a clarifying question is about, when it matches no fact's question forms. Each fact
# category maps to words a candidate may use for it; a hidden fact is answered, never "your call".
FACT_CATEGORY_CUES: dict[str, re.Pattern[str]] = {
    "scale": re.compile(
        r"how (big|large|many|much)\b|\bscale\b|\bsize of\b|\busers?\b|\bdau\b|\bmau\b|\bvolume\b|\bhow popular\b|"
        r"규모|얼마나 (커|크|많|큰)|사용자(가|는|수)|몇 명|몇 개|볼륨|DAU|MAU",
        _I,
    ),
    "traffic": re.compile(
        r"\btraffic\b|\bqps\b|\brps\b|\bpeak\b|\bspikes?\b|\bper second\b|\bthroughput\b|\bload\b|\bbursts?\b|"
        r"트래픽|피크|초당|처리량|부하|몰리|급증|튀",
        _I,
    ),
    "read_write_ratio": re.compile(
        r"\bread[- /]+(to[- ])?write\b|\bread[- ]heavy\b|\bwrite[- ]heavy\b|\bratio\b|읽기.{0,6}쓰기|비율", _I
    ),
    "latency": re.compile(
        r"\blatency\b|\bhow fast\b|\bp9\d\b|\bresponse time\b|\bms\b|\bslow\b|지연|응답 ?시간|빨라야|속도", _I
    ),
    "availability": re.compile(
        r"\bavailab|\bnines?\b|\buptime\b|\bdowntime\b|\bsla\b|가용성|다운타임|장애 허용|나인", _I
    ),
    "consistency": re.compile(
        r"\bconsisten|\bstale\b|\bimmediately\b|\bright away\b|\bread.after|일관성|바로 (보|반영)|즉시", _I
    ),
    "retention": re.compile(
        r"\bretention\b|\bretain\b|\bhow long\b.{0,30}\b(keep|store)|\bkeep .{0,20}(forever|for how)|\bexpire|보관|보존|얼마나 오래|만료",
        _I,
    ),
    "stack": re.compile(
        r"\bstack\b|\bcloud\b|\baws\b|\bgcp\b|\bazure\b|\blanguage\b|\bteam (uses|knows|runs)|\bexisting (infra|tools)|스택|클라우드|인프라|언어|기존",
        _I,
    ),
    "features_in": re.compile(
        r"\bfeatures?\b|\bin scope\b|\bscope\b|\buse ?cases?\b|\bfunctional\b|\bmust (it|we) support\b|기능|범위|유스케이스",
        _I,
    ),
    "features_out": re.compile(r"\bout of scope\b|\bnot (need|build)|\bskip\b|\bexclude|제외|빼도|안 만들", _I),
    "security": re.compile(
        r"\bsecurity\b|\babuse\b|\bspam\b|\bauth\b|\blog ?in\b|\bmalicious\b|\bprivacy\b|보안|악용|스팸|인증|로그인|개인정보",
        _I,
    ),
    "cost": re.compile(r"\bcost\b|\bbudget\b|\bcheap\b|\bexpensive\b|\bprice\b|\$|비용|예산|가격|돈", _I),
    "clients": re.compile(
        r"\bclients?\b|\bmobile\b|\bweb\b|\bdevices?\b|\bapps?\b|\bwho (uses|calls)\b|클라이언트|모바일|앱|기기|단말",
        _I,
    ),
    "data": re.compile(
        r"\bhow big is (each|a|one)\b|\bpayload\b|\brecord size\b|\bobject size\b|\bformat\b|\bschema\b|크기가|레코드|페이로드|포맷|스키마",
        _I,
    ),
}

# A question about the candidate's own design choice is theirs to decide, not a fact request.
DESIGN_ASK = re.compile(
    r"\b(should|can|could|may|shall) (i|we) (use|add|put|pick|choose|go with|just)\b|\bis (it|that) (ok|okay|fine|alright|reasonable|acceptable)\b|"
    r"\bwould (it|that) (be|work)\b|\bdo you (want|prefer|think|like)\b|\bis \w+ (a good|the right|better)\b|"
    r"써도 (될|되|괜찮)|쓰면 (될|되|어때)|해도 (될|되|괜찮)|괜찮을까|괜찮나요|좋을까|어떨까|나을까|맞을까|맞나요",
    _I,
)
# Where one question sentence holds two asks: "how fast ... and what's the availability target?"
QUESTION_JOIN = re.compile(
    r",?\s+(?:and|also|plus|or)\s+(?=(?:what|how|which|is|are|do|does|can|will|would|should|who|where|when|any)\b)|"
    r"[,;]\s*(?=(?:what|how|which|is there|are there|do we|does)\b)|\s+그리고\s+|\s+또\s+|(?<=[지고])[,，]\s+",
    _I,
)
