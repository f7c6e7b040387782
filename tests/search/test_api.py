"""GET /api/search/: the response shape, and 400s with a message for bad parameters."""

import pytest

from search.models import QueryLog
from tests.factories import FindingFactory, RecommendationFactory, create_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_engine")]  # on every engine (tests/conftest.py)


@pytest.fixture
def review(committed):
    with committed():
        return create_review(
            ref="API-SCR-2019-01",
            title="Baby K",
            summary="Baby K was bathed by a sibling.",
            published="2019-01-15",
            themes=["water-safety"],
            findings=[FindingFactory(text="The baby was left alone in the bath.", themes=["supervision"])],
            recommendations=[RecommendationFactory(number="1", text="Give bath safety advice.", agency="Police")],
        )


def test_the_response_has_the_documented_shape(client, review):
    body = client.get("/api/search/", {"q": "bath", "kind": "finding"}).json()
    assert body["count"] == 1 and body["page"] == 1 and body["page_size"] == 20
    (result,) = body["results"]
    assert result["kind"] == "finding"
    assert result["url"] == "/reviews/api-scr-2019-01/#finding-1"
    assert "<mark>bath</mark>" in result["snippet"]
    assert result["themes"] == ["supervision", "water-safety"]
    assert result["review"] == {
        "ref": "API-SCR-2019-01",
        "title": "Baby K",
        "type": "scr",
        "type_label": "Serious Case Review",
        "published": "2019-01-15",
        "url": "/reviews/api-scr-2019-01/",
        "partnership": "Testshire Safeguarding Children Partnership",
    }
    assert {"value": "water-safety", "label": "Water safety", "count": 1} in body["facets"]["theme"]
    assert set(body["facets"]) == {"theme", "type", "kind", "year", "agency"}


def test_the_response_says_how_the_results_match_the_words(client, review):
    body = client.get("/api/search/", {"q": "bath"}).json()
    assert (body["match"], body["query"], body["searched"], body["did_you_mean"]) == ("all", "bath", "bath", None)
    assert [result["related_by_meaning"] for result in body["results"]] == [False] * body["count"]
    corrected = client.get("/api/search/", {"q": "bathh safety"}).json()
    assert (corrected["match"], corrected["query"], corrected["searched"]) == (
        "corrected",
        "bathh safety",
        "bath safety",
    )
    assert corrected["count"] > 0 and not any(r["related_by_meaning"] for r in corrected["results"])
    partial = client.get("/api/search/", {"q": "bath advice zebra"}).json()
    assert partial["match"] == "partial" and partial["count"] == 1
    nothing = client.get("/api/search/", {"q": "xqzt blorf"}).json()
    assert (nothing["match"], nothing["count"]) == ("none", 0)


def test_recommendation_results_carry_owner_and_status(client, review):
    (result,) = client.get("/api/search/", {"kind": "recommendation"}).json()["results"]
    assert result["recommendation"] == {"number": "1", "agency": "Police", "status": "open", "status_label": "Open"}
    assert result["url"].endswith("#recommendation-1")


@pytest.mark.parametrize(
    "params, message",
    [
        ({"theme": "astrology"}, "Unknown theme: 'astrology'."),
        ({"type": "inquest"}, "Unknown review type: 'inquest'."),
        ({"kind": "poem"}, "Unknown kind: 'poem'."),
        ({"page_size": "101"}, "page_size must be at most 100."),
        ({"page_size": "0"}, "page_size must be between 1 and 100."),
        ({"year_from": "twenty"}, "year_from must be a whole number, not 'twenty'."),
        ({"year_to": "2020.5"}, "year_to must be a whole number, not '2020.5'."),
        ({"year_from": "2022", "year_to": "2020"}, "year_from must not be after year_to."),
        ({"q": "x" * 501}, "The query is longer than 500 characters."),
        ({"page": "-1"}, "page must be a whole number, not '-1'."),
        ({"page": "²"}, "page must be a whole number, not '²'."),  # str.isdigit() takes it; int() refuses it
        ({"page": "٣"}, "page must be a whole number, not '٣'."),
        ({"page_size": "9" * 5000}, "page_size must be a whole number, not '99999999999999999999'."),
        ({"sort": "random"}, "Unknown sort: 'random'. Expected one of: relevance, newest."),
        ({"status": "done"}, "Unknown status: 'done'. Expected one of: open, in_progress, completed, not_accepted."),
        ({"age_band": "old"}, "Unknown age_band: 'old'."),
        ({"as_typed": "yes"}, "Unknown as_typed: 'yes'. Expected one of: 0, 1."),
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, params, message):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_a_page_past_the_end_is_empty_not_an_error(client, review):
    body = client.get("/api/search/", {"q": "bath", "page": "50"}).json()
    assert body["results"] == [] and body["count"] == 3


def test_only_get_is_allowed(client):
    assert client.post("/api/search/").status_code == 405


def test_each_query_is_logged_without_identity(client, review, django_user_model):
    user = django_user_model.objects.create_user("someone", password="x")
    client.force_login(user)
    client.get("/api/search/", {"q": "Bath ", "theme": "water-safety"})
    log = QueryLog.objects.get()
    assert (log.normalised, log.result_count, log.source) == ("bath", 3, "api")
    assert log.filters == {"themes": ["water-safety"]}
    assert "someone" not in str(log.__dict__)
