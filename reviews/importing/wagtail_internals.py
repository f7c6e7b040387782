"""Every piece of Wagtail's internals the bulk importer relies on, in one place, tied to the Wagtail series it was
written against. Bulk creation does what `add_child()`, `save_revision()` and `revision.publish()` do, without
their per-page queries; tests/reviews/test_wagtail_internals.py checks that a page made here matches one made by
Wagtail's own methods, field by field, so an upgrade that changes them fails there first.
"""

import wagtail
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page, ReferenceIndex

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


def new_reference_rows(page) -> list[ReferenceIndex]:
    """The ReferenceIndex rows that ReferenceIndex.create_or_update_for_object(page) inserts for a page that has
    none yet (wagtail.models.reference_index, the part before its reads of existing rows and its deletions), for
    one bulk insert per batch of new pages."""
    content_types = [
        ContentType.objects.get_for_model(model_or_object, for_concrete_model=False)
        for model_or_object in ([page] + page._meta.get_parent_list())
    ]
    return [
        ReferenceIndex(
            content_type=content_types[0],
            base_content_type=content_types[-1],
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]


def insert_reference_rows(rows: list[ReferenceIndex]) -> None:
    """Insert them as create_or_update_for_object does (ignoring conflicts where the database can)."""
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=connection.features.supports_ignore_conflicts)
