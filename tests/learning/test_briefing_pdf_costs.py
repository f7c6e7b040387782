"""A briefing's PDF is drawn once per published revision, and anonymous clients are rate limited."""

import pytest
from django.core.cache import caches

import learning.pdf
from tests.learning.test_briefings import publish, review  # noqa: F401 - the review fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_briefing(trainer, index, review):  # noqa: F811
    return publish(trainer, index, review)


def test_the_briefing_pdf_is_drawn_once_per_published_revision(client, monkeypatch, published_briefing):
    drawn = []
    original = learning.pdf.briefing_pdf

    def counting(page, request):
        drawn.append(page.live_revision_id)
        return original(page, request)

    monkeypatch.setattr(learning.pdf, "briefing_pdf", counting)
    url = published_briefing.url + "pdf/"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert len(drawn) == 1
    published_briefing.title = "Bruising in babies (revised)"
    published_briefing.save_revision().publish()
    assert client.get(url).status_code == 200
    assert len(drawn) == 2


def test_anonymous_pdf_downloads_past_the_rate_get_429(client, settings, published_briefing):
    settings.RATELIMIT_ENABLE, settings.KB_PDF_RATE = True, "2/m"
    caches["default"].clear()
    url = published_briefing.url + "pdf/"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
