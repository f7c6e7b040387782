"""The search contract on Elasticsearch: runs wherever ELASTICSEARCH_URL points at a server (see compose.yaml)."""

import os

import pytest

from .contract import SearchContract

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.elasticsearch,
    pytest.mark.skipif(not ES_URL, reason="needs ELASTICSEARCH_URL (e.g. docker compose up elasticsearch)"),
]


class TestElasticsearchContract(SearchContract):
    @pytest.fixture
    def engine_url(self):
        return ES_URL
