"""The demo learning content: hubs and briefings drawn from the demo reviews, loaded idempotently.

Loading the demo reviews takes seconds, so each test here checks several things about one load.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from learning.models import BriefingPage, LearningHubPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(committed):
    with committed():
        call_command("load_demo", verbosity=0)
        call_command("load_learning_demo", stdout=io.StringIO())


def test_the_demo_has_published_hubs_and_briefings_and_reloading_does_not_duplicate(demo, committed):
    hubs, briefings = LearningHubPage.objects.live(), BriefingPage.objects.live()
    assert hubs.count() >= 3 and briefings.count() >= 5
    for briefing in briefings:
        assert briefing.sources(), f"{briefing.title} cites no published review"
        assert 1 <= len(briefing.key_points) <= 3
    counts = (LearningHubPage.objects.count(), BriefingPage.objects.count())
    out = io.StringIO()
    with committed():
        call_command("load_learning_demo", stdout=out)
    assert (LearningHubPage.objects.count(), BriefingPage.objects.count()) == counts
    assert "0 hubs and 0 briefings created" in out.getvalue()


def test_demo_pages_render_print_and_are_searchable(demo, client):
    for hub in LearningHubPage.objects.live():
        html = client.get(hub.url).content.decode()
        assert html.count("#finding-") >= 3, f"{hub.title} shows too little live learning"
        assert "Case study" in html and "Reflective questions" in html
    for briefing in BriefingPage.objects.live():
        reader = PdfReader(io.BytesIO(client.get(briefing.url + "pdf/").content))
        assert 1 <= len(reader.pages) <= 2, briefing.title
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), "A4, in points"
    body = client.get("/api/search/", {"kind": "learning", "page_size": 50}).json()
    assert body["count"] == LearningHubPage.objects.count() + BriefingPage.objects.count()


def test_the_learning_demo_needs_the_demo_reviews():
    with pytest.raises(CommandError, match="run `python manage.py load_demo` first"):
        call_command("load_learning_demo")
