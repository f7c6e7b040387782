"""Search analytics in the admin: top and zero-result queries for a period, as a page and as CSV."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from search.models import QueryLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_query_shown(settings):
    """The report as it was before queries seen only once or twice were hidden."""
    settings.KB_SEARCH_LOG_MIN_COUNT = 1


def log(query: str, results: int, days_ago: int = 0) -> None:
    entry = QueryLog.objects.create(normalised=query.lower(), result_count=results, duration_ms=1.0)
    QueryLog.objects.filter(pk=entry.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))


@pytest.fixture
def logs():
    for _ in range(3):
        log("Neglect", 12)
    log("neglect", 10)
    log("bruising", 4)
    log("zygomatic", 0)
    log("zygomatic", 0)
    log("old query", 0, days_ago=40)


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("a", "a@example.org", "pw"))
    return client


def test_top_queries_for_the_period(admin, logs, every_query_shown):
    rows = admin.get("/admin/reports/searches/", {"period": "30"}).context["rows"]
    assert [(r["normalised"], r["searches"]) for r in rows] == [("neglect", 4), ("zygomatic", 2), ("bruising", 1)]
    assert rows[0]["average_results"] == 11.5


def test_zero_result_queries_as_csv(admin, logs, every_query_shown):
    response = admin.get("/admin/reports/searches/", {"period": "90", "results": "zero", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "query,searches,average_results,last_searched"
    assert [line.split(",")[:3] for line in lines[1:]] == [["zygomatic", "2", "0.0"], ["old query", "1", "0.0"]]


def test_editors_without_permission_are_refused(client, django_user_model, logs):
    client.force_login(django_user_model.objects.create_user("e", password="pw"))
    assert client.get("/admin/reports/searches/").status_code in (302, 403)


def test_queries_seen_fewer_than_a_few_times_are_hidden(admin, logs):
    rows = admin.get("/admin/reports/searches/", {"period": "30"}).context["rows"]
    assert [(r["normalised"], r["searches"]) for r in rows] == [("neglect", 4)]


@pytest.mark.parametrize(
    "typed",
    ["Child Q 07700 900123", "baby at SW1A 1AA", "mum@example.com neglect", "born 12/03/2015", "NHS 943 476 5919"],
)
def test_a_query_with_an_identifier_is_never_kept(client, typed):
    client.get("/api/search/", {"q": typed})
    client.get("/search/", {"q": typed})
    assert list(QueryLog.objects.values_list("normalised", flat=True)) == ["[identifier removed]"] * 2


def test_only_the_normalised_words_are_kept(client):
    client.get("/api/search/", {"q": "  Was NOT Brought?! "})
    entry = QueryLog.objects.get()
    assert entry.normalised == "was not brought"
    assert {field.name for field in QueryLog._meta.fields} >= {"normalised"}
    assert "query" not in {field.name for field in QueryLog._meta.fields}


def test_entries_older_than_the_retention_period_are_purged(logs, settings):
    settings.KB_SEARCH_LOG_RETENTION_DAYS = 30
    call_command("purge_search_log", verbosity=0)
    assert not QueryLog.objects.filter(normalised="old query").exists()
    assert QueryLog.objects.count() == 7


def test_the_scheduled_jobs_purge_the_log(logs, settings):
    settings.KB_SEARCH_LOG_RETENTION_DAYS = 30
    call_command("run_scheduled_jobs", verbosity=0)
    assert not QueryLog.objects.filter(normalised="old query").exists()


def test_administrators_who_are_not_superusers_see_the_report(login, logs):
    administrator = login("Administrators")
    assert administrator.get("/admin/reports/searches/").status_code == 200
    assert "Searches" in administrator.get("/admin/").content.decode()
