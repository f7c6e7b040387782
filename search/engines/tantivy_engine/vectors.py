"""The embedded engine's meaning vectors: a usearch index (approximate nearest neighbours, HNSW, cosine over
int8) in each generation's folder beside Tantivy's files. Writers replace it whole under the index lock (write a
temporary file, then rename); readers map it into memory and look again when the file changes."""

import os
import threading
from pathlib import Path

import numpy as np
from usearch.index import Index

from ...semantic.embedder import DIMENSIONS
from .schema import vector_key

FILE = "vectors.usearch"
# Up to this many vectors a query compares itself with every one (a few milliseconds); beyond, the HNSW graph finds
# the nearest approximately, which can order near-equal neighbours differently from one build to the next.
EXACT_UP_TO = 50_000


def new_index() -> Index:
    return Index(ndim=DIMENSIONS, metric="cos", dtype="i8")


class Vectors:
    """One generation's vector file: edited by writers, viewed by readers."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / FILE
        self._view: tuple[tuple, Index] | None = None
        self._mutex = threading.Lock()

    # ---- writing (under the index's write lock) ------------------------------------------------------------

    def load(self) -> Index:
        """The whole index in memory, for editing (empty when there is no file yet)."""
        if not self.path.exists():
            return new_index()
        return Index.restore(str(self.path))

    def save(self, index: Index) -> None:
        temporary = self.path.with_name(f"{FILE}.{os.getpid()}.tmp")
        index.save(str(temporary))
        os.replace(temporary, self.path)

    def edit(self, remove: list[int], add: dict[int, np.ndarray]) -> None:
        """Remove these keys, add these vectors (replacing any kept under the same keys), and save."""
        if not remove and not add:
            return
        index = self.load()
        gone = [key for key in {*remove, *add} if index.contains(key)]
        if gone:
            index.remove(np.array(gone, dtype=np.uint64))
        if add:
            keys = np.array(list(add), dtype=np.uint64)
            index.add(keys, np.stack([add[key] for key in add]).astype(np.float32))
        self.save(index)

    # ---- reading -------------------------------------------------------------------------------------------

    def view(self) -> Index | None:
        """The index as mapped from the file, mapped again when the file was replaced; None without one."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._mutex:
            if self._view is None or self._view[0] != signature:
                self._view = (signature, Index.restore(str(self.path), view=True))
            return self._view[1]

    def save_all(self, found: dict[str, np.ndarray]) -> None:
        """A whole new file of these vectors, by document key (a rebuild's)."""
        index = new_index()
        if found:
            index.add(np.array([vector_key(key) for key in found], dtype=np.uint64), np.stack(list(found.values())))
        self.save(index)

    def nearest(self, vector, limit: int) -> list[tuple[int, float]]:
        """(vector key, cosine similarity) of the nearest vectors, best first."""
        index = self.view()
        if index is None or len(index) == 0:
            return []
        exact = len(index) <= EXACT_UP_TO  # a full scan is quick at this size, and the same answer for every build
        found = index.search(np.asarray(vector, dtype=np.float32), min(limit, len(index)), exact=exact)
        return [(int(key), 1.0 - float(distance)) for key, distance in zip(found.keys, found.distances, strict=True)]
