"""Deadlines of a review in progress: each stage's due date from the dates recorded and the timescales the review
started with, in working days of its partnership's nation (kb/working_days.py)."""

import datetime
from dataclasses import dataclass

from kb.working_days import add_months, add_working_days, working_days_between

from .stages import Stage, Unit, stages_of


@dataclass(frozen=True)
class Deadline:
    """One stage of one review: when it is due, when it was reached, and how many working days are left."""

    stage: Stage
    due: datetime.date | None
    done: datetime.date | None
    working_days_left: int | None
    applies: bool = True

    @property
    def overdue(self) -> bool:
        return self.applies and self.done is None and self.working_days_left is not None and self.working_days_left < 0

    @property
    def late(self) -> bool:
        """Reached after its due date."""
        return bool(self.done and self.due and self.done > self.due)

    def as_dict(self) -> dict:
        """As `review_timeline --json` prints it (dates ISO)."""
        return {
            "stage": self.stage.key,
            "due": self.due.isoformat() if self.due else None,
            "done": self.done.isoformat() if self.done else None,
            "working_days_left": self.working_days_left,
        }


def due_after(start: datetime.date, timescale: dict, nation: str) -> datetime.date:
    """The due date `timescale` ({"amount", "unit"}) after `start`."""
    if timescale["unit"] == Unit.MONTHS:
        return add_months(start, timescale["amount"])
    return add_working_days(start, timescale["amount"], nation)


def reached(timeline) -> dict[str, datetime.date]:
    """The date each stage was reached: the latest entry for it wins (a correction is a later entry)."""
    return {event.stage: event.date for event in timeline.events.all()}


def applies(stage: Stage, decision: str) -> bool:
    """Does this stage happen, given the decision so far (every stage applies until a decision rules it out)?"""
    return not stage.only_if_decided or not decision or decision in stage.only_if_decided


def deadlines(timeline, today: datetime.date | None = None) -> list[Deadline]:
    """Every stage of the review's track, in order, with its deadline."""
    today = today or datetime.date.today()
    dates = reached(timeline)
    result = []
    for stage in stages_of(timeline.review_type):
        timescale = timeline.timescales.get(stage.key)
        start = dates.get(timescale["after"]) if timescale and timescale.get("amount") is not None else None
        due = due_after(start, timescale, timeline.nation) if start else None
        done = dates.get(stage.key)
        left = working_days_between(today, due, timeline.nation) if due and not done else None
        result.append(Deadline(stage, due, done, left, applies(stage, timeline.decision)))
    return result


def current_stage(timeline, schedule: list[Deadline]) -> Deadline | None:
    """The latest stage reached."""
    done = [deadline for deadline in schedule if deadline.done]
    return done[-1] if done else None


def next_deadline(schedule: list[Deadline]) -> Deadline | None:
    """The earliest due date among the stages still to come."""
    pending = [d for d in schedule if d.applies and not d.done and d.due]
    return min(pending, key=lambda d: d.due) if pending else None
