"""The public pages show the structured data, and the Wagtail API exposes live, public reviews only."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.models import Theme
from kb.vocabulary import ReviewType
from reviews.models import ReviewPage
from tests.factories import FindingFactory, RecommendationFactory, create_review, restrict

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(committed):
    with committed():
        return create_review(
            ref="PG-RAPID-2021-01",
            type="rapid",
            title="Rapid review of Baby N",
            subject="Baby N",
            notified="2021-01-04",
            decision="lcspr",
            agencies=["Police", "Ambulance Service"],
            themes=["neglect"],
            findings=[FindingFactory(text="Neglect was visible but not named.", themes=["professional-curiosity"])],
            recommendations=[
                RecommendationFactory(number="2a", text="Name neglect in referrals.", agency="Police", due="2022-03-01")
            ],
        )


def test_the_review_page_shows_all_the_structured_data(client, review):
    soup = BeautifulSoup(client.get(review.url).content, "html.parser")
    terms, details = soup.select("dt"), soup.select("dd")
    summary = {dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in zip(terms, details, strict=True)}
    assert summary["Reference"] == "PG-RAPID-2021-01"
    assert summary["Type"] == "Rapid Review"
    assert summary["Decision"] == "Local child safeguarding practice review"
    assert summary["Notified"] == "4 January 2021"
    assert summary["Agencies"] == "Ambulance Service Police"
    assert soup.select_one("#finding-1").get_text(" ", strip=True).startswith("Finding 1 Neglect was visible")
    recommendation = soup.select_one("#recommendation-2a").get_text(" ", strip=True)
    assert "Police" in recommendation and "1 March 2022" in recommendation and "Open" in recommendation
    assert {a.get_text(strip=True) for a in soup.select("a[href^='/themes/']")} >= {"Neglect", "Professional curiosity"}


def test_the_review_page_uses_a_constant_number_of_queries(client, committed):
    def many(n):
        return [FindingFactory(text=f"Finding {i}.", themes=["neglect"]) for i in range(n)]

    with committed():
        small = create_review(ref="Q-1", findings=many(1), recommendations=[RecommendationFactory()])
        large = create_review(
            ref="Q-2", findings=many(12), recommendations=[RecommendationFactory(number=str(i)) for i in range(10)]
        )
    client.get(small.url)  # warm caches (site root paths)
    with CaptureQueriesContext(connection) as small_queries:
        client.get(small.url)
    with CaptureQueriesContext(connection) as large_queries:
        client.get(large.url)
    assert len(large_queries) == len(small_queries)


def test_home_and_index_list_live_reviews_only(client, review, committed):
    with committed():
        create_review(ref="PG-DRAFT-1", title="A draft nobody may see", live=False)
    for url in ("/", "/reviews/"):
        html = client.get(url).content.decode()
        assert "Rapid review of Baby N" in html
        assert "A draft nobody may see" not in html


def test_review_index_filters_by_type(client, review, committed):
    with committed():
        create_review(ref="PG-SAR-1", type="sar", title="Adult P")
    html = client.get("/reviews/", {"type": "sar"}).content.decode()
    assert "Adult P" in html and "Rapid review of Baby N" not in html


def test_wagtail_api_exposes_review_fields(client, review):
    body = client.get("/api/v2/pages/", {"type": "reviews.ReviewPage", "fields": "*"}).json()
    (item,) = body["items"]
    assert item["ref"] == "PG-RAPID-2021-01"
    assert item["review_type"] == "rapid" and item["review_status"] == "published"
    assert item["theme_slugs"] == ["neglect"]
    assert item["finding_items"][0]["anchor"] == "finding-1"
    assert item["recommendation_items"][0] == {
        "number": "2a",
        "anchor": "recommendation-2a",
        "text": "Name neglect in referrals.",
        "agency": "Police",
        "status": "open",
        "due": "2022-03-01",
        "themes": [],
    }


def test_wagtail_api_hides_drafts_and_private_reviews(client, review, committed):
    with committed():
        create_review(ref="PG-DRAFT-2", live=False)
        private = create_review(ref="PG-PRIVATE-1")
        restrict(private)
    refs = [
        i["ref"] for i in client.get("/api/v2/pages/", {"type": "reviews.ReviewPage", "fields": "ref"}).json()["items"]
    ]
    assert refs == ["PG-RAPID-2021-01"]


def test_theme_pages(client, review):
    assert "Rapid review of Baby N" in client.get("/themes/neglect/").content.decode()
    assert client.get("/themes/no-such-theme/").status_code == 404
    assert "Neglect" in client.get("/themes/").content.decode()


def test_demo_content_covers_every_type_and_thirty_themes(client):

    call_command("load_demo", verbosity=0)
    reviews = ReviewPage.objects.all()
    assert reviews.count() >= 40
    assert set(reviews.values_list("review_type", flat=True)) == set(ReviewType.values)
    used = Theme.objects.filter(reviews_reviewtheme_items__isnull=False) | Theme.objects.filter(
        reviews_findingtheme_items__isnull=False
    )
    assert used.distinct().count() >= 30
    call_command("load_demo", "--if-empty", verbosity=0)
    assert ReviewPage.objects.count() == reviews.count()
