"""Admin panels of our own: how the reading of a review's report went, shown beside the report field, and the
themes suggested for a review, a finding or a recommendation, shown beside its themes field."""

from wagtail.admin.panels import Panel

from .report_pdfs import cached_report
from .suggestions import is_review, suggest


class ReportReadingPanel(Panel):
    """Read-only: the report's pages read, still being read, or why a person must read it themselves."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "reviews/panels/report_reading.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            document = getattr(self.instance, "report", None)
            context["document"] = document
            context["report"] = cached_report(document) if document is not None else None
            return context


def page_id_of(instance) -> int | None:
    """The review the instance is or belongs to: its own published learning is not like it, it is it."""
    return instance.pk if is_review(instance) else getattr(instance, "page_id", None)


class ThemeSuggestionsPanel(Panel):
    """Read-only: themes suggested from the saved text (reviews/suggestions.py), each with why and a button that
    adds it to the themes field; nothing is tagged unless the editor presses it and saves."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "reviews/panels/theme_suggestions.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            if instance is None:
                return context
            tagged = [theme.slug for theme in instance.themes.all()]
            context["suggestions"] = suggest(instance, tagged, page_id_of(instance))
            context["field_id"] = self.form["themes"].auto_id if "themes" in self.form.fields else ""
            return context
