"""Fixtures shared by every test."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client

from search.engines import get_engine

from .engines import ES_URL, drop_indexes, need_elasticsearch

# Shared suites live outside test_*.py files; rewrite their asserts so failures explain themselves.
pytest.register_assert_rewrite("tests.search.contract")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Use as `with committed():` around writes, so index updates run as they would after a real commit."""

    def context():
        return django_capture_on_commit_callbacks(execute=True)

    return context


@pytest.fixture
def login(db, django_user_model):
    """login("Trainers") -> a client signed in as a new member of that group (None: a superuser)."""

    def make(role: str | None) -> Client:
        name = (role or "superuser").lower().replace(" ", "-")
        if role is None:
            user = django_user_model.objects.create_superuser(name, f"{name}@example.org", "pw")
        else:
            user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
            user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture(scope="session", autouse=True)
def elasticsearch_cleanup():
    """Delete this run's Elasticsearch indexes and synonyms sets at the end (leftovers would turn the node yellow)."""
    yield
    if ES_URL:
        drop_indexes(django_settings.KB_SEARCH_INDEX_PREFIX)


def _empty_engine(settings, url: str):
    """The engine at this URL ("" for the embedded one), emptied before and after the test (Elasticsearch's index
    outlives the test's transaction)."""
    settings.ELASTICSEARCH_URL = url
    engine = get_engine()
    engine.clear()
    yield engine
    engine.clear()


@pytest.fixture(params=["fts5", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def each_engine(request, db, settings):
    """Run the test once on each engine."""
    yield from _empty_engine(settings, need_elasticsearch() if request.param == "elasticsearch" else "")


@pytest.fixture
def elasticsearch_engine(db, settings):
    """The test run's Elasticsearch engine (tests that use it are marked elasticsearch)."""
    yield from _empty_engine(settings, need_elasticsearch())
