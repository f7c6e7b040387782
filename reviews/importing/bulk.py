"""The fast path for new reviews: pages, children, revisions, publication and log entries written in batches.

The result is what an editor's add_child, save_revision and publish would give (tests/reviews/
test_wagtail_internals.py compares them); the Wagtail internals it copies are listed in wagtail_internals.py.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import ClusterableModel, get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signals import page_published, published

from kb.models import Agency, Partnership

from ..models import Finding, FindingTheme, Recommendation, RecommendationTheme, ReviewPage, ReviewTheme
from .rows import insert_values, update_rows
from .wagtail_internals import (
    CREATE_ACTION,
    PUBLISH_ACTION,
    PUBLISHING_FIELDS,
    first_child_path,
    insert_reference_rows,
    new_reference_rows,
    next_sibling_path,
)

BATCH = 200  # new reviews whose children, revisions and publication are written together
DEFERRED = (ReviewPage, Partnership, Agency)  # saved by an import, indexed in Wagtail's search at its end
WAGTAIL_INDEX_BATCH = 500  # records per bulk update of Wagtail's own search index (more raised an import's peak memory)


@contextmanager
def wagtail_search_updates_deferred():
    """Stop Wagtail's own search index (the admin's search) from updating on every save of a review page, a
    partnership or an agency.

    Each of those updates rescans the whole index table (modelsearch refreshes every title norm), which makes a
    large import quadratic; the importer adds everything it wrote in one bulk call per model instead. Signal
    receivers are process-wide, so for the length of an import other threads' saves of these models are not indexed
    either: imports run in their own process (the import_reviews command), where there are none.
    """
    from modelsearch.signal_handlers import post_save_signal_handler

    disconnected = [model for model in DEFERRED if post_save.disconnect(post_save_signal_handler, sender=model)]
    try:
        yield
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def index_in_wagtail_search(model, pks: list[int]) -> None:
    """Add or update these records in Wagtail's own search index, as its per-save signal handler would have."""
    backends = get_search_backends(with_auto_update=True)
    for start in range(0, len(pks), WAGTAIL_INDEX_BATCH):
        objects = list(model.get_indexed_objects().filter(pk__in=pks[start : start + WAGTAIL_INDEX_BATCH]))
        for backend in backends:
            backend.add_bulk(model, objects)


def log_entry(page: Page, action: str, timestamp, revision: Revision | None = None) -> PageLogEntry:
    """The entry wagtail.log_actions.log() would save, for bulk insertion (log() validates each row it saves with
    a query per foreign key)."""
    context = get_active_log_context()
    return PageLogEntry(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
        label=page.get_admin_display_title(),
        action=action,
        timestamp=timestamp,
        data={},
        page_id=page.pk,
        user=context.user or page.owner,
        uuid=context.uuid,
        revision=revision,
        content_changed=True,
    )


def child_prefetches(model, prefix: str = "") -> list[str]:
    """Every child relation (recursively) and child many-to-many of a clusterable model: what serializable_data
    reads."""
    names = []
    for relation in get_all_child_relations(model):
        name = prefix + relation.get_accessor_name()
        names.append(name)
        if issubclass(relation.related_model, ClusterableModel):
            names += child_prefetches(relation.related_model, name + "__")
    names += [prefix + field.name for field in get_all_child_m2m_relations(model)]
    return names


def saved_with_children(page_ids: list[int]) -> list[ReviewPage]:
    """New review pages as saved, with every child relation serializable_data reads loaded from the database (what
    save_revision() serialises into the revision). Each relation is one plain query whose rows are handed to the
    in-memory relation managers: prefetch_related gave the same objects, but made a queryset per child and took a
    third of an import. child_prefetches(ReviewPage) names the relations; a new page has no comments yet."""
    pages = list(ReviewPage.objects.filter(pk__in=page_ids).order_by("pk"))
    findings = _by(Finding.objects.filter(page_id__in=page_ids), "page_id")
    recommendations = _by(Recommendation.objects.filter(page_id__in=page_ids), "page_id")
    finding_tags = _by(FindingTheme.objects.filter(content_object__page_id__in=page_ids), "content_object_id")
    recommendation_tags = _by(
        RecommendationTheme.objects.filter(content_object__page_id__in=page_ids), "content_object_id"
    )
    page_tags = _by(ReviewTheme.objects.filter(content_object_id__in=page_ids), "content_object_id")
    links = ReviewPage.agencies.through.objects.filter(reviewpage_id__in=page_ids).select_related("agency")
    agencies = _by(links, "reviewpage_id")
    for page in pages:
        for finding in findings[page.pk]:
            finding.tagged_items = finding_tags[finding.pk]
        for recommendation in recommendations[page.pk]:
            recommendation.tagged_items = recommendation_tags[recommendation.pk]
        page.findings = findings[page.pk]
        page.recommendations = recommendations[page.pk]
        page.tagged_items = page_tags[page.pk]
        page.agencies = [link.agency for link in agencies[page.pk]]
        page.wagtail_admin_comments = []
    return pages


def _by(queryset, key: str) -> dict[int, list]:
    """The rows of a queryset in primary key order, grouped by one of their fields."""
    groups = defaultdict(list)
    for row in queryset.order_by("pk"):
        groups[getattr(row, key)].append(row)
    return groups


def first_revision(page: ReviewPage) -> Revision:
    """The revision save_revision() would make of this page."""
    return Revision(
        content_type_id=page.content_type_id,
        base_content_type=page.get_base_content_type(),
        object_id=str(page.pk),
        created_at=timezone.now(),
        content=page.serializable_data(),
        object_str=str(page),
    )


