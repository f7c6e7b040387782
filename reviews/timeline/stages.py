"""The stages of a review in progress, by type, with the default timescales of the statutory guidance for England.

Each stage after the first is due a number of working days or calendar months after an earlier stage. These are
defaults: a partnership may set its own for any stage (Partnership timescales in the admin), and a review keeps
the timescales it started with, so changing a setting later never rewrites history.

The guidance behind each default is cited by section. Paragraph numbers are not given: they change between
editions and could not be checked against the official text when this was written (see the README).
"""

from dataclasses import dataclass

from django.db import models

from kb.vocabulary import RapidDecision, ReviewType


class Unit(models.TextChoices):
    WORKING_DAYS = "working_days", "working days"
    MONTHS = "months", "calendar months"


class Track(models.TextChoices):
    """Which statutory process a review follows."""

    CHILD = "child", "Serious child safeguarding incident (rapid review, then a local review)"
    ADULT = "adult", "Safeguarding adults review"
    DOMESTIC_HOMICIDE = "domestic_homicide", "Domestic homicide review"
    LOCAL = "local", "Local learning review or audit"


class SarDecision(models.TextChoices):
    SAR = "sar", "Commission a safeguarding adults review"
    NO_REVIEW = "no_review", "Criteria not met: no review"
    OTHER_REVIEW = "other_review", "Another kind of learning review"


class DhrDecision(models.TextChoices):
    DHR = "dhr", "Hold a domestic homicide review"
    NO_REVIEW = "no_review", "No review"


@dataclass(frozen=True)
class Stage:
    """A step of a review, due `amount` `unit` after the stage `after` (no deadline when amount is None)."""

    key: str
    label: str
    after: str | None = None
    amount: int | None = None
    unit: str = Unit.WORKING_DAYS
    only_if_decided: tuple[str, ...] = ()  # the decisions after which this stage happens at all
    source: str = ""

    @property
    def timescale(self) -> dict | None:
        """The default timescale as stored with a review: {"after", "amount", "unit"}, or None."""
        if self.after is None or self.amount is None:
            return None
        return {"after": self.after, "amount": self.amount, "unit": str(self.unit)}


WORKING_TOGETHER = "Working Together to Safeguard Children 2023, chapter 5"
PANEL_GUIDANCE = "Child Safeguarding Practice Review Panel, Guidance for safeguarding partners"
CARE_ACT = "Care and support statutory guidance (Care Act 2014), chapter 14, safeguarding adults reviews"
DHR_GUIDANCE = "Multi-agency statutory guidance for the conduct of domestic homicide reviews (Home Office, 2016)"

