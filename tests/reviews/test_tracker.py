"""The recommendation tracker: filters, dated progress notes that are never overwritten, CSV, dashboard panel."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.models import ProgressNote, Recommendation, ReviewPage
from reviews.tracker import status_by_agency
from tests.factories import RecommendationFactory, create_review

pytestmark = pytest.mark.django_db
PAST, FUTURE = "2020-01-31", "2099-01-31"


@pytest.fixture
def recommendations():
    create_review(
        ref="TR-SCR-1",
        themes=["neglect"],
        recommendations=[
            RecommendationFactory(number="1", agency="Police", status="open", due=PAST),
            RecommendationFactory(number="2", agency="Police", status="completed", due=PAST),
            RecommendationFactory(
                number="3", agency="Housing", status="in_progress", due=FUTURE, themes=["domestic-abuse"]
            ),
        ],
    )
    create_review(
        ref="TR-SAR-1",
        type="sar",
        live=False,
        recommendations=[RecommendationFactory(number="1", agency="Housing", status="in_progress", due=PAST)],
    )


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chair", "c@example.org", "pw"))
    return client


def listed(admin, **params) -> list[str]:
    response = admin.get(reverse("tracker:index"), params)
    assert response.status_code == 200
    return sorted(f"{r.page.ref}/{r.number}" for r in response.context["object_list"])


def test_the_tracker_lists_every_recommendation_including_drafts(admin, recommendations):
    assert listed(admin) == ["TR-SAR-1/1", "TR-SCR-1/1", "TR-SCR-1/2", "TR-SCR-1/3"]


def test_filters(admin, recommendations):
    assert listed(admin, agency=Recommendation.objects.get(page__ref="TR-SCR-1", number="3").agency_id) == [
        "TR-SAR-1/1",
        "TR-SCR-1/3",
    ]
    assert listed(admin, status="completed") == ["TR-SCR-1/2"]
    assert listed(admin, overdue="true") == ["TR-SAR-1/1", "TR-SCR-1/1"]
    assert listed(admin, review_type="sar") == ["TR-SAR-1/1"]
    assert listed(admin, theme="domestic-abuse") == ["TR-SCR-1/3"]
    assert listed(admin, theme="neglect") == ["TR-SCR-1/1", "TR-SCR-1/2", "TR-SCR-1/3"]


def test_recording_progress_keeps_the_whole_history(admin, recommendations, django_user_model):
    rec = Recommendation.objects.get(page__ref="TR-SCR-1", number="1")
    url = reverse("tracker:edit", args=[rec.pk])
    for date, status, note in [
        ("2021-02-01", "in_progress", "Protocol drafted."),
        ("2021-06-01", "completed", "Audited."),
    ]:
        response = admin.post(url, {"status": status, "date": date, "note": note})
        assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == "completed"
    assert [(n.date.isoformat(), n.status, n.note, n.author.username) for n in rec.progress_notes.all()] == [
        ("2021-02-01", "in_progress", "Protocol drafted.", "chair"),
        ("2021-06-01", "completed", "Audited.", "chair"),
    ]
    page = admin.get(url).content.decode()
    assert "Protocol drafted." in page and "Audited." in page


def test_a_note_is_required(admin, recommendations):
    rec = Recommendation.objects.get(page__ref="TR-SCR-1", number="1")
    response = admin.post(
        reverse("tracker:edit", args=[rec.pk]), {"status": "completed", "date": "2021-01-01", "note": ""}
    )
    assert response.status_code == 200
    rec.refresh_from_db()
    assert rec.status == "open" and not rec.progress_notes.exists()


def test_progress_notes_cannot_be_rewritten(recommendations):
    note = ProgressNote.objects.create(
        recommendation=Recommendation.objects.first(), date=datetime.date(2021, 1, 1), status="open", note="First."
    )
    note.note = "Rewritten."
    with pytest.raises(ValidationError):
        note.save()


def test_republishing_an_old_revision_does_not_rewind_the_tracker(admin, recommendations):
    page = ReviewPage.objects.get(ref="TR-SCR-1")
    rec = page.recommendations.get(number="1")
    old_revision = page.get_latest_revision()
    admin.post(reverse("tracker:edit", args=[rec.pk]), {"status": "completed", "date": "2022-01-01", "note": "Done."})
    old_revision.publish()
    rec.refresh_from_db()
    assert rec.status == "completed"


def test_the_tracker_cannot_add_or_delete(admin, recommendations):
    response = admin.get(reverse("tracker:index"))
    assert reverse("tracker:add") not in response.content.decode()
    assert admin.get(reverse("tracker:add")).status_code in (302, 403)


def test_csv_export(admin, recommendations):
    response = admin.get(reverse("tracker:index"), {"export": "csv", "status": "open"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["Review", "Number", "Text", "Agency", "Status", "Due date", "Overdue", "Latest progress note"]
    assert [(r[0], r[1], r[3], r[4], r[6]) for r in rows[1:]] == [("TR-SCR-1", "1", "Police", "Open", "True")]


def test_dashboard_panel_counts_open_and_overdue_by_agency(admin, recommendations):
    assert status_by_agency() == [
        {"agency": "Police", "open": 1, "in_progress": 0, "overdue": 1, "completed": 1, "total": 2},
        {"agency": "Housing", "open": 0, "in_progress": 2, "overdue": 1, "completed": 0, "total": 2},
    ]
    html = admin.get(reverse("wagtailadmin_home")).content.decode()
    assert "Recommendations by agency" in html


def test_editors_without_tracker_permission_are_refused(client, django_user_model, recommendations):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("tracker:index")).status_code in (302, 403)


def test_csv_cells_never_start_like_a_formula(admin):
    create_review(
        ref="TR-CSV-1",
        recommendations=[RecommendationFactory(number="1", text='=HYPERLINK("http://evil.example","Click")')],
    )
    response = admin.get(reverse("tracker:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][2] == '\'=HYPERLINK("http://evil.example","Click")'
