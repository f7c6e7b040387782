"""The search contract on both engines: the embedded SQLite FTS5 one, and Elasticsearch (tests/engines.py)."""

from .contract import SearchContract


class TestContract(SearchContract):
    pass
