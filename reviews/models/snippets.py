"""Partnerships and agencies: shared records chosen from reviews and recommendations."""

from django.db import models
from wagtail.search import index


class Partnership(index.Indexed, models.Model):
    """The publishing body: a safeguarding children partnership, adults board or community safety partnership."""

    name = models.CharField(max_length=255, unique=True)
    website = models.URLField(blank=True)

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
