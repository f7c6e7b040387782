"""From the Searches report, an administrator makes a zero-result search a synonym of a theme in one step: the
theme is saved as its editor saves it, so search finds the theme by those words at once."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.http import QueryDict
from wagtail.models import ModelLogEntry

from kb.models import Theme
from search.models import QueryLog
from search.request import request_from_params
from search.service import IDENTIFIER_REMOVED, find, theme_names
from tests.factories import FindingFactory, create_review

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/searches/"
ADD = "/admin/reports/searches/synonym/"
SOFA = "sofa snoozing"  # no review uses these words


@pytest.fixture(autouse=True)
def every_query_shown(settings):
    settings.KB_SEARCH_LOG_MIN_COUNT = 1


@pytest.fixture
def reader(client, django_user_model):
    """Someone who may read the report but not change themes."""
    user = django_user_model.objects.create_user("lead", "lead@example.org", "pw")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_querylog"]),
    )
    client.force_login(user)
    return client


def searched(q: str):
    params = QueryDict(mutable=True)
    params["q"] = q
    return find(request_from_params(params, theme_names()))


def synonyms(slug: str) -> list[str]:
    return Theme.objects.get(slug=slug).synonym_list


def add(client, query: str, theme: str, **extra):
    return client.post(ADD, {"query": query, "theme": theme, **extra}, follow=True)


def message(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_zero_result_search_becomes_a_synonym_and_then_finds_the_theme(login, committed, each_engine):
    with committed():
        page = create_review(
            themes=["sudi-safer-sleep"], findings=[FindingFactory(text="Advice was not repeated after the birth.")]
        )
    assert searched(SOFA).response.words_matched == 0
    QueryLog.objects.create(normalised=SOFA, result_count=0, duration_ms=1.0)
    admin = login("Administrators")
    with committed():
        response = add(admin, SOFA, "sudi-safer-sleep", period="90", results="zero")
    assert response.redirect_chain[-1][0] == f"{REPORT}?period=90&results=zero"
    assert "‘sofa snoozing’ is now a synonym of" in message(response)
    assert synonyms("sudi-safer-sleep")[-1] == SOFA
    assert ModelLogEntry.objects.filter(action="wagtail.edit", user=admin.user).exists()  # as the theme editor logs
    found = searched(SOFA)
    assert found.response.words_matched > 0
    assert {hit.document.page_id for hit in found.response.hits} == {page.pk}


def test_the_report_offers_the_form_next_to_zero_result_searches_only(login):
    QueryLog.objects.create(normalised=SOFA, result_count=0, duration_ms=1.0)
    QueryLog.objects.create(normalised="neglect", result_count=4, duration_ms=1.0)
    QueryLog.objects.create(normalised=IDENTIFIER_REMOVED, result_count=0, duration_ms=1.0)
    soup = BeautifulSoup(login("Administrators").get(REPORT).content, "html.parser")
    forms = soup.select("form.kb-synonym-form")
    assert [form.select_one('input[name="query"]')["value"] for form in forms] == [SOFA]
    assert forms[0].select_one('input[name="csrfmiddlewaretoken"]') is not None
    assert len(forms[0].select("select option")) == Theme.objects.count() + 1


def test_someone_who_cannot_change_themes_sees_no_form_and_is_refused(reader):
    QueryLog.objects.create(normalised=SOFA, result_count=0, duration_ms=1.0)
    response = reader.get(REPORT)
    assert response.status_code == 200 and b"kb-synonym-form" not in response.content
    before = synonyms("sudi-safer-sleep")
    refused = reader.post(ADD, {"query": SOFA, "theme": "sudi-safer-sleep"})
    assert (refused.status_code, refused.get("Location")) in ((403, None), (302, "/admin/"))  # Wagtail's refusal
    assert synonyms("sudi-safer-sleep") == before


def test_only_a_post_adds_a_synonym(login):
    assert login("Administrators").get(ADD, {"query": SOFA, "theme": "neglect"}).status_code == 405
    assert SOFA not in synonyms("neglect")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", "Give the words to add"),
        ("  ?! ", "Give the words to add"),
        ("chronic neglect", "already names another theme, Neglect"),
        ("co-sleeping", "already names the theme"),
        ("baby 07700 900123", "looks like it holds an identifier"),
        (IDENTIFIER_REMOVED, "held an identifier"),
        ("what to do when a baby sleeps on the sofa", "at most 6 words"),
    ],
)
def test_a_query_that_cannot_be_a_synonym_is_refused_with_why(login, query, expected):
    before = list(Theme.objects.values_list("slug", "synonyms"))
    response = add(login("Administrators"), query, "sudi-safer-sleep")
    assert response.status_code == 200
    assert message(response).startswith("Not added:") and expected in message(response)
    assert list(Theme.objects.values_list("slug", "synonyms")) == before


def test_an_unknown_theme_is_a_404(login):
    assert login("Administrators").post(ADD, {"query": SOFA, "theme": "astrology"}).status_code == 404
