"""Import reviews from the JSON exchange format: validate everything first, then write all or nothing."""

import datetime
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import ClusterableModel, get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published, published

from kb.text import plain_text_to_rich_text
from kb.vocabulary import AgeBand, AuditType, RapidDecision, RecommendationStatus, ReviewStatus, ReviewType

from .models import (
    Agency,
    Finding,
    FindingTheme,
    Partnership,
    Recommendation,
    RecommendationTheme,
    ReviewIndexPage,
    ReviewPage,
    ReviewTheme,
)
from .themes import ThemeResolver
from .timeline import exchange as timeline_exchange

BATCH = 200  # new reviews whose children, revisions and publication are written together
WAGTAIL_INDEX_BATCH = 2000  # pages per bulk update of Wagtail's own search index
# The page fields that saving the first revision and publishing it set.
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

COMMON_KEYS = {
    "ref",
    "type",
    "title",
    "subject",
    "summary",
    "partnership",
    "published",
    "status",
    "live",
    "agencies",
    "age_band",
    "methodology",
    "incident",
    "commissioned",
    "themes",
    "findings",
    "recommendations",
    timeline_exchange.KEY,
}
RAPID_KEYS = {"notified", "decision"}
AUDIT_KEYS = {"audit_type", "sample_size"}
FINDING_KEYS = {"text", "themes"}
RECOMMENDATION_KEYS = {"number", "text", "agency", "status", "due", "themes"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, named by review ref and field."""

    ref: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.ref}: {self.field}: {self.message}"


class ImportFailed(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    refs: list[str] = field(default_factory=list)


class _Checker:
    """Collects the problems of one review record while reading its values."""

    def __init__(self, ref: str, problems: list[Problem]):
        self.ref = ref
        self.problems = problems

    def fail(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.ref, field_name, message))

    def text(self, record: dict, key: str, required=False, max_length: int | None = None, where="") -> str:
        value = record.get(key)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            if required:
                self.fail(where + key, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(where + key, f"must be text, not {type(value).__name__}")
            return ""
        if max_length and len(value) > max_length:
            self.fail(where + key, f"is longer than {max_length} characters")
        return value.strip()

    def choice(self, record: dict, key: str, choices: list[str], default: str = "") -> str:
        value = record.get(key)
        if value is None or value == "":
            return default
        if value not in choices:
            self.fail(key, f"unknown value {value!r}; expected one of {', '.join(choices)}")
            return default
        return value

    def date(self, record: dict, key: str, where: str = "") -> datetime.date | None:
        value = record.get(key)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, str) and len(value) == 10:
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(where + key, f"bad date {value!r}; expected YYYY-MM-DD")
        return None

    def themes(self, record: dict, resolver: ThemeResolver, where: str) -> list:
        values = record.get("themes") or []
        if not isinstance(values, list):
            self.fail(where + "themes", "must be a list")
            return []
        themes = []
        for value in values:
            theme = resolver.resolve(value) if isinstance(value, str) else None
            if theme is None:
                self.fail(where + "themes", f"unknown theme {value!r}")
            elif theme not in themes:
                themes.append(theme)
        return themes

    def unknown_keys(self, record: dict, allowed: set[str], where: str = "") -> None:
        for key in sorted(set(record) - allowed):
            self.fail(where + key, "is not a field of the import format")


@dataclass
class FindingRecord:
    text: str
    themes: list


@dataclass
class RecommendationRecord:
    number: str
    text: str
    agency: str
    status: str
    due: datetime.date | None
    themes: list


@dataclass
class ReviewRecord:
    """One validated review, ready to write."""

    ref: str
    type: str
    title: str
    subject: str
    summary: str
    partnership: str
    published: datetime.date | None
    status: str
    live: bool
    agencies: list[str]
    age_band: str
    methodology: str
    incident: datetime.date | None
    commissioned: datetime.date | None
    notified: datetime.date | None
    decision: str
    audit_type: str
    sample_size: int | None
    themes: list
    findings: list[FindingRecord]
    recommendations: list[RecommendationRecord]
    timeline: dict | None = None


def read_file(path: str | Path) -> dict:
    """Parse the file, turning unreadable or malformed JSON into an ImportFailed."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise ImportFailed([Problem("(file)", "path", f"cannot be read: {error.strerror}")]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportFailed([Problem("(file)", "json", f"malformed JSON: {error}")]) from None
    return data


def validate(data, resolver: ThemeResolver | None = None) -> list[ReviewRecord]:
    """Check every review in the parsed data; raise ImportFailed listing all problems, or return records."""
    resolver = resolver or ThemeResolver()
    if not isinstance(data, dict) or not isinstance(data.get("reviews"), list):
        raise ImportFailed([Problem("(file)", "reviews", 'expected an object with a "reviews" list')])
    problems: list[Problem] = []
    records, seen = [], set()
    for position, raw in enumerate(data["reviews"], start=1):
        if not isinstance(raw, dict):
            problems.append(Problem(f"(review {position})", "review", "must be an object"))
            continue
        ref = raw.get("ref") if isinstance(raw.get("ref"), str) and raw.get("ref").strip() else ""
        check = _Checker(ref or f"(review {position})", problems)
        if ref in seen:
            check.fail("ref", "appears more than once in the file")
        seen.add(ref)
        record = _validate_review(raw, check, resolver)
        if record is not None:
            records.append(record)
    if problems:
        raise ImportFailed(problems)
    return records


def _validate_review(raw: dict, check: _Checker, resolver: ThemeResolver) -> ReviewRecord | None:
    review_type = check.choice(raw, "type", ReviewType.values)
    if raw.get("type") in (None, ""):
        check.fail("type", "is required")
    allowed = (
        COMMON_KEYS
        | (RAPID_KEYS if review_type == "rapid" else set())
        | (AUDIT_KEYS if review_type == "audit" else set())
    )
    for key in sorted(set(raw) - allowed):
        if key in RAPID_KEYS:
            check.fail(key, "is only for rapid reviews")
        elif key in AUDIT_KEYS:
            check.fail(key, "is only for audits")
        else:
            check.fail(key, "is not a field of the import format")
    live = raw.get("live", True)
    if not isinstance(live, bool):
        check.fail("live", "must be true or false")
    sample_size = raw.get("sample_size")
    if sample_size is not None and (
        isinstance(sample_size, bool) or not isinstance(sample_size, int) or sample_size < 0
    ):
        check.fail("sample_size", "must be a whole number, 0 or more")
        sample_size = None
    agencies = raw.get("agencies") or []
    if not isinstance(agencies, list) or not all(isinstance(a, str) and a.strip() for a in agencies):
        check.fail("agencies", "must be a list of agency names")
        agencies = []
    return ReviewRecord(
        ref=check.text(raw, "ref", required=True, max_length=60),
        type=review_type,
        title=check.text(raw, "title", required=True, max_length=255),
        subject=check.text(raw, "subject", max_length=120),
        summary=check.text(raw, "summary", required=True),
        partnership=check.text(raw, "partnership", required=True, max_length=255),
        published=check.date(raw, "published"),
        status=check.choice(raw, "status", ReviewStatus.values, default=ReviewStatus.PUBLISHED),
        live=bool(live),
        agencies=list(dict.fromkeys(a.strip() for a in agencies)),
        age_band=check.choice(raw, "age_band", AgeBand.values),
        methodology=check.text(raw, "methodology", max_length=255),
        incident=check.date(raw, "incident"),
        commissioned=check.date(raw, "commissioned"),
        notified=check.date(raw, "notified"),
        decision=check.choice(raw, "decision", RapidDecision.values),
        audit_type=check.choice(raw, "audit_type", AuditType.values),
        sample_size=sample_size,
        themes=check.themes(raw, resolver, ""),
        findings=_validate_findings(raw, check, resolver),
        recommendations=_validate_recommendations(raw, check, resolver),
        timeline=timeline_exchange.validate(raw, check, review_type),
    )


def _validate_findings(raw: dict, check: _Checker, resolver: ThemeResolver) -> list[FindingRecord]:
    items = raw.get("findings") or []
    if not isinstance(items, list):
        check.fail("findings", "must be a list")
        return []
    findings = []
    for number, item in enumerate(items, start=1):
        where = f"findings[{number}]."
        if not isinstance(item, dict):
            check.fail(f"findings[{number}]", "must be an object")
            continue
        check.unknown_keys(item, FINDING_KEYS, where)
        text = check.text(item, "text", required=True, where=where)
        findings.append(FindingRecord(text, check.themes(item, resolver, where)))
    return findings


def _validate_recommendations(raw: dict, check: _Checker, resolver: ThemeResolver) -> list[RecommendationRecord]:
    items = raw.get("recommendations") or []
    if not isinstance(items, list):
        check.fail("recommendations", "must be a list")
        return []
    recommendations, numbers = [], set()
    for position, item in enumerate(items, start=1):
        where = f"recommendations[{position}]."
        if not isinstance(item, dict):
            check.fail(f"recommendations[{position}]", "must be an object")
            continue
        check.unknown_keys(item, RECOMMENDATION_KEYS, where)
        number = item.get("number")
        number = str(number).strip() if isinstance(number, (str, int)) and not isinstance(number, bool) else ""
        if not number:
            check.fail(where + "number", "is required")
        elif number in numbers:
            check.fail(where + "number", f"{number!r} is used by another recommendation of this review")
        numbers.add(number)
        text = check.text(item, "text", required=True, where=where)
        agency = check.text(item, "agency", max_length=255, where=where)
        status = item.get("status") or RecommendationStatus.OPEN
        if status not in RecommendationStatus.values:
            check.fail(
                where + "status",
                f"unknown value {status!r}; expected one of {', '.join(RecommendationStatus.values)}",
            )
        recommendations.append(
            RecommendationRecord(
                number=number,
                text=text,
                agency=agency,
                status=status,
                due=check.date(item, "due", where),
                themes=check.themes(item, resolver, where),
            )
        )
    return recommendations


def import_file(path: str | Path, dry_run: bool = False, progress=None) -> ImportResult:
    """Validate the whole file, then (unless dry_run) write it in one transaction."""
    records = validate(read_file(path))
    if dry_run:
        return ImportResult(refs=[r.ref for r in records])
    return write(records, progress=progress)


def write(records: list[ReviewRecord], progress=None) -> ImportResult:
    """Create or update every review by ref, all in one transaction, indexing once at the end."""
    from search.indexing import bulk_indexing

    result = ImportResult()
    # Wagtail would rebuild a page's reference index on every child row saved, and its own search index on every
    # page save; we do the first once per page and the second once per import (_Writer.finish).
    with (
        transaction.atomic(),
        bulk_indexing(),
        disable_reference_index_auto_update(),
        _wagtail_search_updates_deferred(),
    ):
        writer = _Writer()
        for record in records:
            created = writer.write(record)
            result.created += created
            result.updated += not created
            result.refs.append(record.ref)
            if progress:
                progress()
        writer.finish()
        timeline_exchange.write(records)
    return result


@contextmanager
def _wagtail_search_updates_deferred():
    """Stop Wagtail's own search index (the admin's page search) from updating on every save of a review page.

    Each of those updates rescans the whole index table (modelsearch refreshes every title norm), which makes a
    large import quadratic; _Writer.finish adds every page written in one bulk call instead. Signal receivers are
    process-wide, so for the length of an import other threads' review saves are not indexed either: imports run
    in their own process (the import_reviews command), where there are none.
    """
    from modelsearch.signal_handlers import post_save_signal_handler

    disconnected = post_save.disconnect(post_save_signal_handler, sender=ReviewPage)
    try:
        yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=ReviewPage)


