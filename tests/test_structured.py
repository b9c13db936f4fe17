"""The shared JSON-reply parser and the on-disk reply cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from interviewer.llm.structured import ReplyCache, parse_reply


class _Reply(BaseModel):
    reasoning: str
    answer: bool
    score: int = Field(ge=1, le=5)


@pytest.mark.parametrize(
    "text",
    [
        '{"reasoning": "r", "answer": true, "score": 3}',
        '```json\n{"reasoning": "r", "answer": true, "score": 3}\n```',
        'Here is my verdict:\n{"reasoning": "r", "answer": true, "score": 3}\nThanks.',
    ],
)
def test_parse_reply_accepts_plain_fenced_and_wrapped_json(text: str) -> None:
    reply = parse_reply(text, _Reply)
    assert (reply.answer, reply.score) == (True, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no json at all", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"reasoning": "r", "answer": true, "score": 9}', "field score"),
        ('{"reasoning": "r", "score": 2}', "field answer"),
    ],
)
def test_parse_reply_errors_are_one_short_line(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_reply(text, _Reply)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_parse_reply_extra_fields_override() -> None:
    reply = parse_reply('{"reasoning": "r", "answer": false, "score": 1}', _Reply, {"score": 5})
    assert reply.score == 5


def test_reply_cache_keys_on_prompt_model_text_and_sample(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path, "judge@1", "m1")
    cache.put(["system", "user"], "first", sample=0)
    assert cache.get(["system", "user"], 0) == "first"
    assert cache.get(["system", "user"], 1) is None
    assert cache.get(["system", "other"], 0) is None
    assert ReplyCache(tmp_path, "judge@2", "m1").get(["system", "user"], 0) is None
    assert ReplyCache(tmp_path, "judge@1", "m2").get(["system", "user"], 0) is None


def test_reply_cache_ignores_damaged_entries_and_can_be_off(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path, "p@1", "m")
    cache.put(["x"], "ok")
    for path in tmp_path.glob("*.json"):
        path.write_text("{broken", encoding="utf-8")
    assert cache.get(["x"]) is None
    off = ReplyCache(None, "p@1", "m")
    off.put(["x"], "ok")
    assert off.get(["x"]) is None
