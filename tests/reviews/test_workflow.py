"""The publishing workflow: the anonymisation check blocks identifiers, a reviewer may override with a reason,
then the panel chair approves."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import querydict_from_html

from reviews.models import ReviewPage
from tests.factories import FindingFactory, create_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(django_user_model):
    user = django_user_model.objects.create_superuser("chair", "chair@example.org", "pw")
    user.groups.add(Group.objects.get(name="Panel chairs"))
    return user


def draft(text: str) -> ReviewPage:
    return create_review(ref="WF-1", live=False, findings=[FindingFactory(text=text)])


def submit(page: ReviewPage, user):
    page = ReviewPage.objects.get(pk=page.pk)
    page.get_workflow().start(page, user)
    return ReviewPage.objects.get(pk=page.pk)


def current_task(page):
    return page.current_workflow_task_state.specific


def test_reviews_use_the_review_publication_workflow():
    workflow = draft("Clean text.").get_workflow()
    assert workflow.name == "Review publication"
    assert [t.name for t in workflow.tasks] == ["Anonymisation check", "Panel chair approval"]


def test_a_clean_review_passes_the_check_by_itself(chair):
    page = submit(draft("The GP did not share the referral."), chair)
    state = current_task(page)
    assert state.task.name == "Panel chair approval"
    check = TaskState.objects.get(task__name="Anonymisation check").specific
    assert check.status == TaskState.STATUS_APPROVED and check.identifiers == []


def test_identifiers_block_approval_and_are_recorded(chair):
    page = submit(draft("Contact the family on 07700 900123 or mum@example.com."), chair)
    state = current_task(page)
    assert state.task.name == "Anonymisation check"
    assert {(i["kind"], i["text"]) for i in state.identifiers} == {
        ("phone number", "07700 900123"),
        ("email address", "mum@example.com"),
    }
    actions = [name for name, _, _ in state.task.specific.get_actions(page, chair)]
    assert "approve" not in actions and actions == ["reject", "override"]
    state.task.specific.on_action(state, chair, "approve")
    assert current_task(ReviewPage.objects.get(pk=page.pk)).task.name == "Anonymisation check"


def test_an_override_needs_a_reason_which_is_recorded(chair, client):
    page = submit(draft("Seen at the clinic, AB1 2CD."), chair)
    state = current_task(page)
    client.force_login(chair)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "override", state.pk))
    client.post(url, {"comment": ""})
    assert current_task(ReviewPage.objects.get(pk=page.pk)).task.name == "Anonymisation check"

    client.post(url, {"comment": "AB1 2CD is the postcode of the hospital, named in the published report."})
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_APPROVED
    assert state.override_reason.startswith("AB1 2CD is the postcode of the hospital")
    assert "overridden" in state.comment
    page = ReviewPage.objects.get(pk=page.pk)
    assert current_task(page).task.name == "Panel chair approval"

    chair_state = current_task(page)
    chair_state.task.specific.on_action(chair_state, chair, "approve")
    assert ReviewPage.objects.get(pk=page.pk).live


def test_requesting_changes_then_resubmitting_runs_the_check_again(chair):
    page = submit(draft("DOB: 01/02/2016 noted in the chronology."), chair)
    state = current_task(page)
    state.task.specific.on_action(state, chair, "reject", comment="Remove the date of birth.")
    page = ReviewPage.objects.get(pk=page.pk)
    findings = list(page.get_latest_revision_as_object().findings.all())
    findings[0].text = "Her age was noted in the chronology."
    page.findings = findings
    page.save_revision(user=chair)
    page.current_workflow_state.resume(chair)
    assert current_task(ReviewPage.objects.get(pk=page.pk)).task.name == "Panel chair approval"


def test_submitting_from_the_admin_starts_the_check(client, chair):
    page = draft("Call 020 7946 0018 for the family.")
    client.force_login(chair)
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = querydict_from_html(client.get(edit).content.decode(), form_id="page-edit-form")
    data["action-submit"] = "Submit"
    response = client.post(edit, data)
    assert response.status_code == 302
    state = current_task(ReviewPage.objects.get(pk=page.pk))
    assert state.task.name == "Anonymisation check"
    assert state.identifiers[0]["kind"] == "phone number"


def test_an_edit_after_the_check_is_checked_again_before_publishing(chair):
    page = submit(draft("Clean text."), chair)
    findings = list(page.get_latest_revision_as_object().findings.all())
    findings[0].text = "Clean text, then a number: 07700 900456."
    page.findings = findings
    page.save_revision(user=chair)
    state = current_task(ReviewPage.objects.get(pk=page.pk))
    state.task.specific.on_action(state, chair, "approve")
    page = ReviewPage.objects.get(pk=page.pk)
    assert not page.live
    assert current_task(page).task.name == "Anonymisation check"
    assert current_task(page).identifiers[0]["text"] == "07700 900456"
