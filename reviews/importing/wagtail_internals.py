"""Every piece of Wagtail's internals the bulk importer relies on, in one place, tied to the Wagtail series it was
written against. Bulk creation does what `add_child()`, `save_revision()` and `revision.publish()` do, without
their per-page queries; tests/reviews/test_wagtail_internals.py checks that a page made here matches one made by
Wagtail's own methods, field by field, so an upgrade that changes them fails there first.
"""

import wagtail
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from .rows import insert_values

WAGTAIL_SERIES = (8, 0)  # the series this was checked against; pyproject.toml pins wagtail>=8.0,<8.1

# The page fields that saving the first revision and publishing it set (wagtail.models.pages.Page.save_revision
# and wagtail.actions.publish_revision.PublishRevisionAction._publish_revision).
PUBLISHING_FIELDS = [
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "live",
    "expired",
    "live_revision",
    "first_published_at",
    "last_published_at",
]

# The log actions Wagtail records for a page created and then published.
CREATE_ACTION = "wagtail.create"
PUBLISH_ACTION = "wagtail.publish"


def first_child_path(parent: Page) -> str:
    """The tree path of a parent's first child, as treebeard's add_child computes it (MP_Node._get_path)."""
    return Page._get_path(parent.path, parent.depth + 1, 1)


def next_sibling_path(last_child: Page) -> str:
    """The tree path after the parent's last child, as treebeard's add_child computes it (MP_Node._inc_path)."""
    return last_child._inc_path()


def running_series() -> tuple[int, int]:
    """The installed Wagtail's major and minor version."""
    return tuple(int(part) for part in wagtail.__version__.split(".")[:2])


REFERENCE_COLUMNS = (
    "content_type",
    "base_content_type",
    "object_id",
    "to_content_type",
    "to_object_id",
    "model_path",
    "content_path",
    "content_path_hash",
)


def new_reference_rows(page) -> list[tuple]:
    """The ReferenceIndex rows (values for REFERENCE_COLUMNS) that ReferenceIndex.create_or_update_for_object(page)
    inserts for a page that has none yet (wagtail.models.reference_index, the part before its reads of existing
    rows and its deletions), for one insert per batch of new pages."""
    content_types = [
        ContentType.objects.get_for_model(model_or_object, for_concrete_model=False)
        for model_or_object in ([page] + page._meta.get_parent_list())
    ]
    return [
        (
            content_types[0].pk,
            content_types[-1].pk,
            str(page.pk),
            to_content_type_id,
            to_object_id,
            model_path,
            content_path,
            ReferenceIndex._get_content_path_hash(content_path),
        )
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]


def insert_reference_rows(rows: list[tuple]) -> None:
    """Insert them as create_or_update_for_object does, ignoring conflicts where the database can."""
    insert_values(ReferenceIndex, REFERENCE_COLUMNS, rows, ignore_conflicts=True)
