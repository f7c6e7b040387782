"""7-minute briefings: built in the admin, printed as an A4 PDF, and started from a review."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from learning.models import BriefingPage
from tests.factories import FindingFactory, RecommendationFactory, create_review

pytestmark = pytest.mark.django_db

HEADINGS = (
    "Background",
    "Why it matters",
    "Key information",
    "Things to note and remember",
    "What to do",
    "Reflective questions",
    "Sources",
)
START_URL = "/admin/learning/start-briefing/"


@pytest.fixture
def review(committed):
    with committed():
        return create_review(
            ref="HSCP-CSPR-2020-09",
            title="Baby L: a bruise explained away",
            summary="Baby L was four months old when admitted with a head injury.",
            themes=["bruising-non-mobile-infants", "unseen-men"],
            findings=[FindingFactory(text=f"Finding {n} of the review.") for n in range(1, 5)],
            recommendations=[RecommendationFactory(number="1", text="Train every GP on the bruising protocol.")],
        )


def briefing_form(review, **extra) -> dict:
    return nested_form_data(
        {
            "title": "Bruising in babies",
            "slug": "bruising-in-babies",
            "themes": '"Unseen men",',
            "source_reviews": inline_formset([{"review": str(review.pk)}]),
            "background": rich_text("<p>Two babies were hurt after a bruise was explained away.</p>"),
            "why_it_matters": rich_text("<p>Bruising in a non-mobile baby is rare.</p>"),
            "key_points": streamfield(
                [
                    ("point", {"title": f"Point {n}", "text": rich_text(f"<p>Learning point {n}.</p>")})
                    for n in (1, 2, 3)
                ]
            ),
            "things_to_note": rich_text("<p>Non-mobile means not yet crawling.</p>"),
            "what_to_do": rich_text("<ul><li>Refer every bruise.</li></ul>"),
            "reflective_questions": streamfield([("question", "How will we know the learning is embedded?")]),
            "action-publish": "action-publish",
            **extra,
        }
    )


def add_url(index) -> str:
    return reverse("wagtailadmin_pages:add", args=("learning", "briefingpage", index.pk))


def publish(trainer, index, review) -> BriefingPage:
    response = trainer.post(add_url(index), briefing_form(review))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return BriefingPage.objects.get(slug="bruising-in-babies")


def pdf_text(response) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_a_trainer_builds_and_publishes_a_briefing_in_the_admin(trainer, index, review, client):
    briefing = publish(trainer, index, review)
    assert briefing.live and [s.review_id for s in briefing.source_reviews.all()] == [review.pk]
    html = client.get(briefing.url).content.decode()
    for heading in (
        "1. Background",
        "2. Why it matters",
        "3. Point 1",
        "5. Point 3",
        "6. Things to note",
        "7. What to do",
    ):
        assert heading in html
    assert review.ref in html and f'href="{briefing.url}pdf/"' in html
    assert 'media="print"' in html and "css/print.css" in html


def test_a_briefing_has_at_most_three_learning_points(trainer, index, review):
    points = [("point", {"title": "", "text": rich_text("<p>x</p>")})] * 4
    response = trainer.post(add_url(index), briefing_form(review, key_points=streamfield(points)))
    assert response.status_code == 200
    assert "The maximum number of items is 3" in response.content.decode()
    assert not BriefingPage.objects.exists()


def test_the_pdf_has_every_heading_and_its_sources(trainer, index, review, client):
    briefing = publish(trainer, index, review)
    response = client.get(briefing.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="bruising-in-babies-7-minute-briefing.pdf"'
    pages, text = pdf_text(response)
    assert 1 <= pages <= 2
    flat = " ".join(text.split())
    for heading in HEADINGS:
        assert heading in flat
    assert "HSCP-CSPR-2020-09" in flat and "Baby L: a bruise explained away" in flat
    assert "Learning point 3." in flat and "How will we know the learning is embedded?" in flat


def test_drafts_have_no_public_page_or_pdf(trainer, index, review, client):
    trainer.post(add_url(index), briefing_form(review, **{"action-publish": ""}))
    briefing = BriefingPage.objects.get()
    assert not briefing.live
    assert client.get("/learning/bruising-in-babies/").status_code == 404
    assert client.get("/learning/bruising-in-babies/pdf/").status_code == 404


def test_sources_that_are_not_published_are_not_cited(trainer, index, review, client):
    briefing = publish(trainer, index, review)
    review.unpublish()
    assert review.ref not in client.get(briefing.url).content.decode()


@pytest.mark.parametrize("chosen", ["²", "٣", "9" * 30, "abc", ""])
def test_a_start_link_naming_no_review_opens_the_empty_form(trainer, index, review, chosen):
    response = trainer.get(f"{START_URL}?review={chosen}")
    assert response.status_code == 200
    assert response.context["form"].initial["review"] is None


def test_briefings_are_started_from_a_review_as_a_prefilled_draft(trainer, index, review):
    assert trainer.get(f"{START_URL}?review={review.pk}").status_code == 200
    assert not BriefingPage.objects.exists(), "a GET never creates"
    response = trainer.post(START_URL, {"review": review.pk})
    briefing = BriefingPage.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_pages:edit", args=[briefing.pk]
    )
    assert not briefing.live and briefing.get_parent().pk == index.pk
    assert briefing.owner == trainer.user and briefing.latest_revision is not None
    assert "Baby L was four months old" in briefing.background
    assert [p.value["title"] for p in briefing.key_points] == ["Finding 1", "Finding 2", "Finding 3"]
    assert "Finding 1 of the review." in str(briefing.key_points[0].value["text"])
    assert "Train every GP on the bruising protocol." in briefing.what_to_do
    assert [s.review_id for s in briefing.source_reviews.all()] == [review.pk]
    assert sorted(t.slug for t in briefing.themes.all()) == ["bruising-non-mobile-infants", "unseen-men"]
    assert trainer.get(response["Location"]).status_code == 200


def test_starting_twice_gives_two_drafts_with_their_own_slugs(trainer, review):
    trainer.post(START_URL, {"review": review.pk})
    trainer.post(START_URL, {"review": review.pk})
    assert sorted(BriefingPage.objects.values_list("slug", flat=True)) == [
        "hscp-cspr-2020-09-briefing",
        "hscp-cspr-2020-09-briefing-2",
    ]


def test_starting_a_briefing_is_refused_without_rights_in_the_learning_hub(login, review):
    panel = login("Review panel")
    assert panel.get(START_URL).status_code in (302, 403)
    assert panel.post(START_URL, {"review": review.pk}).status_code in (302, 403)
    assert not BriefingPage.objects.exists()


def test_starting_a_briefing_needs_a_csrf_token(login, review):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(login(None).user)
    assert client.post(START_URL, {"review": review.pk}).status_code == 403
    assert not BriefingPage.objects.exists()


def test_the_review_offers_the_action_in_its_header_and_in_listings(login, review):
    admin = login(None)
    link = f"{START_URL}?review={review.pk}"
    edit = admin.get(reverse("wagtailadmin_pages:edit", args=[review.pk])).content.decode()
    assert link in edit
    listing = admin.get(reverse("wagtailadmin_explore", args=[review.get_parent().pk])).content.decode()
    assert link in listing


def test_the_learning_hub_offers_the_action_to_trainers(trainer, index):
    page = BeautifulSoup(trainer.get(reverse("wagtailadmin_explore", args=[index.pk])).content, "html.parser")
    assert page.find("a", href=START_URL) is not None


def test_people_who_cannot_add_briefings_are_not_offered_the_action(login, review):
    response = login("Review panel").get(reverse("wagtailadmin_pages:edit", args=[review.pk]))
    assert response.status_code == 200
    assert START_URL not in response.content.decode()


def test_the_pdf_is_a_route_of_briefings_only(client, index):
    assert client.get(Page.objects.get(slug="learning").url + "pdf/").status_code == 404


def test_editors_preview_the_pdf_before_publishing(trainer, index, review):
    trainer.post(add_url(index), briefing_form(review, **{"action-publish": ""}))
    briefing = BriefingPage.objects.get()
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[briefing.pk])
    data = briefing_form(review, title="Previewed briefing", **{"action-publish": ""})
    assert trainer.post(preview, data).json()["is_valid"]
    response = trainer.get(preview, {"mode": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert "Previewed briefing" in " ".join(pdf_text(response)[1].split())


def test_the_wagtail_api_gives_a_briefings_source_refs(trainer, index, review, client):
    briefing = publish(trainer, index, review)
    detail = client.get(f"/api/v2/pages/{briefing.pk}/").json()
    assert detail["source_refs"] == ["HSCP-CSPR-2020-09"] and detail["theme_slugs"] == ["unseen-men"]


def test_an_expired_briefing_and_its_pdf_are_hidden(trainer, index, review, client):
    briefing = publish(trainer, index, review)
    BriefingPage.objects.filter(pk=briefing.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(briefing.url).status_code == 404
    assert client.get(briefing.url + "pdf/").status_code == 404
