"""Admin panels of our own: how the reading of a review's report went, shown beside the report field, and the
themes suggested for a review, a finding or a recommendation, shown beside its themes field (with the view that
suggests them again for a finding's or recommendation's text as typed, before it is saved)."""

from types import SimpleNamespace

from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from taggit.utils import parse_tags
from wagtail.admin.panels import Panel

from kb.text import whole_number
from kb.themes import vocabulary

from .report_pdfs import cached_report
from .suggestions import is_review, slugs, suggest

MAX_TEXT = 5000  # more than any finding or recommendation; what is sent is cut here, not refused


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


def tagged_with(instance) -> list[str]:
    """The themes not to suggest: its own, and for a finding or recommendation its review's (in the form being
    edited), which search counts it as tagged with already."""
    review = None if is_review(instance) else getattr(instance, "page", None)  # none yet for a new one
    return slugs(instance.themes) + (slugs(review.themes) if review is not None else [])


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
            context["suggestions"] = suggest(instance, tagged_with(instance), page_id_of(instance))
            context["field_id"] = self.form["themes"].auto_id if "themes" in self.form.fields else ""
            if not is_review(instance) and "text" in self.form.fields:  # a review's summary is rich text: saved only
                context["text_field_id"] = self.form["text"].auto_id
                context["live_url"] = reverse("review_theme_suggestions")
                context["page_id"] = page_id_of(instance)
            return context


@require_POST
def suggest_from_text(request):
    """The suggestions for a finding's or recommendation's text as typed (`text`), leaving out the themes in its
    field and its review's (`tagged`, as the tag widget holds them) and its own review's learning (`page`); the
    panel's list."""
    known = vocabulary()
    tagged = [slug for name in parse_tags(request.POST.get("tagged", "")) if (slug := known.resolve(name))]
    page = request.POST.get("page", "")
    item = SimpleNamespace(text=request.POST.get("text", "")[:MAX_TEXT])
    context = {"suggestions": suggest(item, tagged, whole_number(page)), "searched_now": True}
    return TemplateResponse(request, "reviews/panels/theme_suggestion_list.html", context)
