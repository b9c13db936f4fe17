"""Numbers with their meaning: a number is bound to a quantity by the unit and noun around it.

"302 redirect" is a status code, "Kafka 3.6" a version, "1000명 단위" a batch size, "top 10"
a list size, "2019" a year: none of them is an estimate. "115 writes/s", "9 TB", "초당 1만 건",
"300M a month" carry a dimension (rate, bytes, count...) and, for rates, a period. The
interviewer and the grader both read numbers through `bind_numbers`, so they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from interviewer.numbers import find_numbers


class Dim(StrEnum):
    RATE = "rate"  # events per period (per second unless `per` says otherwise)
    BYTES = "bytes"
    BYTE_RATE = "byte_rate"
    BIT_RATE = "bit_rate"
    COUNT = "count"  # a number of things (users, links, servers)
    MONEY = "money"
    PERCENT = "percent"
    RATIO = "ratio"  # 100x, 3배, 100:1
    DURATION = "duration"
    NONE = "none"  # a bare number


class Role(StrEnum):
    QUANTITY = "quantity"
    STATUS_CODE = "status_code"
    YEAR = "year"
    VERSION = "version"
    LIST_SIZE = "list_size"  # top 10, page of 20, 1000명 단위, step 2


SECONDS = {
    "second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86_400.0, "week": 604_800.0,
    "month": 2_592_000.0, "year": 31_536_000.0,
}  # fmt: skip
_BYTE_SCALE = {"b": 1.0, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15, "eb": 1e18}
_BIT_SCALE = {"bps": 1.0, "kbps": 1e3, "mbps": 1e6, "gbps": 1e9, "tbps": 1e12}
_STATUS_CODES = {200, 201, 202, 204, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 409, 410, 413}
_STATUS_CODES |= {415, 422, 425, 429, 500, 501, 502, 503, 504}

_BYTES_AFTER = re.compile(
    r"^\s*(?P<u>[kmgtpe]i?b|bytes?|바이트|킬로바이트|메가바이트|기가바이트|테라바이트|페타바이트|b)(?![a-z])", re.I
)
_KO_BYTES = {
    "바이트": "b",
    "킬로바이트": "kb",
    "메가바이트": "mb",
    "기가바이트": "gb",
    "테라바이트": "tb",
    "페타바이트": "pb",
}
_BITS_AFTER = re.compile(r"^\s*(?P<u>[kmgt]?bps|[kmgt]bit/s)\b", re.I)
_PER_SECOND_AFTER = re.compile(
    r"^\s*(?:[a-z가-힣-]+(?:\s+|(?=/))){0,3}?(?:/\s*s(?:ec)?\b|per\s+sec(?:ond)?\b|a\s+sec(?:ond)?\b|each\s+second|qps\b|rps\b|tps\b|"
    r"ops\b|/초|per\s+s\b)",
    re.I,
)
_PERIOD_AFTER = re.compile(
    r"^\s*(?:[a-z가-힣-]+\s+){0,3}?(?:(?:\bper|\ba|\ban|\beach|\bevery)\s+|/\s*)(?P<p>min(?:ute)?|hour|h|day|d|month|mo|year|yr|week)\b|"
    r"^\s*(?:[a-z가-힣-]+\s+){0,3}?(?P<adj>daily|monthly|hourly|yearly|annually|weekly)\b",
    re.I,
)
_PERIOD_BEFORE = re.compile(
    r"(?P<p>초당|분당|시간당|하루(?:에)?|일일|일간|일당|매일|한\s*달(?:에)?|월간|매달|월|연간|1년에|일년에|한\s*해)\s*(?:[가-힣a-zA-Z]+\s*){0,2}$"
)
_KO_PERIOD = {
    "초당": "second", "분당": "minute", "시간당": "hour", "하루": "day", "하루에": "day", "일일": "day", "일간": "day",
    "일당": "day", "매일": "day", "한달": "month", "한달에": "month", "월간": "month", "매달": "month", "월": "month",
    "연간": "year", "1년에": "year", "일년에": "year", "한해": "year",
}  # fmt: skip
_EN_PERIOD = {"min": "minute", "minute": "minute", "hour": "hour", "h": "hour", "day": "day", "d": "day"}
_EN_PERIOD |= {"month": "month", "mo": "month", "year": "year", "yr": "year", "week": "week"}
_EN_PERIOD |= {"daily": "day", "monthly": "month", "hourly": "hour", "yearly": "year", "annually": "year"}
_EN_PERIOD |= {"weekly": "week"}
_PERCENT_AFTER = re.compile(r"^\s*(%|percent\b|퍼센트|프로\b)", re.I)
_RATIO_AFTER = re.compile(r"^\s*(x\b|×|배|times\b|to\s*1\b|:\s*1\b)", re.I)
_RATIO_BEFORE = re.compile(r"(1\s*:\s*|1\s+to\s+)$", re.I)
_DURATION_AFTER = re.compile(
    r"^\s*(ms|msec|milliseconds?|밀리초|µs|us|seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?|"
    r"초|분|시간|일|주|개월|달|년)(?![a-z])",
    re.I,
)
_MONEY_BEFORE = re.compile(r"(\$|₩|USD\s*|KRW\s*)$", re.I)
_MONEY_AFTER = re.compile(r"^\s*(dollars?|usd|krw|won\b|원|달러)", re.I)
_STATUS_CONTEXT = re.compile(
    r"\b(http|status|code|redirect|response|error|return(s|ing)?|respond|found|moved|permanent|temporary|too many)\b|"
    r"리다이렉트|상태|코드|응답|에러|오류|반환",
    re.I,
)
_VERSION_MARK = re.compile(r"(\bv|\bversion\s*|버전\s*)$", re.I)
_NAMED_VERSION = re.compile(r"\b[A-Z][A-Za-z+#]*[ /-]?$")  # "Kafka 3.6", "Java 17", "HTTP/2"
_TECH_VERSION = re.compile(
    r"\b(?:http|tls|ssl|ipv|python|java|go|node|redis|kafka|postgres(?:ql)?|mysql|spark|elasticsearch|cassandra|"
    r"kubernetes|k8s|ios|android|ubuntu|debian|oauth|mongodb|scylla|flink|grpc|dynamodb)\s*/?\s*$",
    re.I,
)
_ADJECTIVES = {"active", "daily", "new", "total", "unique", "concurrent", "monthly", "average", "peak", "more", "extra"}
_LIST_BEFORE = re.compile(
    r"(\btop|\bfirst|\blast|\bpage(?: of)?|\bstep|\bphase|\bpart|\boption|\bbatch(?:es)? of|\bbatch(?:es)?|\bchunks? of|"
    r"\bgroups? of|\bround|#|\bno\.|\bidx|\bindex|\bid|\bp)\s*$",
    re.I,
)
_LIST_AFTER = re.compile(
    r"^(?:st|nd|rd|th)\b|^\s*(?:[가-힣]+\s*)?(단위|씩|번째|등\b|위\b|순위|페이지당)|^\s*(per page|items? per page|at a time|results\b)",
    re.I,
)
_NOUN_AFTER = re.compile(r"^\s*(?P<n>[a-z][a-z-]{0,20}|[가-힣]{1,6})(?:\s+(?P<n2>[a-z][a-z-]{1,20}))?", re.I)
_KO_COUNTERS = {"명", "개", "건", "대", "번", "회", "통", "개의", "건의", "명의", "대의"}
_STOP_NOUNS = {"a", "an", "the", "of", "per", "and", "or", "to", "in", "on", "at", "for", "is", "are", "so", "with"}


@dataclass(frozen=True)
class Bound:
    """One number in a text, with what it measures."""

    text: str  # as written, with its unit
    value: float  # in base units: bytes for sizes, bits/s for bit rates, events per `per` for rates
    dim: Dim
    role: Role
    per: str | None  # period of a rate ("second", "day", ...)
    noun: str  # the word after it ("users", "links", "명")
    start: int
    end: int

    @property
    def is_quantity(self) -> bool:
        return self.role is Role.QUANTITY

    def per_second(self) -> float | None:
        """The value as a per-second rate, when it is a rate."""
        if self.dim not in {Dim.RATE, Dim.BYTE_RATE, Dim.BIT_RATE} or self.per is None:
            return None
        return self.value / SECONDS[self.per]


def bind_numbers(text: str) -> list[Bound]:
    """Every number in `text` with its dimension, period and role."""
    out: list[Bound] = []
    for n in find_numbers(text):
        before, after = text[max(0, n.start - 40) : n.start], text[n.end :]
        raw = text[n.start : n.end].strip()
        value = n.value
        dim, per, unit_end = Dim.NONE, None, n.end
        integral = float(value).is_integer() and "." not in raw and not re.search(r"[kmb억만천조]", raw, re.I)
        if (m := _BYTES_AFTER.match(after)) is not None:
            unit = m.group("u").lower().replace("i", "")
            unit = _KO_BYTES.get(unit, unit)
            unit = "b" if unit in {"byte", "bytes"} else unit
            value *= _BYTE_SCALE.get(unit, 1.0)
            dim, unit_end = Dim.BYTES, n.end + m.end()
            rest = after[m.end() :]
            if (p := re.match(r"^\s*(/\s*s(?:ec)?\b|per\s+sec(?:ond)?\b|a\s+second)", rest, re.I)) is not None:
                dim, per, unit_end = Dim.BYTE_RATE, "second", unit_end + p.end()
            elif (p := _PERIOD_AFTER.match(rest)) is not None:
                dim, per, unit_end = (
                    Dim.BYTE_RATE,
                    _EN_PERIOD[(p.group("p") or p.group("adj")).lower()],
                    unit_end + p.end(),
                )
        elif (m := _BITS_AFTER.match(after)) is not None:
            unit = m.group("u").lower().replace("bit/s", "bps")
            value *= _BIT_SCALE.get(unit, 1.0)
            dim, per, unit_end = Dim.BIT_RATE, "second", n.end + m.end()
        elif (m := _PERCENT_AFTER.match(after)) is not None:
            dim, unit_end = Dim.PERCENT, n.end + m.end()
        elif (m := _RATIO_AFTER.match(after)) is not None or _RATIO_BEFORE.search(before):
            dim = Dim.RATIO
            unit_end = n.end + (m.end() if m else 0)
        elif _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after):
            dim = Dim.MONEY
            if (m := _MONEY_AFTER.match(after)) is not None:
                unit_end = n.end + m.end()
            if (p := _PERIOD_AFTER.match(text[unit_end:])) is not None:
                per = _EN_PERIOD[(p.group("p") or p.group("adj")).lower()]
        elif (m := _DURATION_AFTER.match(after)) is not None and not _rate_word_before(before):
            dim, unit_end = Dim.DURATION, n.end + m.end()
        elif (m := _PER_SECOND_AFTER.match(after)) is not None:
            dim, per, unit_end = Dim.RATE, "second", n.end + m.end()
        elif (m := _PERIOD_AFTER.match(after)) is not None:
            dim, per, unit_end = Dim.RATE, _EN_PERIOD[(m.group("p") or m.group("adj")).lower()], n.end + m.end()
        if dim is Dim.NONE and (k := _PERIOD_BEFORE.search(before)) is not None:
            dim, per = Dim.RATE, _KO_PERIOD[re.sub(r"\s+", "", k.group("p"))]
        noun = _noun(after[unit_end - n.end :])
        if dim is Dim.NONE and noun and noun not in _STOP_NOUNS:
            dim = Dim.COUNT
        role = _role(value, integral, dim, before, after, raw, noun)
        shown = text[n.start : unit_end].strip()
        out.append(Bound(shown, value, dim, role, per, noun, n.start, unit_end))
    return out


def _rate_word_before(before: str) -> bool:
    """ "초당 10만" reads as a rate even when a duration-like word follows."""
    return bool(re.search(r"(초당|분당|시간당)\s*$", before))


def _noun(after: str) -> str:
    m = _NOUN_AFTER.match(after)
    if m is None:
        return ""
    word = m.group("n").lower()
    if word in _ADJECTIVES and m.group("n2"):
        word = m.group("n2").lower()
    if word in _KO_COUNTERS or (word[:1] in _KO_COUNTERS and len(word) <= 2):
        # "3억 명의 사용자" -> the counter; the noun that follows is the thing
        return word[:1]
    return word


def _role(value: float, integral: bool, dim: Dim, before: str, after: str, raw: str, noun: str) -> Role:
    if _LIST_BEFORE.search(before[-14:]) or _LIST_AFTER.match(after):
        return Role.LIST_SIZE
    countable = noun.endswith("s") or noun in _KO_COUNTERS
    if integral and dim in {Dim.NONE, Dim.COUNT}:
        v = int(value)
        if v in _STATUS_CODES and (dim is Dim.NONE or _STATUS_CONTEXT.search(before[-25:] + " " + after[:25])):
            return Role.STATUS_CODE
        if 100 <= v <= 599 and dim is Dim.NONE and _STATUS_CONTEXT.search(before[-12:] + " " + after[:14]):
            return Role.STATUS_CODE
        if 1970 <= v <= 2039 and len(raw) == 4 and (not countable or re.match(r"^\s*년", after)):
            return Role.YEAR
    if dim in {Dim.NONE, Dim.COUNT} and value < 100:
        near = before[-16:]
        if _VERSION_MARK.search(near) or (not integral and _NAMED_VERSION.search(near)):
            return Role.VERSION
        if _TECH_VERSION.search(near) and not countable:
            return Role.VERSION
    if re.match(r"^\.\d", after):  # 3.6.1 style
        return Role.VERSION
    return Role.QUANTITY


# -- estimates ---------------------------------------------------------------------------

_UNIT_DIMS: dict[str, tuple[Dim, str | None]] = {
    "gb": (Dim.BYTES, None), "tb": (Dim.BYTES, None), "pb": (Dim.BYTES, None), "mb": (Dim.BYTES, None),
    "gb/s": (Dim.BYTE_RATE, "second"), "tb/day": (Dim.BYTE_RATE, "day"), "pb/day": (Dim.BYTE_RATE, "day"),
    "gbps": (Dim.BIT_RATE, "second"), "tbps": (Dim.BIT_RATE, "second"), "mbps": (Dim.BIT_RATE, "second"),
    "usd/month": (Dim.MONEY, "month"), "krw": (Dim.MONEY, None), "usd": (Dim.MONEY, None),
}  # fmt: skip


def unit_dimension(unit: str) -> tuple[Dim, str | None, float]:
    """An estimation fact's unit as (dimension, period, scale to base units)."""
    u = unit.strip().lower()
    if u in _UNIT_DIMS:
        dim, per = _UNIT_DIMS[u]
        head = u.split("/")[0]
        scale = _BYTE_SCALE.get(head, _BIT_SCALE.get(head, 1.0))
        return dim, per, scale
    if u.endswith("/s") or u in {"qps", "rps"}:
        return Dim.RATE, "second", 1.0
    return Dim.COUNT, None, 1.0


