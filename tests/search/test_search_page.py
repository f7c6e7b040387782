"""The practitioner search page: server-rendered results, filters and help when nothing is found."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import FindingFactory, create_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_engine")]  # on every engine (tests/conftest.py)


@pytest.fixture
def reviews(committed):
    with committed():
        create_review(
            ref="PG-SCR-2018-01",
            title="Baby L",
            summary="Baby L had <b>bruising</b> noticed by a nursery worker.",
            themes=["bruising-non-mobile-infants"],
            findings=[FindingFactory(text="Bruising in a baby who cannot crawl was not referred.")],
        )
        create_review(
            ref="PG-SAR-2020-01", type="sar", title="Adult M", summary="Adult M lived alone.", themes=["self-neglect"]
        )


def page(client, **params):
    response = client.get("/search/", params)
    return response, BeautifulSoup(response.content, "html.parser")


def test_results_link_to_the_finding_on_its_review_page(client, reviews):
    response, soup = page(client, q="bruising")
    assert response.status_code == 200
    links = [a["href"] for a in soup.select("ol li h3 a")]
    assert "/reviews/pg-scr-2018-01/#finding-1" in links
    assert soup.select_one("#results-heading").get_text(strip=True).startswith("2 results")
    assert "<mark>bruising</mark>" in response.content.decode().lower()


def test_facets_are_checkboxes_with_counts_and_chosen_ones_stay_checked(client, reviews):
    _, soup = page(client, q="bruising", kind="finding")
    checked = soup.select("input.govuk-checkboxes__input[checked]")
    assert [(i["name"], i["value"]) for i in checked] == [("kind", "finding")]
    label = soup.find("label", attrs={"for": checked[0]["id"]}).get_text(strip=True)
    assert label == "Finding (1)"


def test_filters_work_without_javascript_as_a_plain_get_form(client, reviews):
    _, soup = page(client, theme="self-neglect")
    form = soup.select_one("form#search-form")
    assert form["method"] == "get" and form["action"] == "/search/"
    assert [a["href"] for a in soup.select("ol li h3 a")] == ["/reviews/pg-sar-2020-01/"]


def test_zero_results_suggest_close_themes(client, reviews):
    response, soup = page(client, q="self negligence")
    assert "0 results" in soup.select_one("#results-heading").get_text()
    suggestions = [a.get_text() for a in soup.select("ul.govuk-list--bullet a")]
    assert "Self-neglect" in suggestions


def test_a_misspelling_that_finds_nothing_is_searched_corrected_with_a_way_back(client, reviews):
    _, soup = page(client, q="self neglekt")
    assert soup.select_one("#results-heading").get_text(strip=True).startswith("1 result")
    said = soup.select_one("#search-corrected")
    assert said.get_text(" ", strip=True) == "Showing results for self neglect . Search instead for self neglekt"
    back = said.select_one("a")["href"]
    assert "as_typed=1" in back and "q=self+neglekt" in back
    _, as_typed = page(client, q="self neglekt", as_typed=1)
    assert as_typed.select_one("#search-corrected") is None
    assert "0 results" in as_typed.select_one("#results-heading").get_text()


def test_results_holding_most_of_the_words_say_so(client, reviews):
    _, soup = page(client, q="bruising nursery zebra")
    assert soup.select_one("#search-partial").get_text(strip=True) == (
        "No results contain all your words. Showing results that match most of them."
    )
    assert [a["href"] for a in soup.select("ol li h3 a")] == ["/reviews/pg-scr-2018-01/"]


def test_results_found_by_meaning_are_labelled(client, reviews, settings, committed):
    settings.KB_SEMANTIC_SEARCH = True
    with committed():
        create_review(
            ref="PG-SAR-2021-01",
            type="sar",
            title="Adult N",
            summary="Adult N took his own life after discharge from a mental health ward.",
        )
    _, soup = page(client, q="suicide following psychiatric inpatient release")
    assert "No results contain your words" in soup.select_one("#search-related").get_text()
    first = soup.select_one("ol li")
    assert first.select_one("h3 a")["href"] == "/reviews/pg-sar-2021-01/"
    assert first.select_one(".kb-related-tag").get_text(strip=True) == "Related by meaning"
    assert "Adult N took his own life" in first.get_text()


def test_bad_parameters_show_an_error_summary_with_400(client):
    response, soup = page(client, theme="nonsense")
    assert response.status_code == 400
    assert "Unknown theme" in soup.select_one(".govuk-error-summary").get_text()


def test_markup_in_content_is_shown_as_text(client, reviews):
    response, _ = page(client, q="nursery")
    assert "<b>bruising</b>" not in response.content.decode()


def test_every_page_has_a_search_box(client, reviews):
    for url in ("/", "/reviews/", "/reviews/pg-scr-2018-01/", "/themes/", "/themes/neglect/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert soup.select_one('form[role="search"] input[name="q"]'), url
