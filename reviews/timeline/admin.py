"""The panel's "Reviews in progress" in the admin: every open review with its stage and next deadline, opening a
review, recording each stage (never editing one), and the dashboard panel. Only the Review panel, Panel chairs
and Administrators hold the permissions these need (reviews/migrations/0008)."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import render
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from kb.models import Partnership
from kb.vocabulary import ReviewType

from ..models import ReviewTimeline
from .recording import check_entry, open_review, record_stage
from .schedule import current_stage, deadlines, next_deadline
from .stages import StageKey, decision_choices, stages_of
from .timeliness import csv_response, grouped, timeliness


def schedule_of(timeline) -> dict:
    """What the listing, the dashboard and the edit page show of a review."""
    schedule = deadlines(timeline)
    return {"schedule": schedule, "stage": current_stage(timeline, schedule), "next": next_deadline(schedule)}


class TimelineFilterSet(WagtailFilterSet):
    review_type = django_filters.ChoiceFilter(choices=ReviewType.choices, label="Type")
    partnership = django_filters.ModelChoiceFilter(queryset=Partnership.objects.all())
    status = django_filters.ChoiceFilter(
        choices=[("open", "In progress"), ("closed", "Closed")], method="filter_status", label="Status"
    )

    class Meta:
        model = ReviewTimeline
        fields = ["review_type", "partnership", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(closed_on__isnull=value == "open")


class ScheduleColumn(Column):
    """A column read from the review's schedule (stage, next deadline, working days left)."""

    cell_template_name = "reviews/timeline/schedule_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(schedule_of(instance), part=self.name)
        return context


class OpenReviewForm(forms.ModelForm):
    """A new review in progress, from its first date (the incident known, the referral or the commission)."""

    started_on = forms.DateField(
        label="Started on",
        help_text="When the local authority became aware (child reviews), the referral was received (adults "
        "reviews), the community safety partnership was notified (domestic homicide reviews) or the review was "
        "commissioned.",
    )
    note = forms.CharField(widget=forms.Textarea({"rows": 3}), required=False)

    class Meta:
        model = ReviewTimeline
        fields = ["ref", "review_type", "title", "partnership", "lead_reviewer"]

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        if started_on > datetime.date.today():
            raise ValidationError("A review starts once the incident is known: the date is in the future.")
        return started_on


class RecordStageForm(forms.ModelForm):
    """The review's details, and optionally a stage reached: its date, the decision if it is one, and a note."""

    stage = forms.ChoiceField(required=False, help_text="Leave empty to change only the details above.")
    date = forms.DateField(required=False, initial=datetime.date.today)
    decision = forms.ChoiceField(required=False)
    note = forms.CharField(widget=forms.Textarea({"rows": 3}), required=False)

    class Meta:
        model = ReviewTimeline
        fields = ["title", "lead_reviewer", "page"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stages = [(stage.key, stage.label) for stage in stages_of(self.instance.review_type)]
        self.fields["stage"].choices = [("", "---------"), *stages]
        self.fields["decision"].choices = [("", "---------"), *decision_choices(self.instance.review_type)]

    def clean(self):
        cleaned = super().clean()
        stage, date = cleaned.get("stage"), cleaned.get("date")
        if stage and not date:
            self.add_error("date", "Give the date the stage was reached.")
        elif stage:
            try:
                check_entry(self.instance, stage, date, cleaned.get("decision", ""), datetime.date.today())
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        return cleaned


class TimelineIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("partnership").prefetch_related("events")


class OpenReviewView(generic.CreateView):
    def get_form_class(self):
        return OpenReviewForm

    def save_instance(self):
        data = self.form.cleaned_data
        fields = {name: data[name] for name in ("ref", "review_type", "title", "partnership", "lead_reviewer")}
        return open_review(started_on=data["started_on"], user=self.request.user, note=data["note"], **fields)


class RecordStageView(generic.EditView):
    template_name = "reviews/timeline/record.html"

    def get_form_class(self):
        return RecordStageForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(schedule_of(self.object), events=self.object.events.select_related("recorded_by"))
        return context

    @transaction.atomic
    def save_instance(self):
        timeline = self.form.save()
        data = self.form.cleaned_data
        if data.get("stage"):
            record_stage(
                timeline,
                data["stage"],
                data["date"],
                user=self.request.user,
                note=data.get("note", ""),
                decision=data.get("decision", ""),
            )
        return timeline


class TimelineViewSet(ModelViewSet):
    model = ReviewTimeline
    icon = "time"
    menu_label = "Reviews in progress"
    menu_order = 250
    name = "reviews_in_progress"
    add_to_admin_menu = True
    index_view_class = TimelineIndexView
    add_view_class = OpenReviewView
    edit_view_class = RecordStageView
    filterset_class = TimelineFilterSet
    list_display = [
        "ref",
        "title",
        "review_type",
        "partnership",
        ScheduleColumn("stage", label="Stage"),
        ScheduleColumn("next", label="Next deadline"),
        ScheduleColumn("left", label="Working days left"),
    ]
    ordering = ["ref"]
    form_fields = ["title", "lead_reviewer", "page"]
    copy_view_enabled = False
    inspect_view_enabled = False


class ReviewsInProgressPanel(Component):
    """Dashboard panel: every open review, next deadline first, overdue ones marked."""

    name = "reviews_in_progress"
    order = 140
    template_name = "reviews/timeline/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        open_reviews = ReviewTimeline.objects.filter(closed_on__isnull=True).select_related("partnership")
        rows = [{"timeline": t, **schedule_of(t)} for t in open_reviews.prefetch_related("events")]
        far_future = datetime.date.max
        rows.sort(key=lambda row: (row["next"].due if row["next"] else far_future, row["timeline"].ref))
        return {"rows": rows, "overdue": sum(1 for row in rows if row["next"] and row["next"].overdue)}


STAGE_LABELS = dict(StageKey.choices)


def may_see_timelines(user) -> bool:
    """The Review panel, Panel chairs and Administrators: the roles holding the view permission."""
    return user.has_perm("reviews.view_reviewtimeline")


def timeliness_report(request):
    """Admin → Reports → Review timeliness: the table, or CSV with ?format=csv."""
    if not may_see_timelines(request.user):
        raise PermissionDenied
    rows = timeliness()
    if request.GET.get("format") == "csv":
        return csv_response(rows)
    return render(request, "reviews/timeline/timeliness.html", {"years": grouped(rows)})
