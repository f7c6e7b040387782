"""The search contract on both engines: the embedded Tantivy one, and Elasticsearch (tests/engines.py)."""

from .contract import SearchContract


class TestContract(SearchContract):
    pass
