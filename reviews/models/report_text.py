"""The text read from a report PDF, kept once per file content: a reindex or a second review using the same file
never reads it again."""

from django.db import models


class ReportText(models.Model):
    """What one PDF's text reading gave: the pages read and, when reading stopped early, why."""

    file_hash = models.CharField(max_length=40, unique=True, help_text="SHA-1 of the file, as Wagtail records it.")
    text = models.TextField(blank=True, help_text="Pages separated by form feeds.")
    page_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Text of PDF {self.file_hash} ({self.page_count} pages)"

    @property
    def pages(self) -> list[str]:
        return self.text.split("\f") if self.text else []

    @property
    def problem(self) -> str:
        """Why a person must read the report themselves, or "" when its text was read in full."""
        if self.error:
            return self.error
        if not self.text.strip():
            return "The PDF has no text to read (it may be scanned images of pages)."
        return ""
