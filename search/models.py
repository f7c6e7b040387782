"""The search app's tables: the query log behind search analytics, and the index updates still to be made.

The index itself is the engine's (a Tantivy folder, or an Elasticsearch cluster), never a table."""

from django.db import models
from wagtail.models import Page

from kb.visibility import visible


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

    def __str__(self) -> str:
        return f"{self.normalised!r}: {self.result_count} results"


class PendingUpdate(models.Model):
    """A page whose index update failed (the engine was unreachable); retried until it succeeds."""

    page_id = models.IntegerField(unique=True)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"page {self.page_id}: {self.attempts} attempts"

    @classmethod
    def hidden_page_ids(cls) -> list[int]:
        """Hidden pages whose removal from the index has not happened yet (the engine was down when they were
        hidden): every search leaves them out, so nothing hidden is ever found while the removal waits."""
        pending = set(cls.objects.values_list("page_id", flat=True))
        if not pending:
            return []
        shown = set(visible(Page.objects.filter(pk__in=pending)).values_list("pk", flat=True))
        return sorted(pending - shown)


class Embedding(models.Model):
    """The meaning vector of one text, kept by a hash of the model and the text: a text is embedded once, and a
    reindex never embeds again (search/semantic/vectors.py)."""

    content_hash = models.CharField(max_length=64, unique=True)
    vector = models.BinaryField()  # 384 float16 values
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.content_hash
