"""Leak-proof: a review that is not live and public never shows anywhere the public or an export can reach."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from learning.models import LearningHubPage, LearningIndexPage
from reviews.models import ReviewPage
from tests.factories import FindingFactory, RecommendationFactory, create_review, restrict

pytestmark = pytest.mark.django_db
SECRET = "quillwort"  # a word only the hidden review contains


def hidden_review(state: str) -> ReviewPage:
    """A review with SECRET in its title, finding and recommendation, in the given hidden state."""
    fields = dict(
        ref=f"LEAK-{SECRET.upper()}-1",  # the slug carries SECRET too, for the sitemap
        title=f"Child Q {SECRET}",
        summary=f"The {SECRET} review.",
        themes=["neglect"],
        findings=[FindingFactory(text=f"A {SECRET} finding.", themes=["neglect"])],
        recommendations=[RecommendationFactory(text=f"A {SECRET} recommendation.")],
    )
    if state == "draft":
        return create_review(live=False, **fields)
    if state == "unpublished revision":
        public = {
            "ref": "LEAK-1",
            "title": "Child Q",
            "summary": "Public words.",
            "findings": [],
            "recommendations": [],
        }
        page = create_review(**{**fields, **public})
        page.title = f"Child Q {SECRET}"
        page.save_revision()
        return page
    if state == "future scheduled":
        page = create_review(live=False, **fields)
        page.go_live_at = timezone.now() + datetime.timedelta(days=7)
        page.save_revision().publish()
        return page
    if state == "expired":
        page = create_review(**fields)
        page.expire_at = timezone.now() - datetime.timedelta(hours=1)
        page.save_revision().publish()
        return page
    page = create_review(**fields)
    kind = state.split()[0]
    if kind == "login":
        restrict(page, PageViewRestriction.LOGIN)
    elif kind == "password":
        restrict(page, PageViewRestriction.PASSWORD, password="s3cret")
    else:
        restriction = restrict(page, PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.get_or_create(name="Review panel")[0])
    return page


STATES = [
    "draft",
    "unpublished revision",
    "future scheduled",
    "expired",
    "login private",
    "password private",
    "group private",
]


def live_hub() -> LearningHubPage:
    """A published hub whose live block lists the newest findings and recommendations on neglect."""
    block = {
        "type": "learning_from_reviews",
        "value": {
            "heading": "What reviews found",
            "themes": ["neglect"],
            "review_types": [],
            "show": "both",
            "count": 20,
        },
    }
    hub = LearningHubPage(title="Neglect hub", slug="neglect-hub", body=[block])
    LearningIndexPage.objects.get().add_child(instance=hub)
    hub.save_revision().publish()
    return hub


def surfaces(client, tmp_path) -> dict[str, str]:
    """Everything the public (or an export) can see, as text."""
    export = tmp_path / "export.json"
    call_command("export_reviews", str(export), verbosity=0)
    return {
        "search api": json.dumps(client.get("/api/search/", {"q": SECRET}).json()),
        "search api browse": json.dumps(client.get("/api/search/", {"theme": "neglect", "page_size": 100}).json()),
        "search page": client.get("/search/", {"q": "child"}).content.decode(),  # not SECRET: the page echoes it
        "wagtail api": json.dumps(client.get("/api/v2/pages/", {"search": SECRET, "fields": "*"}).json())
        + json.dumps(client.get("/api/v2/pages/", {"type": "reviews.ReviewPage", "fields": "*"}).json()),
        "theme page": client.get("/themes/neglect/").content.decode(),
        "review index": client.get("/reviews/").content.decode(),
        "home": client.get("/").content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
        "feed": client.get("/reviews/feed/").content.decode(),
        "insights": client.get("/insights/").content.decode(),
        "hub live block": client.get("/learning/neglect-hub/").content.decode(),
        "export": export.read_text(),
    }


@pytest.mark.parametrize("state", STATES)
def test_hidden_reviews_never_leak(client, committed, tmp_path, state):
    with committed():
        page = hidden_review(state)
        live_hub()
    found = surfaces(client, tmp_path)
    response = client.get(f"/reviews/{page.slug}/")
    # What a visitor reads (a password form's hidden return URL is the address they typed, not a leak).
    found["the page itself"] = BeautifulSoup(response.content, "html.parser").get_text() if response.content else ""
    assert response.status_code in (200, 302, 401, 404)
    leaks = [name for name, text in found.items() if SECRET in text.lower()]
    assert leaks == []


def test_the_surfaces_do_show_a_public_review(client, committed, tmp_path):
    """The check above can fail: the same review, public, is found on every surface that lists reviews."""
    with committed():
        live_hub()
        create_review(
            ref=f"LEAK-{SECRET.upper()}-2",
            title=f"Child Q {SECRET}",
            summary=f"The {SECRET} review.",
            themes=["neglect"],
            findings=[FindingFactory(text=f"A {SECRET} finding.", themes=["neglect"])],
        )
    shown = {name for name, text in surfaces(client, tmp_path).items() if SECRET in text.lower()}
    assert shown >= {
        "search api",
        "search api browse",
        "search page",
        "wagtail api",
        "theme page",
        "review index",
        "home",
        "hub live block",
        "sitemap",
        "feed",
        "export",
    }