def _log_entry(page: Page, action: str, timestamp, revision: Revision | None = None) -> PageLogEntry:
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


def _child_prefetches(model, prefix: str = "") -> list[str]:
    """Every child relation (recursively) and child many-to-many of a clusterable model: what serializable_data reads."""
    names = []
    for relation in get_all_child_relations(model):
        name = prefix + relation.get_accessor_name()
        names.append(name)
        if issubclass(relation.related_model, ClusterableModel):
            names += _child_prefetches(relation.related_model, name + "__")
    names += [prefix + field.name for field in get_all_child_m2m_relations(model)]
    return names


class _Writer:
    """Writes validated records, reusing partnerships and agencies by name.

    A review that already exists (by ref) is updated the way an editor would: fill, save a revision, publish or
    unpublish. New reviews take a fast path with the same result, batched BATCH at a time: the page row is
    validated and inserted under the review index (tree path worked out here rather than by add_child), its
    findings, recommendations, themes and agencies are bulk-inserted, then each page gets its revision (made from
    the page as saved, exactly what save_revision would store) and, when live, is published from it directly:
    live_revision, publish dates, the "wagtail.publish" log entry and the page_published signal, without
    publishing's round trip of rebuilding the page from the revision and saving every child row again.
    """

    def __init__(self):
        self.index_page = ReviewIndexPage.objects.first()
        if self.index_page is None:
            raise ImportFailed([Problem("(site)", "review index", "there is no review index page to import into")])
        self.partnerships = {p.name: p for p in Partnership.objects.all()}
        self.agencies = {a.name: a for a in Agency.objects.all()}
        self.existing_refs = set(ReviewPage.objects.values_list("ref", flat=True))
        self.pending: list[tuple[ReviewPage, ReviewRecord]] = []
        self.last_child: Page | None = None
        self.children_added = 0
        self.written: list[int] = []  # every page written, for Wagtail's search index

    def partnership(self, name: str) -> Partnership:
        if name not in self.partnerships:
            self.partnerships[name] = Partnership.objects.create(name=name)
        return self.partnerships[name]

    def agency(self, name: str) -> Agency | None:
        if not name:
            return None
        if name not in self.agencies:
            self.agencies[name] = Agency.objects.create(name=name)
        return self.agencies[name]

    def write(self, record: ReviewRecord) -> bool:
        """Write one review; True when it was created."""
        if record.ref in self.existing_refs:
            self.update(record)
            return False
        self.create(record)
        return True

    def finish(self) -> None:
        """Write what is still batched, then bring the tree and Wagtail's search index up to date."""
        self.flush()
        if self.children_added:
            Page.objects.filter(pk=self.index_page.pk).update(numchild=F("numchild") + self.children_added)
            self.index_page.numchild += self.children_added
            self.children_added = 0
        self.index_in_wagtail_search(self.written)

    # ---- existing reviews ----------------------------------------------------------------------------------

    def update(self, record: ReviewRecord) -> None:
        page = ReviewPage.objects.get(ref=record.ref)
        self.fill(page, record)
        revision = page.save_revision(clean=True)
        if record.live:
            revision.publish()
        elif page.live:
            page.unpublish()
        ReferenceIndex.create_or_update_for_object(page)
        self.written.append(page.pk)

    # ---- new reviews ---------------------------------------------------------------------------------------

    def create(self, record: ReviewRecord) -> None:
        page = ReviewPage(ref=record.ref, slug=slugify(record.ref), live=False, locale_id=self.index_page.locale_id)
        self.fill_fields(page, record)
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
                return Page._get_path(self.index_page.path, self.index_page.depth + 1, 1)
        return self.last_child._inc_path()

    def flush(self) -> None:
        """Children, revisions, publication and log entries for the batched new pages."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        self.insert_children([(page, record) for page, record, _ in pending])
        # The pages as saved, children included: what save_revision() serialises into the revision.
        saved = ReviewPage.objects.filter(pk__in=[page.pk for page, _, _ in pending]).prefetch_related(
            *_child_prefetches(ReviewPage)
        )
        saved = {page.pk: page for page in saved}
        pages = [saved[page.pk] for page, _, _ in pending]
        revisions = Revision.objects.bulk_create([self.first_revision(page) for page in pages])
        log_entries = []
        for page, revision, (_, record, created_at) in zip(pages, revisions, pending):
            # What save_revision() then, for a live review, revision.publish() set on the page.
            page.latest_revision = revision
            page.latest_revision_created_at = revision.created_at
            page.draft_title = page.title
            page.has_unpublished_changes = not record.live
            if record.live:
                page.live = True
                page.expired = False
                page.live_revision = revision
                page.first_published_at = page.last_published_at = revision.created_at
            log_entries.append(_log_entry(page, "wagtail.create", created_at))
            if record.live:
                log_entries.append(_log_entry(page, "wagtail.publish", revision.created_at, revision))
        Page.objects.bulk_update(pages, PUBLISHING_FIELDS)
        for page, revision, (_, record, _) in zip(pages, revisions, pending):
            if record.live:
                page_published.send(sender=ReviewPage, instance=page, revision=revision)
                published.send(sender=ReviewPage, instance=page, revision=revision)
            ReferenceIndex.create_or_update_for_object(page)
            self.written.append(page.pk)
        PageLogEntry.objects.bulk_create(log_entries)

    def first_revision(self, page: ReviewPage) -> Revision:
        """The revision save_revision() would make of this page."""
        return Revision(
            content_type_id=page.content_type_id,
            base_content_type=page.get_base_content_type(),
            object_id=str(page.pk),
            created_at=timezone.now(),
            content=page.serializable_data(),
            object_str=str(page),
        )

    def insert_children(self, pending: list[tuple[ReviewPage, ReviewRecord]]) -> None:
        agency_link = ReviewPage.agencies.through
        review_themes, agency_links, findings, recommendations = [], [], [], []
        for page, record in pending:
            review_themes += [ReviewTheme(content_object_id=page.pk, tag_id=theme.pk) for theme in record.themes]
            agency_links += [
                agency_link(reviewpage_id=page.pk, agency_id=self.agency(name).pk) for name in record.agencies
            ]
            findings += [
                (Finding(page_id=page.pk, sort_order=position, number=position + 1, text=item.text), item.themes)
                for position, item in enumerate(record.findings)
            ]
            for position, item in enumerate(record.recommendations):
                agency = self.agency(item.agency)
                recommendation = Recommendation(
                    page_id=page.pk,
                    sort_order=position,
                    number=item.number,
                    text=item.text,
                    agency_id=agency.pk if agency else None,
                    status=item.status,
                    due_date=item.due,
                )
                recommendations.append((recommendation, item.themes))
        ReviewTheme.objects.bulk_create(review_themes)
        agency_link.objects.bulk_create(agency_links)
        for model, tag_model, rows in (
            (Finding, FindingTheme, findings),
            (Recommendation, RecommendationTheme, recommendations),
        ):
            model.objects.bulk_create([row for row, _ in rows])
            tag_model.objects.bulk_create(
                [tag_model(content_object_id=row.pk, tag_id=theme.pk) for row, themes in rows for theme in themes]
            )

    # ---- both ----------------------------------------------------------------------------------------------

    def index_in_wagtail_search(self, page_ids: list[int]) -> None:
        """Add or update these pages in Wagtail's own search index, as its per-save signal handler would have."""
        backends = get_search_backends(with_auto_update=True)
        for start in range(0, len(page_ids), WAGTAIL_INDEX_BATCH):
            pages = list(ReviewPage.get_indexed_objects().filter(pk__in=page_ids[start : start + WAGTAIL_INDEX_BATCH]))
            for backend in backends:
                backend.add_bulk(ReviewPage, pages)

    def fill_fields(self, page: ReviewPage, record: ReviewRecord) -> None:
        page.title = record.title
        page.draft_title = record.title
        page.review_type = record.type
        page.subject = record.subject
        page.summary = plain_text_to_rich_text(record.summary)
        page.partnership = self.partnership(record.partnership)
        page.published_date = record.published
        page.review_status = record.status
        page.age_band = record.age_band
        page.methodology = record.methodology
        page.incident_date = record.incident
        page.commissioned_date = record.commissioned
        page.notified_date = record.notified
        page.decision = record.decision
        page.audit_type = record.audit_type
        page.sample_size = record.sample_size

    def fill(self, page: ReviewPage, record: ReviewRecord) -> None:
        self.fill_fields(page, record)
        page.agencies = [self.agency(name) for name in record.agencies]
        page.themes.set(record.themes)
        page.findings = self.findings(page, record.findings)
        page.recommendations = self.recommendations(page, record.recommendations)

    def findings(self, page: ReviewPage, records: list[FindingRecord]) -> list[Finding]:
        """Update findings in place by position, so their numbers and anchors survive a re-import."""
        existing = list(page.findings.all()) if page.pk else []
        findings = []
        for position, record in enumerate(records):
            finding = existing[position] if position < len(existing) else Finding(number=None)
            finding.text = record.text
            finding.sort_order = position
            finding.themes.set(record.themes)
            findings.append(finding)
        return findings

    def recommendations(self, page: ReviewPage, records: list[RecommendationRecord]) -> list[Recommendation]:
        """Update recommendations matched by number, keeping their progress notes."""
        existing = {r.number: r for r in page.recommendations.all()} if page.pk else {}
        recommendations = []
        for position, record in enumerate(records):
            recommendation = existing.get(record.number) or Recommendation(number=record.number)
            recommendation.text = record.text
            recommendation.agency = self.agency(record.agency)
            recommendation.status = record.status
            recommendation.due_date = record.due
            recommendation.sort_order = position
            recommendation.themes.set(record.themes)
            recommendations.append(recommendation)
        return recommendations
