"""The four roles, created by kb's data migration, and the boundaries between them in the admin and the API."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from kb.models import Partnership
from learning.models import BriefingPage, LearningHubPage
from reviews.models import ReviewIndexPage, ReviewPage
from tests.factories import create_review

pytestmark = pytest.mark.django_db


def add_url(app: str, model: str, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=(app, model, parent.pk))


def hub_form(**extra) -> dict:
    return nested_form_data({"title": "Neglect hub", "slug": "neglect-hub", "body-count": "0", "themes": "", **extra})


def review_form() -> dict:
    partnership = Partnership.objects.get_or_create(name="Northvale Safeguarding Children Partnership")[0]
    return nested_form_data(
        {
            "title": "Child J",
            "slug": "child-j",
            "ref": "NV-CSPR-2021-03",
            "review_type": "cspr",
            "partnership": str(partnership.pk),
            "review_status": "published",
            "summary": rich_text("<p>Child J was seen by many agencies.</p>"),
            "themes": "",
            "findings-TOTAL_FORMS": "0",
            "findings-INITIAL_FORMS": "0",
            "recommendations-TOTAL_FORMS": "0",
            "recommendations-INITIAL_FORMS": "0",
        }
    )


def test_the_migration_creates_the_four_roles():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Practitioners", "Trainers", "Review panel", "Administrators"} <= names
    assert not Group.objects.get(name="Practitioners").permissions.exists()


def test_practitioners_cannot_enter_the_admin(login):
    response = login("Practitioners").get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_trainers_create_edit_and_publish_learning_pages(login, index):
    trainer = login("Trainers")
    assert trainer.get(add_url("learning", "briefingpage", index)).status_code == 200
    response = trainer.post(add_url("learning", "learninghubpage", index), hub_form(**{"action-publish": "1"}))
    assert response.status_code == 302
    hub = LearningHubPage.objects.get()
    assert hub.live
    edit = reverse("wagtailadmin_pages:edit", args=[hub.pk])
    assert trainer.get(edit).status_code == 200
    trainer.post(edit, hub_form(title="Neglect Learning Hub", **{"action-publish": "1"}))
    hub.refresh_from_db()
    assert hub.title == "Neglect Learning Hub"


def test_trainers_cannot_add_edit_or_publish_reviews(login, committed):
    with committed():
        review = create_review(ref="T-1", live=False)
    trainer = login("Trainers")
    index = ReviewIndexPage.objects.get()
    assert trainer.get(add_url("reviews", "reviewpage", index)).status_code in (302, 403)
    trainer.post(add_url("reviews", "reviewpage", index), review_form())
    assert ReviewPage.objects.count() == 1
    edit = reverse("wagtailadmin_pages:edit", args=[review.pk])
    assert trainer.get(edit).status_code in (302, 403)
    trainer.post(edit, {"action-publish": "1"})
    review.refresh_from_db()
    assert not review.live
    assert not review.permissions_for_user(trainer.user).can_publish()


def test_the_review_panel_adds_reviews_but_not_learning_pages(login, index):
    panel = login("Review panel")
    response = panel.post(add_url("reviews", "reviewpage", ReviewIndexPage.objects.get()), review_form())
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert ReviewPage.objects.filter(ref="NV-CSPR-2021-03").exists()
    assert panel.get(add_url("learning", "briefingpage", index)).status_code in (302, 403)
    assert panel.get(reverse("wagtailsnippets_kb_partnership:add")).status_code == 200
    assert panel.get(reverse("wagtailsnippets_kb_theme:add")).status_code in (302, 403)


def test_trainers_may_upload_documents_for_resources(login):
    trainer = login("Trainers")
    assert trainer.get(reverse("wagtaildocs:add")).status_code == 200
    assert trainer.get(reverse("wagtaildocs_chooser:choose")).status_code == 200


def test_administrators_manage_themes_and_users(login):
    admin = login("Administrators")
    assert admin.get(reverse("wagtailsnippets_kb_theme:add")).status_code == 200
    assert admin.get(reverse("wagtailusers_users:add")).status_code == 200
    assert admin.user.has_perm("kb.delete_theme")


def test_the_wagtail_api_shows_live_public_learning_pages_only(login, index, client):
    trainer = login("Trainers")
    trainer.post(add_url("learning", "learninghubpage", index), hub_form(**{"action-publish": "1"}))
    trainer.post(add_url("learning", "learninghubpage", index), hub_form(title="Draft hub", slug="draft-hub"))
    draft = BriefingPage(title="Draft briefing", slug="draft-briefing", live=False)
    index.add_child(instance=draft)
    for viewer in (client, trainer, login(None)):
        titles = [page["title"] for page in viewer.get("/api/v2/pages/", {"limit": 20}).json()["items"]]
        assert "Neglect hub" in titles
        assert "Draft hub" not in titles and "Draft briefing" not in titles
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    hub = LearningHubPage.objects.get(slug="neglect-hub")
    detail = client.get(f"/api/v2/pages/{hub.pk}/").json()
    assert detail["meta"]["type"] == "learning.LearningHubPage" and detail["body"] == []


def test_trainers_can_choose_reviews_for_case_studies_and_briefings(login, committed):
    with committed():
        review = create_review(ref="CH-1", title="Child C chooser test")
    trainer = login("Trainers")
    response = trainer.get(
        reverse("wagtailadmin_choose_page_child", args=[review.get_parent().pk]), {"page_type": "reviews.reviewpage"}
    )
    assert response.status_code == 200
    assert "Child C chooser test" in response.content.decode()
