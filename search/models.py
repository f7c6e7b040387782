"""Tables of the embedded engine (one row per SearchDocument, plus its themes and agencies for facets)
and the query log behind search analytics. The FTS5 text table itself is created by migration 0002."""

from django.db import models
from wagtail.models import Page

from kb.visibility import visible


class Entry(models.Model):
    """One indexed document: the filterable columns, and the whole document as JSON for showing results."""

    key = models.CharField(max_length=60, unique=True)
    page_id = models.IntegerField(db_index=True)
    kind = models.CharField(max_length=20, db_index=True)
    review_type = models.CharField(max_length=20, blank=True, db_index=True)
    year = models.IntegerField(null=True, db_index=True)
    published = models.DateField(null=True, db_index=True)
    partnership = models.CharField(max_length=255, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=20, blank=True)
    expire_at = models.DateTimeField(null=True)
    document = models.JSONField()

    class Meta:
        verbose_name_plural = "entries"


class EntryTheme(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    slug = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["slug", "entry"]), models.Index(fields=["entry", "slug"])]


class EntryAgency(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    name = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["name", "entry"]), models.Index(fields=["entry", "name"])]


class QueryLog(models.Model):
    """One search as a practitioner ran it: its normalised words only (search/service.py), no user identity,
    kept for KB_SEARCH_LOG_RETENTION_DAYS (`purge_search_log`)."""

    normalised = models.CharField(max_length=500, blank=True, db_index=True)
    filters = models.JSONField(default=dict, blank=True)
    result_count = models.IntegerField()
    duration_ms = models.FloatField()
    source = models.CharField(max_length=10, default="page")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]


class PendingUpdate(models.Model):
    """A page whose index update failed (the engine was unreachable); retried until it succeeds."""

    page_id = models.IntegerField(unique=True)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    @classmethod
    def hidden_page_ids(cls) -> list[int]:
        """Hidden pages whose removal from the index has not happened yet (the engine was down when they were
        hidden): every search leaves them out, so nothing hidden is ever found while the removal waits."""
        pending = set(cls.objects.values_list("page_id", flat=True))
        if not pending:
            return []
        shown = set(visible(Page.objects.filter(pk__in=pending)).values_list("pk", flat=True))
        return sorted(pending - shown)
