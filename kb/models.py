"""The shared records every app builds on: the theme vocabulary (django-taggit tags), partnerships and agencies.

They were first defined in the reviews app and moved here without moving any data: their tables keep their names
(kb/migrations/0002_core_models.py).
"""

from django.db import models
from django.urls import reverse
from modelcluster.models import ClusterableModel
from taggit.models import ItemBase, TagBase
from wagtail.search import index

from .taxonomy import group_choices
from .vocabulary import Nation


class Theme(TagBase):
    """One theme of the taxonomy, a django-taggit tag that editors choose but cannot invent."""

    # Wagtail's tag widget reads this: editors pick existing themes only.
    free_tagging = False

    group = models.CharField(max_length=40, choices=group_choices())
    description = models.TextField(blank=True)
    synonyms = models.TextField(
        blank=True,
        help_text="One per line: abbreviations and other phrasings found in reports (e.g. NAI).",
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="+")

    class Meta:
        db_table = "reviews_theme"
        ordering = ["name"]
        verbose_name = "theme"

    @property
    def synonym_list(self) -> list[str]:
        """Synonyms as a list, blank lines dropped."""
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    def get_absolute_url(self) -> str:
        return reverse("theme-detail", args=[self.slug])


class ThemedItem(ItemBase):
    """Base for the through models that attach themes to a content object."""

    tag = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="%(app_label)s_%(class)s_items")

    class Meta:
        abstract = True


class Partnership(index.Indexed, ClusterableModel):
    """The publishing body: a safeguarding children partnership, adults board or community safety partnership.

    Its nation decides the bank holidays its working days skip; its timescales replace the statutory defaults
    for its reviews in progress (reviews/timeline/)."""

    name = models.CharField(max_length=255, unique=True)
    website = models.URLField(blank=True)
    nation = models.CharField(max_length=20, choices=Nation.choices, default=Nation.ENGLAND)
    business_team_email = models.EmailField(
        blank=True, help_text="Where reminders of review deadlines go, beside the lead reviewer."
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        db_table = "reviews_partnership"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(index.Indexed, models.Model):
    """An organisation involved in a review or owning a recommendation (e.g. Police, GP Practice)."""

    name = models.CharField(max_length=255, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        db_table = "reviews_agency"
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name
