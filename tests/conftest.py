"""Fixtures shared by every test."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client

from kb import themes
from search.engines import get_engine

from .engines import ES_URL, drop_indexes, need_elasticsearch

# Shared suites live outside test_*.py files; rewrite their asserts so failures explain themselves.
pytest.register_assert_rewrite("tests.search.contract", "tests.search.understanding_contract")


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    """The theme vocabulary is cached per process; a test's rolled-back theme edits must not outlive it."""
    themes.forget()
    yield
    themes.forget()


@pytest.fixture(autouse=True)
def _own_search_index(settings, tmp_path_factory):
    """A fresh index folder for each test, so the embedded engine's index starts as empty as the test database."""
    settings.KB_SEARCH_INDEX_DIR = tmp_path_factory.mktemp("search-index")


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


POPULATE = """
import datetime
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from reviews.models import ProgressNote, Recommendation, ReviewPage
page = ReviewPage.objects.order_by("ref").first()
rec = Recommendation.objects.filter(page=page).first()
ProgressNote.objects.create(
    recommendation=rec, date=datetime.date(2024, 1, 1), status="in_progress", note="Audit booked."
)
page.title = page.title + " (revised)"
page.save_revision().publish()
Document.objects.create(title="Report", file=ContentFile(b"%PDF-1.4 test", name="report.pdf"))
"""


@pytest.fixture(scope="session")
def demo_instance(tmp_path_factory):
    """A real instance (SQLite file and media folder) with the demo content, a revision, a progress note and a
    document: built once per run (migrate takes a while); copy it with `instance` before changing it."""
    from tests.instances import Instance

    demo = Instance(tmp_path_factory.mktemp("demo") / "instance")
    demo.folder.mkdir()
    demo.manage("migrate", "--verbosity", "0")
    demo.manage("load_demo", "--verbosity", "0")
    demo.manage("shell", "--command", POPULATE)
    return demo


@pytest.fixture(scope="session")
def demo_backup(demo_instance, tmp_path_factory):
    """A backup of the demo instance, made by `manage.py backup`."""
    archive = tmp_path_factory.mktemp("backups") / "demo.tar.gz"
    demo_instance.manage("backup", str(archive))
    return archive


@pytest.fixture
def instance(demo_instance, tmp_path):
    """A copy of the demo instance that this test may change."""
    return demo_instance.copy(tmp_path / "instance")


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


@pytest.fixture(params=["tantivy", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def each_engine(request, db, settings):
    """Run the test once on each engine."""
    yield from _empty_engine(settings, need_elasticsearch() if request.param == "elasticsearch" else "")


@pytest.fixture
def elasticsearch_engine(db, settings):
    """The test run's Elasticsearch engine (tests that use it are marked elasticsearch)."""
    yield from _empty_engine(settings, need_elasticsearch())
