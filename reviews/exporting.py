"""Export reviews to the JSON exchange format that importing.py reads."""

import json
from pathlib import Path

from kb.files import replacing
from kb.text import rich_text_to_plain_text
from kb.visibility import visible
from kb.vocabulary import ReviewType

from .models import ReviewPage
from .timeline import exchange as timeline_exchange


def _date(value):
    return value.isoformat() if value else None


def _slugs(manager) -> list[str]:
    return sorted(theme.slug for theme in manager.all())


def review_to_record(page: ReviewPage) -> dict:
    """One review in the import format, keys in a fixed order so exports compare byte for byte."""
    record = {
        "ref": page.ref,
        "type": page.review_type,
        "title": page.title,
        "subject": page.subject,
        "summary": rich_text_to_plain_text(page.summary),
        "partnership": page.partnership.name,
        "published": _date(page.published_date),
        "status": page.review_status,
        "live": page.live,
        "agencies": sorted(agency.name for agency in page.agencies.all()),
        "age_band": page.age_band or None,
        "methodology": page.methodology,
    }
    if page.incident_date:
        record["incident"] = _date(page.incident_date)
    if page.commissioned_date:
        record["commissioned"] = _date(page.commissioned_date)
    if page.review_type == ReviewType.RAPID:
        record["notified"] = _date(page.notified_date)
        record["decision"] = page.decision or None
    if page.review_type == ReviewType.AUDIT:
        record["audit_type"] = page.audit_type or None
        record["sample_size"] = page.sample_size
    record["themes"] = _slugs(page.themes)
    record["findings"] = [{"text": f.text, "themes": _slugs(f.themes)} for f in page.findings.all()]
    record["recommendations"] = [
        {
            "number": r.number,
            "text": r.text,
            "agency": r.agency.name if r.agency else None,
            "status": r.status,
            "due": _date(r.due_date),
            "themes": _slugs(r.themes),
        }
        for r in page.recommendations.all()
    ]
    timeline = timeline_exchange.export(page)
    if timeline:
        record["timeline"] = timeline
    return record


def reviews_for_export(include_unpublished: bool = False) -> list[ReviewPage]:
    """Live public reviews; with include_unpublished, drafts and private ones too, as their latest revision."""
    pages = ReviewPage.objects.order_by("ref")
    if not include_unpublished:
        return list(visible(pages).select_related("partnership"))
    return [page.get_latest_revision_as_object() if page.has_unpublished_changes else page for page in pages]


def export_file(path: str | Path, include_unpublished: bool = False) -> int:
    """Write the reviews to path (whole or not at all: a failed export leaves any earlier file as it was)."""
    with replacing(path) as temporary:
        records = [review_to_record(page) for page in reviews_for_export(include_unpublished)]
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump({"reviews": records}, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
    return len(records)
