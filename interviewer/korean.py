"""Korean particles after a filled-in word: "캐싱을(를)" -> "캐싱을", "서버을(를)" -> "서버를"."""

from __future__ import annotations

import re

# Template spelling -> (after a final consonant, after a vowel).
_PAIRS = {
    "은(는)": ("은", "는"),
    "이(가)": ("이", "가"),
    "을(를)": ("을", "를"),
    "과(와)": ("과", "와"),
    "와(과)": ("과", "와"),
    "(으)로": ("으로", "로"),
    "이라고": ("이라고", "라고"),
    "(이)군요": ("이군요", "군요"),
}
_PATTERN = re.compile(r"(\S)(" + "|".join(re.escape(k) for k in _PAIRS) + ")")
_DIGIT_CONSONANT = set("0136780")  # 영, 일, 삼, 육, 칠, 팔, 공: end in a consonant


def has_final_consonant(char: str) -> bool:
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3:
        return (code - 0xAC00) % 28 != 0
    if char.isdigit():
        return char in _DIGIT_CONSONANT
    # Latin letters read as English: l, m, n, r and most stops sound final in Korean loanwords.
    return char.lower() in "lmnrbkpt"


def _choose(match: re.Match[str]) -> str:
    last, template = match.group(1), match.group(2)
    with_consonant, with_vowel = _PAIRS[template]
    if template == "(으)로" and last == "ㄹ":
        return last + "로"
    ending = with_consonant if has_final_consonant(last) else with_vowel
    if template == "(으)로" and 0xAC00 <= ord(last) <= 0xD7A3 and (ord(last) - 0xAC00) % 28 == 8:
        ending = "로"  # a final ㄹ takes 로
    return last + ending


def attach_particles(text: str) -> str:
    return _PATTERN.sub(_choose, text)
