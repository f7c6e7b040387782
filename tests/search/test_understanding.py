"""Search understanding on both engines: the embedded Tantivy one, and Elasticsearch (tests/engines.py)."""

from .understanding_contract import UnderstandingContract


class TestUnderstanding(UnderstandingContract):
    pass
