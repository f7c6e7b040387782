"""Demo reviews in progress (reviews/demo/in_progress.json), dated relative to today so deadlines are current."""

import datetime
import json
from pathlib import Path

from kb.models import Partnership

from ..models import ReviewTimeline
from .recording import open_review, record_stage
from .stages import stages_of

DEMO_FILE = Path(__file__).resolve().parent.parent / "demo" / "in_progress.json"


def load_in_progress(today: datetime.date | None = None) -> int:
    """Open each demo review in progress that is not there yet; returns how many were opened."""
    today = today or datetime.date.today()
    opened = 0
    for item in json.loads(DEMO_FILE.read_text(encoding="utf-8"))["reviews"]:
        if ReviewTimeline.objects.filter(ref=item["ref"]).exists():
            continue
        dates = {stage: today - datetime.timedelta(days=days) for stage, days in item["stages"].items()}
        notes = item.get("notes", {})
        first = stages_of(item["type"])[0].key
        timeline = open_review(
            ref=item["ref"],
            review_type=item["type"],
            title=item["title"],
            partnership=Partnership.objects.get_or_create(name=item["partnership"])[0],
            started_on=dates[first],
            note=notes.get(first, ""),
        )
        for stage in stages_of(item["type"])[1:]:
            if stage.key in dates:
                decision = item.get("decision", "") if stage.key == "decided" else ""
                record_stage(timeline, stage.key, dates[stage.key], note=notes.get(stage.key, ""), decision=decision)
        opened += 1
    return opened
