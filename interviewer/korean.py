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
    "(이)라고": ("이라고", "라고"),
    "(이)라면": ("이라면", "라면"),
}
_PATTERN = re.compile(r"(\S)(" + "|".join(re.escape(k) for k in _PAIRS) + ")")
_DIGIT_CONSONANT = set("0136780")  # 영, 일, 삼, 육, 칠, 팔, 공: end in a consonant


def has_final_consonant(char: str) -> bool:
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3:
        return (code - 0xAC00) % 28 != 0
    if char.isdigit():
        return char in _DIGIT_CONSONANT
    if char == "ㄴ":
        return True
    # Latin letters read as English: l, m, n, r and most stops sound final in Korean loanwords.
    return char.lower() in "lmnrbkpt"


# Latin letters read by their Korean names (에이, 비, 씨 ... 엘, 엠, 엔, 알): these four end in a consonant.
_LETTER_NAME_CONSONANT = set("lmnr")
_CLOSERS = "\"'”’)]»」』"


def _spoken_last(text: str, end: int) -> str:
    """The sound a particle attaches to: closing quotes and brackets are skipped, and a Latin
    letter spelled out ("10k", "DB", "5M") is read by its letter name."""
    i = end - 1
    while i > 0 and text[i] in _CLOSERS:
        i -= 1
    last = text[i]
    if last.isascii() and last.isalpha():
        word = re.search(r"[0-9A-Za-z]+$", text[: i + 1])
        token = word.group() if word else last
        spelled = token.isupper() or (len(token) > 1 and token[:-1].rstrip("kKmMbBgGtT").isdigit())
        if spelled or token[:1].isdigit():
            return "ㄴ" if last.lower() in _LETTER_NAME_CONSONANT else "아"
    return last


def _choose(match: re.Match[str]) -> str:
    shown, template = match.group(1), match.group(2)
    last = _spoken_last(match.string, match.end(1))
    with_consonant, with_vowel = _PAIRS[template]
    if template == "(으)로" and last == "ㄹ":
        return shown + "로"
    ending = with_consonant if has_final_consonant(last) else with_vowel
    if template == "(으)로" and 0xAC00 <= ord(last) <= 0xD7A3 and (ord(last) - 0xAC00) % 28 == 8:
        ending = "로"  # a final ㄹ takes 로
    return shown + ending


def attach_particles(text: str) -> str:
    return _PATTERN.sub(_choose, text)