class BulkCreator:
    """New reviews under the review index, batched BATCH at a time.

    The page row is validated and inserted (its tree path worked out here rather than by add_child), its findings,
    recommendations, themes and agencies bulk-inserted, then each page gets its revision (made from the page as
    saved, exactly what save_revision would store) and, when live, is published from it directly: live_revision,
    publish dates, the "wagtail.publish" log entry and the page_published signal, without publishing's round trip
    of rebuilding the page from the revision and saving every child row again.
    """

    def __init__(self, index_page: Page, writer):
        self.index_page = index_page
        self.writer = writer  # fills fields and hands out partnerships and agencies by name
        self.pending: list[tuple] = []
        self.last_child: Page | None = None
        self.children_added = 0
        self.written: list[int] = []  # every page created, for Wagtail's own search index

    def create(self, record) -> None:
        page = ReviewPage(ref=record.ref, slug=slugify(record.ref), live=False, locale_id=self.index_page.locale_id)
        self.writer.fill_fields(page, record)
        page.depth = self.index_page.depth + 1
        page.path = self.next_path()
        page._cached_parent_obj = self.index_page
        # What add_child and save_revision(clean=True) check, less the queries that cannot fail here: the foreign
        # keys are rows this writer holds, the path is new, the ref is not in the database (else we would be
        # updating) and the file's refs were checked unique. The slug is still checked against its siblings.
        page.full_clean(exclude=["content_type", "locale", "partnership"], validate_unique=False)
        page.save(clean=False, log_action=None)  # "wagtail.create" is logged with the batch, in flush()
        self.last_child = page
        self.children_added += 1
        self.pending.append((page, record, timezone.now()))
        if len(self.pending) >= BATCH:
            self.flush()

    def next_path(self) -> str:
        """The tree path of the next child of the review index: what treebeard's add_child would give it."""
        if self.last_child is None:
            self.last_child = self.index_page.get_last_child()
            if self.last_child is None:
                return first_child_path(self.index_page)
        return next_sibling_path(self.last_child)

    def flush(self) -> None:
        """Children, revisions, publication and log entries for the batched new pages."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        self.insert_children([(page, record) for page, record, _ in pending])
        saved = {page.pk: page for page in saved_with_children([page.pk for page, _, _ in pending])}
        pages = [saved[page.pk] for page, _, _ in pending]
        revisions = Revision.objects.bulk_create([first_revision(page) for page in pages])
        log_entries = []
        for page, revision, (_, record, created_at) in zip(pages, revisions, pending, strict=True):
            self.mark_saved_and_published(page, revision, record.live)
            log_entries.append(log_entry(page, CREATE_ACTION, created_at))
            if record.live:
                log_entries.append(log_entry(page, PUBLISH_ACTION, revision.created_at, revision))
        update_rows(Page, pages, PUBLISHING_FIELDS)
        references = []
        for page, revision, (_, record, _) in zip(pages, revisions, pending, strict=True):
            if record.live:
                page_published.send(sender=ReviewPage, instance=page, revision=revision)
                published.send(sender=ReviewPage, instance=page, revision=revision)
            references += new_reference_rows(page)
        insert_reference_rows(references)
        PageLogEntry.objects.bulk_create(log_entries)
        self.written += [page.pk for page in pages]

    @staticmethod
    def mark_saved_and_published(page: ReviewPage, revision: Revision, live: bool) -> None:
        """What save_revision() then, for a live review, revision.publish() set on the page."""
        page.latest_revision = revision
        page.latest_revision_created_at = revision.created_at
        page.draft_title = page.title
        page.has_unpublished_changes = not live
        if live:
            page.live = True
            page.expired = False
            page.live_revision = revision
            page.first_published_at = page.last_published_at = revision.created_at

    def insert_children(self, pending: list[tuple]) -> None:
        agency_link = ReviewPage.agencies.through
        review_themes, agency_links, findings, recommendations = [], [], [], []
        for page, record in pending:
            review_themes += [(page.pk, theme.pk) for theme in record.themes]
            agency_links += [(page.pk, self.writer.agency(name).pk) for name in record.agencies]
            findings += [
                (Finding(page_id=page.pk, sort_order=position, number=position + 1, text=item.text), item.themes)
                for position, item in enumerate(record.findings)
            ]
            recommendations += [
                (self.recommendation(page, position, item), item.themes)
                for position, item in enumerate(record.recommendations)
            ]
        insert_values(ReviewTheme, ("content_object", "tag"), review_themes)
        insert_values(agency_link, ("reviewpage", "agency"), agency_links)
        for model, tag_model, rows in (
            (Finding, FindingTheme, findings),
            (Recommendation, RecommendationTheme, recommendations),
        ):
            model.objects.bulk_create([row for row, _ in rows])
            tags = [(row.pk, theme.pk) for row, themes in rows for theme in themes]
            insert_values(tag_model, ("content_object", "tag"), tags)

    def recommendation(self, page, position: int, item) -> Recommendation:
        agency = self.writer.agency(item.agency)
        return Recommendation(
            page_id=page.pk,
            sort_order=position,
            number=item.number,
            text=item.text,
            agency_id=agency.pk if agency else None,
            status=item.status,
            due_date=item.due,
        )

    def finish(self) -> list[int]:
        """Write what is still batched and count the new children on the index page; returns the pages written."""
        self.flush()
        if self.children_added:
            Page.objects.filter(pk=self.index_page.pk).update(numchild=F("numchild") + self.children_added)
            self.index_page.numchild += self.children_added
            self.children_added = 0
        return self.written
