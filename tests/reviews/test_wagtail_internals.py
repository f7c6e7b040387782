"""The bulk importer copies Wagtail internals (reviews/importing/wagtail_internals.py): a review it creates must
match one made by Wagtail's own add_child, save_revision and publish, so an upgrade that changes them fails here."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.models import Page, PageLogEntry, ReferenceIndex

from kb.models import Partnership
from reviews.importing.bulk import child_prefetches
from reviews.importing.wagtail_internals import (
    PUBLISHING_FIELDS,
    WAGTAIL_SERIES,
    first_child_path,
    next_sibling_path,
    running_series,
)
from reviews.models import ReviewIndexPage, ReviewPage
from tests.factories import FindingFactory, RecommendationFactory, create_review

pytestmark = pytest.mark.django_db


def wagtails_own(ref: str) -> ReviewPage:
    """A review created and published the way the admin does it."""
    index = ReviewIndexPage.objects.get()
    page = ReviewPage(
        title=f"Review {ref}",
        slug=ref.lower(),
        ref=ref,
        review_type="scr",
        summary="<p>An invented review.</p>",
        partnership=Partnership.objects.get_or_create(name="Testshire Safeguarding Children Partnership")[0],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return ReviewPage.objects.get(pk=page.pk)


def test_the_copied_internals_are_of_the_pinned_wagtail_series():
    assert running_series() == WAGTAIL_SERIES, "check wagtail_internals.py against this Wagtail, then update it"


def test_tree_paths_agree_with_add_child():
    index = ReviewIndexPage.objects.get()
    expected_first = first_child_path(index)
    by_wagtail = wagtails_own("WT-1")
    assert by_wagtail.path == expected_first
    expected_next = next_sibling_path(by_wagtail)
    imported = create_review(ref="WT-2")
    assert imported.path == expected_next
    after = wagtails_own("WT-3")
    assert after.path == next_sibling_path(imported)
    index.refresh_from_db()
    assert index.numchild == 3
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_bulk_created_review_is_saved_and_published_as_wagtail_would():
    by_wagtail, imported = wagtails_own("WT-4"), create_review(ref="WT-5")

    def publishing_state(page: ReviewPage) -> dict:
        values = {name: getattr(page, name) for name in PUBLISHING_FIELDS}
        return {
            "live": values["live"],
            "expired": values["expired"],
            "has_unpublished_changes": values["has_unpublished_changes"],
            "draft_title is title": values["draft_title"] == page.title,
            "live is latest revision": values["live_revision"] == values["latest_revision"] is not None,
            "revision time": values["latest_revision_created_at"] == values["latest_revision"].created_at,
            "published times": values["first_published_at"] is not None and values["last_published_at"] is not None,
        }

    assert publishing_state(imported) == publishing_state(by_wagtail)
    assert set(imported.latest_revision.content) == set(by_wagtail.latest_revision.content)
    actions = {
        page.pk: set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
        for page in (by_wagtail, imported)
    }
    assert actions[imported.pk] == actions[by_wagtail.pk]


def test_a_bulk_created_review_has_the_reference_index_rows_wagtail_would_give_it():
    imported = create_review(ref="WT-6", agencies=["Police"], themes=["neglect"])

    def rows():
        return set(
            ReferenceIndex.objects.filter(object_id=str(imported.pk)).values_list(
                "content_type", "base_content_type", "to_content_type", "to_object_id", "model_path", "content_path"
            )
        )

    written = rows()
    assert written, "the review refers to its partnership, agencies and themes"
    ReferenceIndex.create_or_update_for_object(imported)  # adds what is missing, deletes what should not be there
    assert rows() == written


def test_a_bulk_created_revision_holds_what_save_revision_would_serialise_from_the_saved_page():
    """The importer loads the saved page's children without prefetch_related (bulk.saved_with_children); the
    revision must be the same as one serialised from the page and its children prefetched the usual way."""
    imported = create_review(
        ref="WT-7",
        agencies=["Police", "Ambulance"],
        themes=["neglect", "domestic-abuse"],
        findings=[FindingFactory(themes=["supervision"]), FindingFactory(themes=[])],
        recommendations=[RecommendationFactory(number="2", agency="Police", themes=["information-sharing"])],
    )
    prefetched = ReviewPage.objects.prefetch_related(*child_prefetches(ReviewPage)).get(pk=imported.pk)
    expected = json.loads(json.dumps(prefetched.serializable_data(), cls=DjangoJSONEncoder))
    stored = imported.latest_revision.content
    published_since = set(PUBLISHING_FIELDS) | {"latest_revision", "live_revision"}
    assert {k: v for k, v in stored.items() if k not in published_since} == {
        k: v for k, v in expected.items() if k not in published_since
    }
