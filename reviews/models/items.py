"""Findings and recommendations: the individual pieces of learning inside a review."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from kb.models import ThemedItem
from kb.vocabulary import RecommendationStatus

from ..panels import ThemeSuggestionsPanel


class FindingTheme(ThemedItem):
    content_object = ParentalKey("reviews.Finding", related_name="tagged_items", on_delete=models.CASCADE)


class RecommendationTheme(ThemedItem):
    content_object = ParentalKey("reviews.Recommendation", related_name="tagged_items", on_delete=models.CASCADE)


class Finding(Orderable, ClusterableModel):
    """A short statement of learning, with its own themes and a stable anchor (#finding-N)."""

    page = ParentalKey("reviews.ReviewPage", related_name="findings", on_delete=models.CASCADE)
    number = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Set automatically; keeps links to this finding stable when reordered.",
    )
    text = models.TextField()
    themes = ClusterTaggableManager(through=FindingTheme, blank=True)

    panels = [FieldPanel("text"), FieldPanel("themes"), ThemeSuggestionsPanel()]

    @property
    def anchor(self) -> str:
        return f"finding-{self.number}"

    def __str__(self) -> str:
        return f"Finding {self.number}: {self.text[:60]}"


class Recommendation(Orderable, ClusterableModel):
    """A recommendation with an owning agency, a status, a due date and an action-plan history."""

    page = ParentalKey("reviews.ReviewPage", related_name="recommendations", on_delete=models.CASCADE)
    number = models.CharField(max_length=20, help_text="As numbered in the report, e.g. 3 or 3a.")
    text = models.TextField()
    agency = models.ForeignKey(
        "kb.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations"
    )
    status = models.CharField(max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN)
    due_date = models.DateField(null=True, blank=True)
    themes = ClusterTaggableManager(through=RecommendationTheme, blank=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("text"),
        FieldPanel("agency"),
        # Status moves on in the recommendation tracker, with a dated note; a page edit must not rewind it.
        FieldPanel("status", read_only=True, help_text="Update the status in Reports → Recommendation tracker."),
        FieldPanel("due_date"),
        FieldPanel("themes"),
        ThemeSuggestionsPanel(),
    ]

    @property
    def anchor(self) -> str:
        return f"recommendation-{slugify(self.number) or self.pk}"

    @property
    def review_ref(self) -> str:
        return self.page.ref

    @property
    def is_overdue(self) -> bool:
        """Past its due date and not yet completed or declined."""
        return bool(
            self.due_date
            and self.due_date < datetime.date.today()
            and self.status in (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)
        )

    @property
    def latest_note(self) -> str:
        notes = list(self.progress_notes.all())
        return f"{notes[-1].date}: {notes[-1].note}" if notes else ""

    def __str__(self) -> str:
        return f"Recommendation {self.number}: {self.text[:60]}"


class ProgressNote(models.Model):
    """A dated entry in a recommendation's action plan. Append-only: history is never rewritten."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="progress_notes")
    date = models.DateField()
    status = models.CharField(max_length=20, choices=RecommendationStatus.choices)
    note = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError("Progress notes are append-only; add a new note instead of editing one.")
        super().save(*args, **kwargs)
