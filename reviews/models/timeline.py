"""Reviews in progress: the statutory timeline from the incident to publication. Confidential: nothing here is
ever shown to the public, indexed for search or exported without --include-unpublished (see reviews/timeline/)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from kb.vocabulary import Nation, ReviewType

from ..timeline.stages import TRACKS, StageKey, Track, Unit


class ReviewTimeline(models.Model):
    """One review in progress: its type, partnership, lead reviewer and the timescales it started with."""

    ref = models.CharField("reference", max_length=60, unique=True, help_text="e.g. HSCP-RR-2025-14.")
    review_type = models.CharField("type", max_length=20, choices=ReviewType.choices)
    title = models.CharField(max_length=255, help_text="A working title for the panel. Never shown to the public.")
    partnership = models.ForeignKey("kb.Partnership", on_delete=models.PROTECT, related_name="timelines")
    page = models.OneToOneField(
        "reviews.ReviewPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="timeline",
        help_text="The review page, once it is being written.",
    )
    lead_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nation = models.CharField(max_length=20, choices=Nation.choices, editable=False)
    timescales = models.JSONField(default=dict, editable=False, help_text="As they stood when the review started.")
    decision = models.CharField(max_length=30, blank=True, editable=False)
    closed_on = models.DateField(null=True, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ref"]
        verbose_name = "review in progress"
        verbose_name_plural = "reviews in progress"

    def __str__(self) -> str:
        return f"{self.ref}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class StageEvent(models.Model):
    """A stage reached on a date, who recorded it and why. Append-only: a correction is a new entry."""

    timeline = models.ForeignKey(ReviewTimeline, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(max_length=30, choices=StageKey.choices)
    date = models.DateField()
    decision = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.date}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Stage entries are never edited; record a new entry to correct one.")
        super().save(*args, **kwargs)


class TimelineReminder(models.Model):
    """A reminder already sent, so the scheduled job sends each one once."""

    DUE_SOON, MISSED = "due_soon", "missed"

    timeline = models.ForeignKey(ReviewTimeline, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=30, choices=StageKey.choices)
    kind = models.CharField(max_length=10, choices=[(DUE_SOON, "Due soon"), (MISSED, "Missed")])
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["timeline", "stage", "kind", "due"], name="one_reminder_each")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_stage_display()} due {self.due}"


class PartnershipTimescale(Orderable):
    """A partnership's own timescale for one stage, in place of the statutory default (for reviews started later)."""

    partnership = ParentalKey("kb.Partnership", on_delete=models.CASCADE, related_name="timescales")
    track = models.CharField(max_length=30, choices=Track.choices)
    stage = models.CharField(max_length=30, choices=StageKey.choices)
    after = models.CharField(max_length=30, choices=StageKey.choices, help_text="Counted from the date of this stage.")
    amount = models.PositiveIntegerField(null=True, blank=True, help_text="Leave empty for no deadline.")
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.WORKING_DAYS)

    class Meta(Orderable.Meta):
        verbose_name = "timescale"

    def clean(self):
        keys = [stage.key for stage in TRACKS[self.track]]
        if self.stage not in keys or self.after not in keys:
            raise ValidationError(f"Stages of this track: {', '.join(keys)}.")
        if keys.index(self.after) >= keys.index(self.stage):
            raise ValidationError({"after": "Count from a stage that comes before this one."})
