"""Another process on the same Tantivy index, for tests/search/test_tantivy.py (as another gunicorn worker or
the task worker would be):

    python -m tests.search.tantivy_worker search-loop ROOT WORD STOP_FILE   # search until STOP_FILE exists
    python -m tests.search.tantivy_worker hold-lock ROOT                    # take write.lock, then sleep
    python -m tests.search.tantivy_worker write-and-hang ROOT               # add documents, never commit

Each prints one JSON line when it has done what it says (hold-lock and write-and-hang: once it holds the lock).
"""

import json
import os
import sys
import time
from pathlib import Path


def search_loop(root: str, word: str, stop_file: str) -> None:
    """Count the documents holding a word, again and again; report the smallest count, errors, generations."""
    from tantivy import Query

    from search.engines.tantivy_engine.schema import SCHEMA
    from search.engines.tantivy_engine.store import IndexStore

    store = IndexStore(Path(root), write_wait=1)
    counts, errors, generations = [], [], set()
    print(json.dumps({"ready": True}), flush=True)
    while not os.path.exists(stop_file):
        try:
            index = store.reader()
            generations.add(store.current())
            counts.append(index.searcher().search(Query.term_query(SCHEMA, "text", word), 1, count=True).count)
        except BaseException as error:  # a Rust panic is a BaseException; every failure is reported
            errors.append(f"{type(error).__name__}: {error}"[:300])
    print(
        json.dumps(
            {
                "searches": len(counts),
                "min": min(counts, default=None),
                "max": max(counts, default=None),
                "errors": errors[:5],
                "generations": len(generations),
            }
        ),
        flush=True,
    )


def hold_lock(root: str) -> None:
    """Hold the index's write lock as a long rebuild would, until killed."""
    from search.engines.tantivy_engine.store import IndexStore

    with IndexStore(Path(root), write_wait=5).locked(5):
        print(json.dumps({"locked": True}), flush=True)
        time.sleep(600)


def write_and_hang(root: str) -> None:
    """Add documents under the lock without committing, then wait to be killed (a worker dying mid-write)."""
    from search.documents import SearchDocument
    from search.engines.tantivy_engine.schema import page_documents
    from search.engines.tantivy_engine.store import IndexStore

    store = IndexStore(Path(root), write_wait=5)
    with store.writer() as writer:
        for page_id in range(9000, 9100):
            doc = SearchDocument(
                key=f"review:{page_id}", kind="review", page_id=page_id, title="t", url="/", text="uncommitted pelican"
            )
            for tantivy_doc in page_documents([doc]):
                writer.add_document(tantivy_doc)
        print(json.dumps({"added": True}), flush=True)
        time.sleep(600)


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.test")
    django.setup()
    role, *args = sys.argv[1:]
    {"search-loop": search_loop, "hold-lock": hold_lock, "write-and-hang": write_and_hang}[role](*args)
