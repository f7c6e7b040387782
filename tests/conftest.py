"""Fixtures shared by every test."""

import pytest

# Shared suites live outside test_*.py files; rewrite their asserts so failures explain themselves.
pytest.register_assert_rewrite("tests.search.contract")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Use as `with committed():` around writes, so index updates run as they would after a real commit."""

    def context():
        return django_capture_on_commit_callbacks(execute=True)

    return context
