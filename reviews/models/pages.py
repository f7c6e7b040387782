"""Page models: the home page, the review index and the review page."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.http import urlencode
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from kb.models import Theme, ThemedItem
from kb.themes import theme_slugs
from kb.visibility import HiddenWhenExpiredMixin, visible
from kb.vocabulary import AgeBand, AuditType, RapidDecision, ReviewStatus, ReviewType
from search import service as search

from ..panels import ReportReadingPanel, ThemeSuggestionsPanel
from ..publishing.permissions import ReviewIndexPermissionTester, ReviewPermissionTester
from ..report_pdfs import ONLY_PDFS, is_pdf, report_text_for
from .items import Recommendation


def popular_themes(limit: int = 12) -> list[tuple[str, str]]:
    """(slug, name) of the themes tagged on the most live reviews."""
    counts = (
        Theme.objects.filter(reviews_reviewtheme_items__content_object__in=visible(ReviewPage.objects.all()))
        .annotate(n=models.Count("reviews_reviewtheme_items"))
        .order_by("-n", "name")
        .values_list("slug", "name")[:limit]
    )
    return list(counts)


def similar_reviews(page, limit: int = 5) -> list:
    """Live public reviews most like this one, as the search engine judges."""
    ids = search.similar(page.pk, limit)  # none when search is unavailable: the page still shows without them
    found = {p.pk: p for p in visible(ReviewPage.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


class HomePage(Page):
    """The service's front page: a search box, the themes and the latest reviews."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["reviews.ReviewIndexPage", "learning.LearningIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_reviews"] = visible(ReviewPage.objects.select_related("partnership")).order_by(
            "-published_date", "-pk"
        )[:6]
        context["popular_themes"] = popular_themes()
        return context


