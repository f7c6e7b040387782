"""The recommendation tracker: every recommendation across reviews, its status and its dated progress notes."""

import datetime

import django_filters
from django import forms
from django.db import transaction
from django.db.models import Count, Q
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from kb.csv import safe_cell
from kb.models import Agency, Theme
from kb.vocabulary import RecommendationStatus, ReviewType

from .models import ProgressNote, Recommendation

ACTIVE = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


def overdue_q(today: datetime.date | None = None) -> Q:
    """Recommendations past their due date that are still open or in progress."""
    return Q(due_date__lt=today or datetime.date.today(), status__in=ACTIVE)


class RecommendationFilterSet(WagtailFilterSet):
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all())
    status = django_filters.ChoiceFilter(choices=RecommendationStatus.choices)
    theme = django_filters.ModelChoiceFilter(
        queryset=Theme.objects.all(), method="filter_theme", label="Theme", to_field_name="slug"
    )
    review_type = django_filters.ChoiceFilter(
        field_name="page__review_type", choices=ReviewType.choices, label="Review type"
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue")

    class Meta:
        model = Recommendation
        fields = ["agency", "status", "theme", "review_type", "overdue"]

    def filter_theme(self, queryset, name, theme):
        """Tagged with the theme itself, or belonging to a review that is."""
        return queryset.filter(Q(themes=theme) | Q(page__themes=theme)).distinct()

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class ProgressForm(forms.ModelForm):
    """A status update: the new status and a dated note explaining it."""

    date = forms.DateField(initial=datetime.date.today, help_text="When this progress happened.")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), help_text="What was done, by whom, and evidence.")

    class Meta:
        model = Recommendation
        fields = ["status"]


class TrackerPermissionPolicy(ModelPermissionPolicy):
    """Recommendations are created and deleted with their review; the tracker only updates progress."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete", "copy") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Recommendation, TrackerPermissionPolicy(Recommendation))


class TrackerIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "agency").prefetch_related("progress_notes")

    def preprocess_field_value(self, field, value, export_format):
        """CSV cells never start like a formula (Wagtail already guards its XLSX export)."""
        value = super().preprocess_field_value(field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value


class ProgressUpdateView(generic.EditView):
    """Record a status change with its note; earlier notes are kept and shown, never edited."""

    template_name = "reviews/tracker/progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notes"] = self.object.progress_notes.select_related("author")
        return context

    @transaction.atomic
    def save_instance(self):
        recommendation = self.form.save()
        ProgressNote.objects.create(
            recommendation=recommendation,
            date=self.form.cleaned_data["date"],
            status=recommendation.status,
            note=self.form.cleaned_data["note"],
            author=self.request.user,
        )
        return recommendation

    def get_success_message(self):
        return f"Progress recorded for recommendation {self.object.number} of {self.object.page.ref}."


class RecommendationTrackerViewSet(ModelViewSet):
    model = Recommendation
    icon = "tasks"
    menu_label = "Recommendation tracker"
    name = "tracker"
    add_to_admin_menu = False
    index_view_class = TrackerIndexView
    edit_view_class = ProgressUpdateView
    form_fields = ["status"]
    list_display = ["review_ref", "number", "text", "agency", "status", "due_date", "is_overdue"]
    filterset_class = RecommendationFilterSet
    list_export = [
        "review_ref",
        "number",
        "text",
        "agency",
        "get_status_display",
        "due_date",
        "is_overdue",
        "latest_note",
    ]
    export_headings = {
        "review_ref": "Review",
        "get_status_display": "Status",
        "is_overdue": "Overdue",
        "latest_note": "Latest progress note",
    }
    export_filename = "recommendations"
    ordering = ["due_date", "page__title", "sort_order"]
    list_per_page = 50
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ProgressForm


def status_by_agency(today: datetime.date | None = None) -> list[dict]:
    """Per owning agency: open, in progress, overdue and completed counts."""
    rows = (
        Recommendation.objects.values("agency__name")
        .annotate(
            open=Count("pk", filter=Q(status=RecommendationStatus.OPEN)),
            in_progress=Count("pk", filter=Q(status=RecommendationStatus.IN_PROGRESS)),
            overdue=Count("pk", filter=overdue_q(today)),
            completed=Count("pk", filter=Q(status=RecommendationStatus.COMPLETED)),
            total=Count("pk"),
        )
        .order_by("-overdue", "-open", "-in_progress", "agency__name")
    )
    return [dict(row, agency=row.pop("agency__name") or "No owner") for row in rows]