TRACKS: dict[str, tuple[Stage, ...]] = {
    Track.CHILD: (
        Stage("aware", "Local authority became aware of the incident"),
        Stage(
            "notified",
            "Serious incident notified to the national panel",
            after="aware",
            amount=5,
            source=f"Children Act 2004 s16C(1); {WORKING_TOGETHER}, 'Duty on local authorities to notify incidents'",
        ),
        Stage(
            "rapid_review_sent",
            "Rapid review sent to the national panel",
            after="notified",
            amount=15,
            source=f"{PANEL_GUIDANCE}, 'Rapid reviews' (15 working days from the notification); {WORKING_TOGETHER}",
        ),
        Stage(
            "decided",
            "Decision on a local or national review",
            after="notified",
            amount=15,
            source=f"{WORKING_TOGETHER}, 'Rapid reviews': the rapid review decides what happens next",
        ),
        Stage(
            "completed",
            "Local child safeguarding practice review completed",
            after="decided",
            amount=6,
            unit=Unit.MONTHS,
            only_if_decided=(RapidDecision.LCSPR,),
            source=f"{WORKING_TOGETHER}, 'Local child safeguarding practice reviews' (six months from the decision)",
        ),
        Stage(
            "published",
            "Review published",
            after="decided",
            amount=6,
            unit=Unit.MONTHS,
            only_if_decided=(RapidDecision.LCSPR,),
            source=f"{WORKING_TOGETHER}, 'Local child safeguarding practice reviews' (completed and published)",
        ),
    ),
    Track.ADULT: (
        Stage("referred", "Referral for a safeguarding adults review received"),
        Stage("decided", "Board decided whether the criteria are met", source=f"{CARE_ACT}: no national timescale"),
        Stage(
            "completed",
            "Safeguarding adults review completed",
            after="decided",
            amount=6,
            unit=Unit.MONTHS,
            only_if_decided=(SarDecision.SAR, SarDecision.OTHER_REVIEW),
            source=f"{CARE_ACT} (within six months of initiating it, unless there are good reasons)",
        ),
        Stage(
            "published",
            "Review published",
            only_if_decided=(SarDecision.SAR, SarDecision.OTHER_REVIEW),
            source=f"{CARE_ACT}; Care Act 2014 schedule 2 paragraph 4 (reported in the board's annual report)",
        ),
    ),
    Track.DOMESTIC_HOMICIDE: (
        Stage("notified", "Community safety partnership notified of the homicide"),
        Stage(
            "decided",
            "Decision whether to hold a review (and Home Office told)",
            after="notified",
            amount=1,
            unit=Unit.MONTHS,
            source=f"{DHR_GUIDANCE}, section 3 (decision within one month of notification)",
        ),
        Stage(
            "completed",
            "Domestic homicide review completed",
            after="decided",
            amount=6,
            unit=Unit.MONTHS,
            only_if_decided=(DhrDecision.DHR,),
            source=f"{DHR_GUIDANCE}, section 5, 'Timescales for conducting a DHR' (six months from the decision)",
        ),
        Stage(
            "published",
            "Review published after the Home Office quality assurance panel",
            only_if_decided=(DhrDecision.DHR,),
            source=f"{DHR_GUIDANCE}: published once the quality assurance panel has approved it",
        ),
    ),
    Track.LOCAL: (
        Stage("commissioned", "Review commissioned"),
        Stage("completed", "Review completed", source="No national timescale: set the partnership's own"),
        Stage("published", "Review published", source="No national timescale: set the partnership's own"),
    ),
}

TRACK_OF_TYPE = {
    ReviewType.RAPID: Track.CHILD,
    ReviewType.CSPR: Track.CHILD,
    ReviewType.SCR: Track.CHILD,
    ReviewType.SAR: Track.ADULT,
    ReviewType.DHR: Track.DOMESTIC_HOMICIDE,
    ReviewType.PCR: Track.LOCAL,
    ReviewType.THEMATIC: Track.LOCAL,
    ReviewType.AUDIT: Track.LOCAL,
}

DECISIONS = {
    Track.CHILD: RapidDecision,
    Track.ADULT: SarDecision,
    Track.DOMESTIC_HOMICIDE: DhrDecision,
    Track.LOCAL: None,
}


def stages_of(review_type: str) -> tuple[Stage, ...]:
    """The stages a review of this type goes through, in order."""
    return TRACKS[TRACK_OF_TYPE[ReviewType(review_type)]]


def decision_choices(review_type: str) -> list[tuple[str, str]]:
    """The decisions a review of this type can record at its 'decided' stage ([] when it has none)."""
    decisions = DECISIONS[TRACK_OF_TYPE[ReviewType(review_type)]]
    return list(decisions.choices) if decisions else []


class StageKey(models.TextChoices):
    """Every stage key of every track, with a short label, for model fields (each track's own labels are fuller)."""

    AWARE = "aware", "Became aware"
    REFERRED = "referred", "Referred"
    COMMISSIONED = "commissioned", "Commissioned"
    NOTIFIED = "notified", "Notified"
    RAPID_REVIEW_SENT = "rapid_review_sent", "Rapid review sent"
    DECIDED = "decided", "Decided"
    COMPLETED = "completed", "Completed"
    PUBLISHED = "published", "Published"


def stage_of(review_type: str, key: str) -> Stage | None:
    """The stage with this key in the type's track, or None."""
    return next((stage for stage in stages_of(review_type) if stage.key == key), None)