class ReviewIndexPage(Page):
    """Lists every published review, newest first, filterable by type."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["reviews.ReviewPage"]
    parent_page_types = ["reviews.HomePage"]
    page_size = 20

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reviews = visible(ReviewPage.objects.child_of(self)).select_related("partnership")
        chosen_type = request.GET.get("type", "")
        if chosen_type in ReviewType.values:
            reviews = reviews.filter(review_type=chosen_type)
        reviews = reviews.order_by("-published_date", "-pk")
        context["reviews"] = Paginator(reviews, self.page_size).get_page(request.GET.get("page"))
        context["review_types"] = ReviewType.choices
        context["chosen_type"] = chosen_type
        context["filter_query"] = urlencode({"type": chosen_type}) if chosen_type in ReviewType.values else ""
        return context

    def permissions_for_user(self, user):
        return ReviewIndexPermissionTester(user, self)


class ReviewTheme(ThemedItem):
    content_object = ParentalKey("reviews.ReviewPage", related_name="tagged_items", on_delete=models.CASCADE)


class ReviewPage(HiddenWhenExpiredMixin, Page):
    """One review of any type.

    One model with a `review_type` field rather than a subclass per type: every cross-review question
    (search, the recommendation tracker, trends, the API) reads one table, and the types differ by only
    four optional fields (rapid reviews' notification and decision, audits' type and sample size), which
    get their own panels and are validated in clean().
    """

    ref = models.CharField("reference", max_length=60, unique=True, help_text="Stable, e.g. HSCP-CSPR-2021-03.")
    review_type = models.CharField("type", max_length=20, choices=ReviewType.choices, db_index=True)
    subject = models.CharField("subject pseudonym", max_length=120, blank=True, help_text="e.g. Child J")
    summary = RichTextField(features=["bold", "italic", "ol", "ul", "link"])
    partnership = models.ForeignKey("kb.Partnership", on_delete=models.PROTECT, related_name="reviews")
    review_status = models.CharField(
        "review stage", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PUBLISHED
    )
    published_date = models.DateField(null=True, blank=True, db_index=True)
    incident_date = models.DateField(null=True, blank=True)
    commissioned_date = models.DateField(null=True, blank=True)
    agencies = ParentalManyToManyField("kb.Agency", blank=True, related_name="reviews")
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    methodology = models.CharField(max_length=255, blank=True)
    themes = ClusterTaggableManager(through=ReviewTheme, blank=True)
    report = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_text = models.TextField(
        blank=True, editable=False, help_text="Text extracted from the report PDF, pages separated by form feeds."
    )
    report_text_of = models.CharField(
        max_length=255, blank=True, editable=False, help_text="The SHA-1 of the report file the text was read from."
    )
    notified_date = models.DateField("notification date", null=True, blank=True)
    decision = models.CharField(max_length=20, choices=RapidDecision.choices, blank=True)
    audit_type = models.CharField(max_length=20, choices=AuditType.choices, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("ref"), FieldPanel("review_type")]),
                FieldRowPanel([FieldPanel("subject"), FieldPanel("age_band")]),
                FieldPanel("partnership"),
                FieldPanel("review_status"),
                FieldRowPanel(
                    [
                        FieldPanel("published_date"),
                        FieldPanel("incident_date"),
                        FieldPanel("commissioned_date"),
                    ]
                ),
                FieldPanel("methodology"),
            ],
            heading="About the review",
        ),
        FieldPanel("summary"),
        FieldPanel("themes"),
        ThemeSuggestionsPanel(),
        FieldPanel("agencies"),
        MultiFieldPanel([FieldPanel("report"), ReportReadingPanel()], heading="Full report (PDF)"),
        MultiFieldPanel(
            [FieldPanel("notified_date"), FieldPanel("decision")],
            heading="Rapid reviews only",
            classname="collapsed",
        ),
        MultiFieldPanel(
            [FieldPanel("audit_type"), FieldPanel("sample_size")],
            heading="Audits only",
            classname="collapsed",
        ),
        InlinePanel("findings", label="Finding", heading="Key findings"),
        InlinePanel("recommendations", label="Recommendation", heading="Recommendations"),
    ]

    search_fields = Page.search_fields + [index.SearchField("ref"), index.FilterField("review_type")]

    api_fields = [
        APIField("ref"),
        APIField("review_type"),
        APIField("review_status"),
        APIField("subject"),
        APIField("summary"),
        APIField("published_date"),
        APIField("partnership_name"),
        APIField("agency_names"),
        APIField("age_band"),
        APIField("methodology"),
        APIField("theme_slugs"),
        APIField("finding_items"),
        APIField("recommendation_items"),
    ]

    parent_page_types = ["reviews.ReviewIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "review"

    def __str__(self) -> str:
        return f"{self.ref}: {self.title}"

    def permissions_for_user(self, user):
        return ReviewPermissionTester(user, self)

    @property
    def partnership_name(self) -> str:
        return self.partnership.name

    @property
    def agency_names(self) -> list[str]:
        return sorted(agency.name for agency in self.agencies.all())

    @property
    def theme_slugs(self) -> list[str]:
        return theme_slugs(self.themes)

    @property
    def finding_items(self) -> list[dict]:
        return [
            {
                "number": f.number,
                "anchor": f.anchor,
                "text": f.text,
                "themes": sorted(t.slug for t in f.themes.all()),
            }
            for f in self.findings.all()
        ]

    @property
    def recommendation_items(self) -> list[dict]:
        return [
            {
                "number": r.number,
                "anchor": r.anchor,
                "text": r.text,
                "agency": r.agency.name if r.agency else None,
                "status": r.status,
                "due": r.due_date.isoformat() if r.due_date else None,
                "themes": sorted(t.slug for t in r.themes.all()),
            }
            for r in self.recommendations.all()
        ]

    @property
    def report_pages(self) -> list[str]:
        """The report's text page by page (page 1 first)."""
        return self.report_text.split("\f") if self.report_text else []

    def clean(self):
        super().clean()
        errors = {}
        if self.review_type != ReviewType.RAPID:
            for field in ("notified_date", "decision"):
                if getattr(self, field):
                    errors[field] = "Only rapid reviews have a notification date and a decision."
        if self.review_type != ReviewType.AUDIT:
            for field in ("audit_type", "sample_size"):
                if getattr(self, field) not in (None, ""):
                    errors[field] = "Only audits have an audit type and a sample size."
        if self.report and not is_pdf(self.report):
            errors["report"] = ONLY_PDFS
        if errors:
            raise ValidationError(errors)
        self.number_findings()
        self.sync_report_text()

    def save(self, *args, **kwargs):
        self.number_findings()
        self.sync_report_text()
        return super().save(*args, **kwargs)

    def sync_report_text(self) -> None:
        """The report's text, as read once per file content (reviews/report_pdfs.py); "" while it is being read.

        Done on every save, so publishing a revision saved before the text was read still gives it the text."""
        if self.report is None:
            self.report_text, self.report_text_of = "", ""
        else:
            self.report_text, self.report_text_of = report_text_for(self.report)

    def number_findings(self) -> None:
        """Give each new finding the next free number, so existing anchors never move."""
        findings = list(self.findings.all())
        next_number = max((f.number or 0 for f in findings), default=0) + 1
        for finding in findings:
            if not finding.number:
                finding.number = next_number
                next_number += 1

    def with_content_json(self, content):
        """A revision as a page, with each recommendation's current tracker status rather than the revision's."""
        page = super().with_content_json(content)
        # Read the database, not self.recommendations: that may hold unsaved in-memory children.
        current = dict(Recommendation.objects.filter(page_id=self.pk).values_list("id", "status")) if self.pk else {}
        recommendations = list(page.recommendations.all())
        for recommendation in recommendations:
            recommendation.status = current.get(recommendation.pk, recommendation.status)
        page.recommendations = recommendations
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["findings"] = self.findings.prefetch_related("themes")
        context["recommendations"] = self.recommendations.select_related("agency").prefetch_related("themes")
        context["agencies"] = self.agencies.all()
        context["review_themes"] = self.themes.all()
        context["similar_reviews"] = similar_reviews(self) if self.live else []
        return context
