"""Search analytics in the admin: top and zero-result queries for a period, as a page and as CSV."""

import datetime

import pytest
from django.utils import timezone

from search.models import QueryLog

pytestmark = pytest.mark.django_db


def log(query: str, results: int, days_ago: int = 0) -> None:
    entry = QueryLog.objects.create(query=query, normalised=query.lower(), result_count=results, duration_ms=1.0)
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


def test_top_queries_for_the_period(admin, logs):
    rows = admin.get("/admin/reports/searches/", {"period": "30"}).context["rows"]
    assert [(r["normalised"], r["searches"]) for r in rows] == [("neglect", 4), ("zygomatic", 2), ("bruising", 1)]
    assert rows[0]["average_results"] == 11.5


def test_zero_result_queries_as_csv(admin, logs):
    response = admin.get("/admin/reports/searches/", {"period": "90", "results": "zero", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "query,searches,average_results,last_searched"
    assert [line.split(",")[:3] for line in lines[1:]] == [["zygomatic", "2", "0.0"], ["old query", "1", "0.0"]]


def test_editors_without_permission_are_refused(client, django_user_model, logs):
    client.force_login(django_user_model.objects.create_user("e", password="pw"))
    assert client.get("/admin/reports/searches/").status_code in (302, 403)
