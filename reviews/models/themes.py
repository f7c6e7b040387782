"""Themes: the controlled vocabulary that tags reviews, findings, recommendations and learning pages."""

from django.db import models
from django.urls import reverse
from taggit.models import ItemBase, TagBase

from kb.taxonomy import group_choices


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
