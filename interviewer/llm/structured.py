"""JSON replies from a model: parse a (possibly fenced) reply into a pydantic model, and keep
replies on disk so evaluation re-runs cost nothing.

Shared by the model observer, the LLM judge, the quiz grader, the question judge and the
LLM persona, so they all fail the same way: a `ValueError` with one short line that can
be shown to the model on a retry.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")
_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


def parse_reply(reply: str, model: type[M], extra: dict[str, object] | None = None) -> M:
    """The reply as `model`; a fence around it, or prose before and after it, is tolerated."""
    text = _FENCE.sub("", reply.strip())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        found = _OBJECT.search(text)
        if found is None:
            raise ValueError(f"not JSON ({exc.msg})") from None
        try:
            data = json.loads(found.group(0))
        except json.JSONDecodeError:
            raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    try:
        return model.model_validate({**data, **(extra or {})})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "reply"
        raise ValueError(f"field {where}: {first['msg']}") from None


class ReplyCache:
    """Model replies on disk, keyed by (prompt version, model, the prompt text, sample).

    Only replies that passed validation are stored, so a bad reply is asked again.
    `directory=None` turns caching off.
    """

    def __init__(self, directory: Path | None, prompt_key: str, model_name: str) -> None:
        self.directory = directory
        self.prompt_key = prompt_key
        self.model_name = model_name

    def _path(self, texts: Sequence[str], sample: int) -> Path | None:
        if self.directory is None:
            return None
        body = json.dumps([self.prompt_key, self.model_name, sample, list(texts)], ensure_ascii=False)
        return self.directory / f"{hashlib.sha256(body.encode()).hexdigest()}.json"

    def get(self, texts: Sequence[str], sample: int = 0) -> str | None:
        path = self._path(texts, sample)
        if path is None or not path.exists():
            return None
        try:
            reply = json.loads(path.read_text(encoding="utf-8"))["reply"]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged entry is asked again, not fatal
        return reply if isinstance(reply, str) else None

    def put(self, texts: Sequence[str], reply: str, sample: int = 0) -> None:
        path = self._path(texts, sample)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"reply": reply}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
