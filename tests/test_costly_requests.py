"""Anonymous requests cannot make the site do unbounded work: rate limits, PDFs drawn once per revision,
bounded suggestions and each theme asked for once."""

import difflib

import pytest
from django.core.cache import caches

from kb.themes import vocabulary
from search.query import parse
from search.service import SUGGESTION_WORDS, suggest_themes

pytestmark = pytest.mark.django_db


@pytest.fixture
def rate_limited(settings):
    settings.RATELIMIT_ENABLE = True
    settings.KB_SEARCH_RATE = "3/m"
    settings.KB_PDF_RATE = "2/m"
    caches["default"].clear()
    yield
    caches["default"].clear()


def statuses(client, url: str, times: int, **extra) -> list[int]:
    return [client.get(url, {"q": "neglect"}, **extra).status_code for _ in range(times)]


def test_anonymous_searches_past_the_rate_get_429(client, rate_limited):
    assert statuses(client, "/search/", 4) == [200, 200, 200, 429]
    response = client.get("/api/search/", {"q": "neglect"})
    assert response.status_code == 429 and "Too many requests" in response.json()["error"]
    assert response["Retry-After"] == "60"


def test_signed_in_staff_are_not_limited(client, rate_limited, login):
    assert set(statuses(login("Review panel"), "/api/search/", 5)) == {200}


def test_a_forged_forwarded_address_does_not_escape_the_limit(client, rate_limited):
    codes = [client.get("/api/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_behind_a_proxy_each_client_has_its_own_rate(client, rate_limited, settings):
    settings.KB_PROXY_COUNT = 1
    first = statuses(client, "/api/search/", 4, HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.1")
    second = statuses(client, "/api/search/", 1, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert first == [200, 200, 200, 429] and second == [200]


def test_a_sign_in_lockout_behind_a_proxy_locks_out_only_that_client(client, settings, django_user_model):
    settings.KB_PROXY_COUNT = 1
    django_user_model.objects.create_user("panel", password="right-password")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "panel", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.9")
    locked = client.post(
        "/admin/login/", {"username": "panel", "password": "right-password"}, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    other = client.post(
        "/admin/login/", {"username": "panel", "password": "right-password"}, HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert locked.status_code == 429
    assert other.status_code == 302


def test_suggestions_compare_only_the_first_few_words(monkeypatch):
    compared = []
    original = difflib.SequenceMatcher.ratio

    def counting(self):
        compared.append(1)
        return original(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counting)
    suggest_themes(" ".join(f"word{n}" for n in range(100)))
    assert len(compared) <= (SUGGESTION_WORDS + 1) * len(vocabulary().by_key) * 2


def test_a_theme_named_many_times_is_asked_for_once():
    lexicon = vocabulary()
    nai = lexicon.theme_for(["nai"])
    assert nai not in (None, "neglect")
    query = parse("neglect neglect NAI neglect non-accidental injury neglect " * 20, lexicon)
    assert [part.slug for part in query.must] == ["neglect", nai]
