"""Leak-proof: a review that is not live and public never shows anywhere the public or an export can reach."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from kb.models import Partnership
from learning.models import BriefingPage, LearningHubPage, LearningIndexPage
from reviews.models import ReviewPage
from reviews.timeline.recording import open_review, record_stage
from tests.factories import FindingFactory, RecommendationFactory, create_review, make_pdf, restrict

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_engine")]  # on every engine (tests/conftest.py)
SECRET = "quillwort"  # a word only the hidden review contains


def secret_report() -> Document:
    """A report whose title and file name carry SECRET."""
    return Document.objects.create(
        title=f"{SECRET} full report", file=ContentFile(make_pdf("Report."), name=f"{SECRET}-report.pdf")
    )


def hidden_review(state: str) -> ReviewPage:
    """A review with SECRET in its title, finding, recommendation and report, in the given hidden state."""
    fields = dict(
        ref=f"LEAK-{SECRET.upper()}-1",  # the slug carries SECRET too, for the sitemap
        title=f"Child Q {SECRET}",
        summary=f"The {SECRET} review.",
        themes=["neglect"],
        findings=[FindingFactory(text=f"A {SECRET} finding.", themes=["neglect"])],
        recommendations=[RecommendationFactory(text=f"A {SECRET} recommendation.")],
    )
    if state == "draft":
        page = create_review(live=False, **fields)
        page.report = secret_report()
        page.save_revision()
        return page
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
        page.report = secret_report()
        page.save_revision()
        return page
    if state == "future scheduled":
        page = create_review(live=False, **fields)
        page.go_live_at = timezone.now() + datetime.timedelta(days=7)
        page.report = secret_report()
        page.save_revision().publish()
        return page
    page = create_review(**fields)
    page.report = secret_report()
    if state == "expired":
        page.expire_at = timezone.now() - datetime.timedelta(hours=1)
    page.save_revision().publish()
    if state == "expired":
        return page
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


def downloaded(client, document) -> str:
    """A document download as text: its file name (which carries SECRET) when served, nothing when refused."""
    response = client.get(document.url)
    return response.get("Content-Disposition", "") if response.status_code == 200 else ""


def attempts_to_publish_around_the_rules(login, page) -> dict[str, str]:
    """What a trainer and a chair can try: start a briefing from the review, bulk publish it (with its index)."""
    trainer = login("Trainers")
    form = trainer.get(f"/admin/learning/start-briefing/?review={page.pk}").content.decode()
    trainer.post("/admin/learning/start-briefing/", {"review": page.pk})
    chair = login("Panel chairs")
    chair.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}", {})
    chair.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.get_parent().pk}", {"include_descendants": "on"})
    briefings = " ".join(f"{b.title} {b.background}" for b in BriefingPage.objects.all())
    return {"briefing start form": form, "briefings": briefings}


def _without_echo(body: dict) -> dict:
    """The API's answer less the query it repeats back (`query` and `searched`)."""
    return {name: value for name, value in body.items() if name not in ("query", "searched")}


def surfaces(client, tmp_path, report=None) -> dict[str, str]:
    """Everything the public (or an export) can see, as text."""
    export = tmp_path / "export.json"
    call_command("export_reviews", str(export), verbosity=0)
    return {
        "documents api": json.dumps(client.get("/api/v2/documents/").json()),
        "report download": downloaded(client, report) if report else "",
        "search api": json.dumps(_without_echo(client.get("/api/search/", {"q": SECRET}).json())),
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
def test_hidden_reviews_never_leak(client, committed, login, tmp_path, state):
    with committed():
        page = hidden_review(state)
        live_hub()
        tried = attempts_to_publish_around_the_rules(login, page)
    report = ReviewPage.objects.get(pk=page.pk).get_latest_revision_as_object().report
    found = {**tried, **surfaces(client, tmp_path, report)}
    response = client.get(f"/reviews/{page.slug}/")
    # What a visitor reads (a password form's hidden return URL is the address they typed, not a leak).
    found["the page itself"] = BeautifulSoup(response.content, "html.parser").get_text() if response.content else ""
    assert response.status_code in (200, 302, 401, 404)
    leaks = [name for name, text in found.items() if SECRET in text.lower()]
    assert leaks == []


def test_the_surfaces_do_show_a_public_review(client, committed, login, tmp_path):
    """The check above can fail: the same review, public, is found on every surface that lists reviews."""
    with committed():
        live_hub()
        page = create_review(
            ref=f"LEAK-{SECRET.upper()}-2",
            title=f"Child Q {SECRET}",
            summary=f"The {SECRET} review.",
            themes=["neglect"],
            findings=[FindingFactory(text=f"A {SECRET} finding.", themes=["neglect"])],
        )
        page.report = secret_report()
        page.save_revision().publish()
        tried = attempts_to_publish_around_the_rules(login, page)
    found = {**tried, **surfaces(client, tmp_path, page.report)}
    shown = {name for name, text in found.items() if SECRET in text.lower()}
    assert shown >= {
        "documents api",
        "report download",
        "briefing start form",
        "briefings",
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


def test_reviews_in_progress_never_leak(client, committed, login, tmp_path):
    """A review in progress (its title, stages and notes) reaches no public surface and no one but the panel."""
    with committed():
        live_hub()
        create_review(ref="LEAK-PUBLIC-1", title="Child P", themes=["neglect"])
        timeline = open_review(
            ref=f"RR-{SECRET.upper()}",
            review_type="rapid",
            title=f"Baby {SECRET}",
            partnership=Partnership.objects.get_or_create(name="Testshire Safeguarding Children Partnership")[0],
            started_on=datetime.date(2025, 12, 18),
            note=f"The {SECRET} family.",
        )
        record_stage(timeline, "notified", datetime.date(2025, 12, 19), note=f"Notified about {SECRET}.")
    found = surfaces(client, tmp_path)
    for role in ("Trainers", "Practitioners"):
        staff = login(role)
        for url in (
            "/admin/",
            "/admin/reviews_in_progress/",
            f"/admin/reviews_in_progress/edit/{timeline.pk}/",
            "/admin/reports/review-timeliness/?format=csv",
        ):
            found[f"{role} {url}"] = staff.get(url).content.decode()
    leaks = [name for name, text in found.items() if SECRET in text.lower()]
    assert leaks == []
    assert SECRET in login("Review panel").get("/admin/").content.decode().lower(), "the panel does see it"
