"""Reviews are published only by the workflow's approval, whatever the path a panel member or chair takes."""

import pytest
from wagtail.models import Page

from reviews.models import ReviewIndexPage, ReviewPage
from tests.factories import FindingFactory, create_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(login):
    """A panel chair who is also on the review panel, as in the browser suite (not a superuser)."""
    client = login("Panel chairs")
    client.user.groups.add(*login("Review panel").user.groups.all())
    return client


def draft(ref: str, text: str = "Clean text.") -> ReviewPage:
    return create_review(ref=ref, live=False, findings=[FindingFactory(text=text)])


def is_live(page) -> bool:
    return Page.objects.get(pk=page.pk).live


def bulk_publish(client, pages, include_descendants=False):
    ids = "&".join(f"id={page.pk}" for page in pages)
    data = {"include_descendants": "on"} if include_descendants else {}
    return client.post(f"/admin/bulk/wagtailcore/page/publish/?{ids}", data)


def test_a_chair_cannot_bulk_publish_a_draft_review(chair):
    page = draft("PUB-1", "Call 07700 900123.")
    bulk_publish(chair, [page])
    assert not is_live(page)


def test_a_chair_cannot_bulk_publish_every_draft_below_the_review_index(chair):
    pages = [draft("PUB-2"), draft("PUB-3")]
    bulk_publish(chair, [ReviewIndexPage.objects.get()], include_descendants=True)
    assert not any(is_live(page) for page in pages)


def test_a_superuser_may_still_bulk_publish(login):
    """The control: the same request publishes when the rule allows it (service administrators)."""
    page = draft("PUB-4")
    bulk_publish(login(None), [page])
    assert is_live(page)


def test_a_review_is_never_copied_so_never_published_as_a_copy(chair, login):
    page = create_review(ref="PUB-5")
    index = ReviewIndexPage.objects.get()
    form = {"new_title": "Copied", "new_slug": "copied-review", "new_parent_page": index.pk, "publish_copies": "on"}
    for client in (chair, login(None)):
        response = client.post(f"/admin/pages/{page.pk}/copy/", form)
        assert response.status_code in (302, 403)
    assert not ReviewPage.objects.filter(slug="copied-review").exists()


def test_a_chairs_direct_publish_in_the_editor_is_kept_as_a_draft(chair):
    page = draft("PUB-6")
    assert not page.permissions_for_user(chair.user).can_publish()
    assert not ReviewIndexPage.objects.get().permissions_for_user(chair.user).can_publish_subpage()


def test_a_chair_may_still_unpublish_a_review(chair):
    page = create_review(ref="PUB-7")
    assert page.permissions_for_user(chair.user).can_unpublish()


def test_the_chairs_approval_publishes_the_review(chair):
    page = draft("PUB-8")
    page.get_workflow().start(page, chair.user)
    page = ReviewPage.objects.get(pk=page.pk)
    state = page.current_workflow_task_state.specific
    assert state.task.name == "Panel chair approval"
    state.task.specific.on_action(state, chair.user, "approve")
    assert is_live(page)
