"""Partnerships and agencies: shared records chosen from reviews and recommendations."""

from django.db import models
from modelcluster.models import ClusterableModel
from wagtail.search import index

from kb.vocabulary import Nation


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
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(index.Indexed, models.Model):
    """An organisation involved in a review or owning a recommendation (e.g. Police, GP Practice)."""

    name = models.CharField(max_length=255, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name
