"""Numbers in candidate and interviewer text, in English and Korean."""

from __future__ import annotations

import pytest

from interviewer.numbers import find_numbers


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("about 11.5k writes", [11_500.0]),
        ("300 million a month", [300e6]),
        ("1,200 QPS and 9 TB", [1200.0, 9.0]),
        ("사용자 3억 명", [3e8]),
        ("팔로워가 3천만 명", [3e7]),
        ("하루 5백만 건, 월 2천억 원", [5e6, 2e11]),
        ("2.5배", [2.5]),
    ],
)
def test_values_with_scale_words(text: str, values: list[float]) -> None:
    assert [n.value for n in find_numbers(text)] == values


def test_byte_unit_is_kept() -> None:
    (number,) = find_numbers("each record is 500 KB")
    assert number.byte_unit == "kb"
