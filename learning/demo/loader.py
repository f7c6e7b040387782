"""Invented demo learning hubs and 7-minute briefings, drawn from the demo reviews (created or updated by slug)."""

import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils.html import escape

from kb.models import Theme
from kb.text import plain_text_to_rich_text
from reviews.models import ReviewPage
from search.indexing import bulk_indexing

from ..models import BriefingPage, BriefingSource, LearningHubPage, LearningIndexPage

DEMO_DIR = Path(__file__).resolve().parent


class DemoError(Exception):
    """The demo cannot be loaded; the message says why."""


def read(name: str) -> list[dict]:
    """One of the demo files' list of records."""
    with open(DEMO_DIR / f"{name}.json", encoding="utf-8") as stream:
        return json.load(stream)[name]


def rich(value) -> str:
    """A string becomes paragraphs; a list becomes a bulleted list."""
    if isinstance(value, list):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in value) + "</ul>"
    return plain_text_to_rich_text(value)


class Loader:
    """Finds what the demo refers to (the index, themes, reviews by ref) and writes pages."""

    def __init__(self):
        self.index = LearningIndexPage.objects.first()
        if self.index is None:
            raise DemoError("There is no Learning Hub index page to add learning pages to.")
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.reviews = dict(ReviewPage.objects.values_list("ref", "pk"))

    def review_id(self, ref: str) -> int:
        if ref not in self.reviews:
            raise DemoError(f"Demo review {ref} is missing: run `python manage.py load_demo` first.")
        return self.reviews[ref]

    def theme_list(self, slugs: list[str]) -> list[Theme]:
        missing = [slug for slug in slugs if slug not in self.themes]
        if missing:
            raise DemoError(f"Unknown themes in the learning demo: {', '.join(missing)}.")
        return [self.themes[slug] for slug in slugs]

    def page(self, model, slug: str):
        """The existing demo page with this slug, or a new unsaved one."""
        existing = model.objects.child_of(self.index).filter(slug=slug).first()
        return existing or model(slug=slug)

    def publish(self, page) -> bool:
        """Save (adding it under the index when new) and publish; True when created."""
        created = page.pk is None
        page.draft_title = page.title
        if created:
            self.index.add_child(instance=page)
        page.save_revision(clean=True).publish()
        return created

    def hub_block(self, block: dict) -> dict:
        """A body block in StreamField's raw form, with a case study's review ref turned into its page id."""
        if block["type"] == "case_study":
            return {
                "type": "case_study",
                "value": dict(block["value"], review=self.review_id(block["value"]["review"])),
            }
        return block

    def hub(self, record: dict) -> bool:
        page = self.page(LearningHubPage, record["slug"])
        page.title = record["title"]
        page.intro = record["intro"]
        page.event_date = datetime.date.fromisoformat(record["event_date"]) if record.get("event_date") else None
        page.event_place = record.get("event_place", "")
        page.body = [self.hub_block(block) for block in record["body"]]
        page.themes.set(self.theme_list(record["themes"]))
        return self.publish(page)

    def briefing(self, record: dict) -> bool:
        page = self.page(BriefingPage, record["slug"])
        page.title = record["title"]
        for field in ("background", "why_it_matters", "things_to_note", "what_to_do"):
            setattr(page, field, rich(record[field]))
        page.key_points = [
            {"type": "point", "value": {"title": point["title"], "text": rich(point["text"])}}
            for point in record["key_points"]
        ]
        page.reflective_questions = [{"type": "question", "value": question} for question in record["questions"]]
        page.source_reviews = [BriefingSource(review_id=self.review_id(ref)) for ref in record["sources"]]
        page.themes.set(self.theme_list(record["themes"]))
        return self.publish(page)


def load_learning_demo() -> dict[str, int]:
    """Create or update every demo hub and briefing, published; returns how many of each were created."""
    created = {"hubs": 0, "briefings": 0}
    with transaction.atomic(), bulk_indexing():
        loader = Loader()
        for record in read("hubs"):
            created["hubs"] += loader.hub(record)
        for record in read("briefings"):
            created["briefings"] += loader.briefing(record)
    return created
