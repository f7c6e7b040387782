"""Theme pages and the insights page show numbers that match the database, drafts and private reviews excluded."""

import pytest
from bs4 import BeautifulSoup

from reviews.models import ReviewPage
from tests.factories import FindingFactory, RecommendationFactory, create_review, restrict

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviews(committed):
    with committed():
        create_review(
            ref="IN-1",
            published="2019-02-01",
            themes=["neglect", "toxic-trio"],
            findings=[FindingFactory(text="Neglect was chronic.", themes=["neglect"])],
            recommendations=[
                RecommendationFactory(number="1", agency="Police", status="completed", due="2020-01-01"),
                RecommendationFactory(number="2", agency="Police", status="open", due="2020-01-01"),
            ],
        )
        create_review(
            ref="IN-2",
            published="2021-05-01",
            themes=["neglect", "toxic-trio", "early-help"],
            recommendations=[RecommendationFactory(number="1", agency="Housing", status="open", due="2099-01-01")],
        )
        create_review(ref="IN-3", published="2021-07-01", themes=["neglect"])
        create_review(
            ref="IN-DRAFT",
            published="2021-07-01",
            themes=["neglect", "early-help"],
            live=False,
            recommendations=[RecommendationFactory(number="1", agency="Housing", status="completed")],
        )
        private = create_review(ref="IN-PRIVATE", published="2020-01-01", themes=["neglect"])
        restrict(private)


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_theme_page_numbers_match_the_database(client, reviews):
    page = soup(client, "/themes/neglect/")
    public = ReviewPage.objects.live().public().filter(themes__slug="neglect")
    assert page.select_one("#review-count strong").get_text() == str(public.count()) == "3"
    chart = {row.th.get_text(): row.td.get_text() for row in page.select("figure table tbody tr")}
    assert chart == {"2019": "1", "2020": "0", "2021": "2"}
    assert [rect["height"] for rect in page.select("figure svg rect")] == ["100.0", "0.0", "200.0"]
    co = {row.a.get_text(): row.select("td")[1].get_text() for row in page.select("#co-occurring tbody tr")}
    assert co == {"Toxic trio": "2", "Early help": "1"}


def test_theme_page_lists_the_latest_findings_from_search(client, reviews):
    page = soup(client, "/themes/neglect/")
    links = [a["href"] for a in page.select("ul.govuk-list a")]
    assert "/reviews/in-1/#finding-1" in links
    assert not [href for href in links if "in-draft" in href or "in-private" in href]


def test_theme_index_counts_reviews(client, reviews):
    text = soup(client, "/themes/").get_text(" ")
    assert "Neglect (3 reviews)" in " ".join(text.split())


def test_insights_heatmap_matches_the_database(client, reviews):
    page = soup(client, "/insights/")
    years = [th.get_text() for th in page.select("#heatmap thead th")[1:]]
    assert years == ["2019", "2020", "2021"]
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in page.select("#heatmap tbody tr")
    }
    assert rows == {"Neglect": ["1", "0", "2"], "Toxic trio": ["1", "0", "1"], "Early help": ["0", "0", "1"]}


def test_insights_completion_by_agency(client, reviews):
    page = soup(client, "/insights/")
    rows = {
        tr.th.get_text(): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in page.select("#completion tbody tr")
    }
    assert rows == {"Housing": ["1", "0", "0", "0%"], "Police": ["2", "1", "1", "50%"]}
