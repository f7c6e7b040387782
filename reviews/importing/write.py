"""Writing validated records: all of them or none, in one transaction, with one search index update at the end.

A review that already exists (by ref) is updated the way an editor would: fill, save a revision, publish or
unpublish. New reviews take the bulk path (bulk.py), which gives the same result faster.
"""

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from kb.models import Agency, Partnership
from kb.text import plain_text_to_rich_text
from search.indexing import bulk_indexing

from ..models import Finding, Recommendation, ReviewIndexPage, ReviewPage
from ..timeline import exchange as timeline_exchange
from ..timeline import signals as timeline_signals
from .bulk import BulkCreator, index_in_wagtail_search, wagtail_search_updates_deferred
from .reading import check_file, records_in
from .validate import (
    FindingRecord,
    ImportFailed,
    ImportResult,
    Problem,
    RecommendationRecord,
    ReviewRecord,
)


def import_file(path: str | Path, dry_run: bool = False, progress=None) -> ImportResult:
    """Validate the whole file, then (unless dry_run) write it in one transaction, reading it again a review at a
    time: no more than one review of the file is held at once."""
    refs = check_file(path)
    if dry_run:
        return ImportResult(refs=refs)
    return write(records_in(path), progress=progress)


def write(records: Iterable[ReviewRecord], progress=None) -> ImportResult:
    """Create or update every review by ref, all in one transaction, indexing once at the end."""
    result = ImportResult()
    # Wagtail would rebuild a page's reference index on every child row saved, and its own search index on every
    # page save; we do the first once per page and the second once per import (Writer.finish).
    with (
        transaction.atomic(),
        bulk_indexing(),
        disable_reference_index_auto_update(),
        wagtail_search_updates_deferred(),
        timeline_signals.suspended(),
    ):
        writer = Writer()
        tracked, with_timelines = timeline_exchange.tracked_refs(), []
        for record in records:
            if record.timeline or record.ref in tracked:
                # kept for its timeline, which reads none of the findings and recommendations
                with_timelines.append(dataclasses.replace(record, findings=[], recommendations=[]))
            created = writer.write(record)
            result.created += created
            result.updated += not created
            result.refs.append(record.ref)
            if progress:
                progress()
        writer.finish()
        timeline_exchange.write(with_timelines)
    return result


class Writer:
    """Writes validated records, reusing partnerships and agencies by name."""

    def __init__(self):
        index_page = ReviewIndexPage.objects.first()
        if index_page is None:
            raise ImportFailed([Problem("(site)", "review index", "there is no review index page to import into")])
        self.partnerships = {p.name: p for p in Partnership.objects.all()}
        self.agencies = {a.name: a for a in Agency.objects.all()}
        self.known_partnerships = {p.pk for p in self.partnerships.values()}  # the others are new: indexed by finish()
        self.known_agencies = {a.pk for a in self.agencies.values()}
        self.existing_refs = set(ReviewPage.objects.values_list("ref", flat=True))
        self.bulk = BulkCreator(index_page, self)
        self.updated: list[int] = []

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
        self.bulk.create(record)
        return True

    def finish(self) -> None:
        """Write what is still batched, then bring Wagtail's own search index up to date."""
        created = self.bulk.finish()
        index_in_wagtail_search(ReviewPage, self.updated + created)
        index_in_wagtail_search(
            Partnership, [p.pk for p in self.partnerships.values() if p.pk not in self.known_partnerships]
        )
        index_in_wagtail_search(Agency, [a.pk for a in self.agencies.values() if a.pk not in self.known_agencies])

    def update(self, record: ReviewRecord) -> None:
        page = ReviewPage.objects.get(ref=record.ref)
        self.fill(page, record)
        revision = page.save_revision(clean=True)
        if record.live:
            revision.publish()
        elif page.live:
            page.unpublish()
        ReferenceIndex.create_or_update_for_object(page)
        self.updated.append(page.pk)

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
