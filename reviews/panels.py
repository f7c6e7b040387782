"""Admin panels of our own: how the reading of a review's report went, shown beside the report field."""

from wagtail.admin.panels import Panel

from .report_pdfs import cached_report


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
