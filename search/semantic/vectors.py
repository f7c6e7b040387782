"""Meaning vectors of search documents: the text each document is embedded from, and the vectors kept by content
hash, so each text is embedded once whatever is reindexed (reading them back is a lookup, never the model)."""

import hashlib
from collections import OrderedDict

import numpy as np
from django.db import transaction

from ..documents import SearchDocument
from ..models import Embedding
from . import TEXT_CHARS
from .embedder import MODEL_ID, embedder

LOOKUP_BATCH = 500
RECENT = 20_000  # vectors this process computed lately (about 15 MB): the same text is never run through twice
_recent: OrderedDict[str, np.ndarray] = OrderedDict()


def document_text(document: SearchDocument) -> str:
    """What a document means: its own words (a review's title and summary; a finding's or recommendation's text;
    a learning page's title and text), not its review's or its themes'."""
    if document.kind in ("finding", "recommendation"):
        text = document.text
    else:
        text = f"{document.title}. {document.summary or document.text}"  # not the reference: it means nothing
    return " ".join(text.split())[:TEXT_CHARS]


def content_hash(text: str) -> str:
    return hashlib.sha256(f"{MODEL_ID}\x00{text}".encode()).hexdigest()


def _to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def _from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)


def stored(documents: list[SearchDocument]) -> dict[str, np.ndarray]:
    """The vectors already kept for these documents' texts, by document key."""
    hashes = {doc.key: content_hash(document_text(doc)) for doc in documents if document_text(doc)}
    found: dict[str, np.ndarray] = {}
    wanted = list(set(hashes.values()))
    for start in range(0, len(wanted), LOOKUP_BATCH):
        rows = Embedding.objects.filter(content_hash__in=wanted[start : start + LOOKUP_BATCH])
        found.update((row.content_hash, _from_bytes(row.vector)) for row in rows)
    return {key: found[digest] for key, digest in hashes.items() if digest in found}


def embed(documents: list[SearchDocument], threads: int = 1) -> dict[str, np.ndarray]:
    """Vectors for these documents: kept ones read back, missing ones computed now and kept."""
    vectors = stored(documents)
    missing = {doc.key: document_text(doc) for doc in documents if doc.key not in vectors and document_text(doc)}
    if missing:
        computed = _computed(list(dict.fromkeys(missing.values())), threads)
        rows = [
            Embedding(content_hash=content_hash(text), vector=_to_bytes(vector)) for text, vector in computed.items()
        ]
        with transaction.atomic():
            Embedding.objects.bulk_create(rows, ignore_conflicts=True)  # another process may have kept some
        vectors.update((key, computed[text]) for key, text in missing.items())
    return vectors


def _computed(texts: list[str], threads: int) -> dict[str, np.ndarray]:
    """The texts' vectors, from the model or (for a text this process embedded lately) from memory."""
    fresh = [text for text in texts if content_hash(text) not in _recent]
    if fresh:
        for text, vector in zip(fresh, embedder(threads).embed(fresh), strict=True):
            _recent[content_hash(text)] = vector.astype(np.float16).astype(np.float32)
            if len(_recent) > RECENT:
                _recent.popitem(last=False)
    return {text: _recent[content_hash(text)] for text in texts}


def as_lists(vectors: dict[str, np.ndarray]) -> dict[str, list[float]]:
    return {key: vector.astype(float).tolist() for key, vector in vectors.items()}


__all__ = ["content_hash", "document_text", "embed", "stored"]
