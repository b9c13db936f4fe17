"""Numbers in candidate text: "11.5k", "3억", "300 million", "9 TB", "1,200 QPS"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(
    r"(?<![\w.:])(\d+(?:[.,]\d+)*)(?:\s*(k|m|b|bn|thousand|million|billion|trillion|십만|백만|천만|십억|백억|천억|천|만|억|조)"
    r"(?=(?:bps)?(?![a-z])))?"
    # a unit written straight after the number ("1.9TB", "50ms", "100x") does not hide it
    r"(?=(?:[kmgtpe]i?b|b|[kmgt]?bps|ms|x|s|qps|rps|tps)?(?![a-z]))",
    re.IGNORECASE,
)
_SCALE = {
    "k": 1e3, "thousand": 1e3, "천": 1e3, "만": 1e4, "m": 1e6, "million": 1e6, "억": 1e8,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "trillion": 1e12, "조": 1e12,
    # Korean compounds: "3천만" is 3 x 1,000 x 10,000.
    "십만": 1e5, "백만": 1e6, "천만": 1e7, "십억": 1e9, "백억": 1e10, "천억": 1e11,
}  # fmt: skip
_BYTES = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15, "eb": 1e18}
_BYTE_UNIT = re.compile(r"^\s*(kb|mb|gb|tb|pb|eb)\b", re.IGNORECASE)
_PER_DAY = re.compile(r"per day|a day|/day|daily|하루|일에|일당|/일", re.IGNORECASE)
_PER_MONTH = re.compile(r"per month|a month|/month|monthly|한 달|월간|월에|/월", re.IGNORECASE)
SECONDS_PER_DAY = 86_400.0
SECONDS_PER_MONTH = 30 * SECONDS_PER_DAY


@dataclass(frozen=True)
class Number:
    value: float
    start: int
    end: int
    byte_unit: str | None


def find_numbers(text: str) -> list[Number]:
    """Every number with its multiplier applied, and the byte unit right after it, if any."""
    found: list[Number] = []
    for match in _NUMBER.finditer(text):
        digits, scale = match.group(1), (match.group(2) or "").lower()
        try:
            value = (
                float(digits.replace(",", ""))
                if digits.count(",") != 1 or len(digits.split(",")[1]) == 3
                else float(digits.replace(",", "."))
            )
        except ValueError:
            continue
        value *= _SCALE.get(scale, 1.0)
        unit = _BYTE_UNIT.match(text[match.end() :])
        previous = found[-1] if found else None
        joined = previous is not None and not text[previous.end : match.start()].strip()
        above = _KO_SCALES.get(_scale_of(text, previous), 0) if joined and previous is not None else 0
        if (
            previous is not None
            and joined
            and ((scale in _KO_SCALES and above > _SCALE[scale]) or (not scale and not unit and 0 < value < above))
        ):
            # "1만 1천", "1억 2천만" and "1만 1,500" are one number
            found[-1] = Number(previous.value + value, previous.start, match.end(), None)
            continue
        found.append(Number(value, match.start(), match.end(), unit.group(1).lower() if unit else None))
    return found


_KO_SCALES = {k: v for k, v in _SCALE.items() if not k.isascii()}


def _scale_of(text: str, number: Number) -> str:
    """The Korean scale word a number ends with ("1만" -> "만"), or ""."""
    tail = text[number.start : number.end].rstrip()
    return next((k for k in sorted(_KO_SCALES, key=len, reverse=True) if tail.endswith(k)), "")


def to_unit(number: Number, unit: str, context: str) -> float:
    """Convert a mentioned number into the estimation fact's unit where the text says how."""
    target = unit.lower()
    if number.byte_unit and target in _BYTES:
        return number.value * _BYTES[number.byte_unit] / _BYTES[target]
    if "/s" in target or "per second" in target or target in {"qps", "rps"}:
        if _PER_DAY.search(context):
            return number.value / SECONDS_PER_DAY
        if _PER_MONTH.search(context):
            return number.value / SECONDS_PER_MONTH
    return number.value