def in_unit(bound: Bound, unit: str) -> float | None:
    """`bound` expressed in the estimation fact's unit, or None when the dimensions differ."""
    dim, per, scale = unit_dimension(unit)
    if dim is Dim.RATE:
        if bound.dim is not Dim.RATE or bound.per != "second":
            return None
        return bound.value
    if dim is Dim.COUNT:
        return bound.value if bound.dim in {Dim.COUNT, Dim.NONE} else None
    if dim is Dim.BYTE_RATE:
        if bound.dim is Dim.BYTE_RATE and bound.per is not None and per is not None:
            return bound.value / SECONDS[bound.per] * SECONDS[per] / scale
        return None
    if dim is Dim.BIT_RATE:
        if bound.dim is Dim.BIT_RATE:
            return bound.value / scale
        if bound.dim is Dim.BYTE_RATE and bound.per is not None:
            return bound.value * 8 / SECONDS[bound.per] / scale
        return None
    if dim is Dim.MONEY:
        return bound.value if bound.dim in {Dim.MONEY, Dim.NONE} else None
    if dim is Dim.BYTES:
        return bound.value / scale if bound.dim is Dim.BYTES else None
    return None


# -- showing numbers to people --------------------------------------------------------------


def plain(value: float, language: str = "en") -> str:
    """A number as people write it: 11,500 / 18 billion / 1.15만 / 180억; never scientific notation."""
    if value <= 0:
        return "0"
    if language == "ko":
        if value >= 1e12:
            return f"{_sig(value / 1e12)}조"
        if value >= 1e8:
            return f"{_sig(value / 1e8)}억"
        if value >= 1e4:
            return f"{_sig(value / 1e4)}만"
        return _small(value)
    if value >= 1e12:
        return f"{_sig(value / 1e12)} trillion"
    if value >= 1e9:
        return f"{_sig(value / 1e9)} billion"
    if value >= 1e6:
        return f"{_sig(value / 1e6)} million"
    return _small(value)


def _sig(value: float) -> str:
    text = f"{value:,.3g}" if value < 1000 else f"{round(value):,}"
    return text if "e" not in text else f"{value:,.0f}"


def _small(value: float) -> str:
    if value >= 100:
        return f"{round(value):,}"
    if value >= 1:
        return f"{value:.3g}"
    if value >= 0.01:
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return "less than 0.01"
