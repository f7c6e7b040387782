"""Admin view: start a 7-minute briefing from a review. GET shows a form; only a (CSRF-checked) POST creates."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminPageChooser

from kb.text import whole_number
from reviews.models import ReviewPage

from .briefings import briefing_from_review, can_start_briefing, learning_index
from .citations import CITE_PUBLISHED_ONLY, citable_reviews


class PublishedReviewChooser(AdminPageChooser):
    """Shows a review by its published title: a trainer never reads the panel's unpublished draft title."""

    def get_display_title(self, instance):
        return instance.specific_deferred.title


class StartBriefingForm(forms.Form):
    review = forms.ModelChoiceField(
        queryset=ReviewPage.objects.none(),  # set per request in __init__
        widget=PublishedReviewChooser(target_models=[ReviewPage]),
        help_text="A published review. The draft is prefilled from its summary, first three findings and "
        "recommendations.",
        error_messages={"invalid_choice": CITE_PUBLISHED_ONLY},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = citable_reviews()  # read per request: visibility changes over time


class StartBriefingView(WagtailAdminTemplateMixin, FormView):
    form_class = StartBriefingForm
    template_name = "learning/admin/start_briefing.html"
    page_title = "Start a 7-minute briefing from a review"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.index = learning_index()
        if not can_start_briefing(request.user, self.index):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        chosen = whole_number(self.request.GET.get("review", ""))
        review = citable_reviews().filter(pk=chosen).first() if chosen is not None else None
        return {"review": review}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_explore", args=[self.index.pk]), "label": self.index.title},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(),
            submit_button_label="Create draft briefing",
            submit_button_active_label="Creating…",
            media=context["form"].media,
        )
        return context

    def form_valid(self, form):
        review = form.cleaned_data["review"].specific
        briefing = briefing_from_review(review, self.request.user, self.index)
        messages.success(self.request, f"Draft briefing created from {review.ref}. Complete it, then publish.")
        return redirect("wagtailadmin_pages:edit", briefing.pk)


start_briefing = StartBriefingView.as_view()


def start_briefing_url(review=None) -> str:
    """The start view's address, with a review chosen in advance when given."""
    url = reverse("learning_start_briefing")
    return f"{url}?review={review.pk}" if review is not None else url
