"""When the search engine is unreachable or slow: publishing still works, updates are remembered and caught up,
search answers 503 with a clear message, pages still render."""

import socket
import threading

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reviews.models import ReviewPage
from search.engines import get_engine
from search.models import PendingUpdate
from tests.factories import FindingFactory, create_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_server():
    """A local socket that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.fixture(params=["closed", "silent"])
def broken_engine(request, settings, silent_server):
    settings.KB_SEARCH_TIMEOUT = 0.5
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9" if request.param == "closed" else silent_server
    return get_engine()


def test_publishing_succeeds_and_the_update_is_remembered(broken_engine, committed):
    with committed():
        page = create_review(ref="DOWN-1", findings=[FindingFactory(text="A finding.")])
    assert ReviewPage.objects.get(pk=page.pk).live
    assert list(PendingUpdate.objects.values_list("page_id", flat=True)) == [page.pk]


def test_search_answers_503_with_a_message(broken_engine, client):
    response = client.get("/api/search/", {"q": "neglect"})
    assert response.status_code == 503
    assert response.json() == {"error": "Search is unavailable at the moment. Please try again shortly."}
    page = client.get("/search/", {"q": "neglect"})
    assert page.status_code == 503 and "Search is unavailable" in page.content.decode()


def test_review_and_theme_pages_still_render(broken_engine, client, committed):
    with committed():
        page = create_review(ref="DOWN-2", themes=["neglect"])
    assert client.get(page.url).status_code == 200
    assert "unavailable" in client.get("/themes/neglect/").content.decode()


def test_reindex_says_the_engine_is_unavailable(broken_engine):
    with pytest.raises(CommandError, match="The search engine is unavailable"):
        call_command("reindex", "--missing", verbosity=0)


@pytest.mark.elasticsearch
def test_reindex_missing_catches_up_once_the_engine_is_back(elasticsearch_engine, settings, committed):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # the server is unreachable while the review is published
    settings.KB_SEARCH_TIMEOUT = 0.5
    with committed():
        page = create_review(ref="DOWN-3", summary="A kingfisher review.")
    assert PendingUpdate.objects.filter(page_id=page.pk).exists()
    assert page.pk not in elasticsearch_engine.indexed_page_ids()

    settings.ELASTICSEARCH_URL = elasticsearch_engine.url  # back
    call_command("reindex", "--missing", verbosity=0)
    assert not PendingUpdate.objects.exists()
    assert page.pk in elasticsearch_engine.indexed_page_ids()


def test_an_editor_is_told_when_search_is_behind(broken_engine, committed, login):
    admin = login(None)
    with committed():
        page = create_review(ref="DOWN-4")  # its index update fails, and is remembered
    response = admin.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)), follow=True)
    assert response.status_code == 200 and not ReviewPage.objects.get(pk=page.pk).live
    assert "Search is not up to date" in response.content.decode()
