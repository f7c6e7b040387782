"""The search contract on the embedded Tantivy engine, with an index folder of its own for each test."""

import pytest

from .contract import SearchContract

pytestmark = pytest.mark.django_db


class TestTantivyContract(SearchContract):
    @pytest.fixture
    def engine_url(self, settings, tmp_path):
        settings.KB_SEARCH_ENGINE = "tantivy"
        settings.KB_SEARCH_INDEX_DIR = tmp_path / "search-index"
        return ""
