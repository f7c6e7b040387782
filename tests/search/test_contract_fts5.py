"""The search contract on the embedded SQLite FTS5 engine."""

import pytest

from .contract import SearchContract

pytestmark = pytest.mark.django_db


class TestFTS5Contract(SearchContract):
    @pytest.fixture
    def engine_url(self, settings):
        settings.KB_SEARCH_ENGINE = "fts5"
        return ""
