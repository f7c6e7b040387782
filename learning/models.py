"""Learning pages for trainers: the Learning Hub index, learning hubs and 7-minute briefings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.decorators import method_decorator
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from kb.models import ThemedItem
from kb.ratelimits import limited
from kb.text import rich_text_to_plain_text
from kb.themes import theme_slugs
from kb.visibility import HiddenWhenExpiredMixin, visible
from reviews.models import ReviewPage

from .blocks import SECTION_FEATURES, HubBodyBlock, LearningPointBlock
from .citations import CITE_PUBLISHED_ONLY, is_citable

MAX_LEARNING_POINTS = 3
THEMES_HELP = "Themes from the vocabulary, so the page is found with the reviews on them."


def readable(rich=(), plain=()) -> str:
    """Rich text (as plain text) then plain strings, as paragraphs separated by blank lines."""
    texts = [rich_text_to_plain_text(str(part)) for part in rich if part] + [str(part).strip() for part in plain]
    return "\n\n".join(text for text in texts if text)


class LearningIndexPage(Page):
    """The Learning Hub: lists learning hubs and 7-minute briefings."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["reviews.HomePage"]
    subpage_types = ["learning.LearningHubPage", "learning.BriefingPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["hubs"] = (
            visible(LearningHubPage.objects.child_of(self))
            .prefetch_related("themes")
            .order_by(models.F("event_date").desc(nulls_last=True), "-first_published_at")
        )
        context["briefings"] = visible(BriefingPage.objects.child_of(self)).prefetch_related("themes").order_by("title")
        return context


class LearningHubTheme(ThemedItem):
    content_object = ParentalKey("learning.LearningHubPage", related_name="tagged_items", on_delete=models.CASCADE)


class LearningHubPage(HiddenWhenExpiredMixin, Page):
    """A learning event on a topic: the learning, live findings from reviews, case studies and resources."""

    intro = models.TextField(blank=True, help_text="One or two sentences shown in lists and search results.")
    themes = ClusterTaggableManager(through=LearningHubTheme, blank=True, verbose_name="themes", help_text=THEMES_HELP)
    event_date = models.DateField(null=True, blank=True, help_text="When the learning event takes place.")
    event_place = models.CharField(max_length=255, blank=True, help_text="Where, e.g. Town Hall or Online.")
    body = StreamField(HubBodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("themes"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("event_date"), FieldPanel("event_place")])], heading="Learning event"
        ),
        FieldPanel("body"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("theme_slugs"),
        APIField("event_date"),
        APIField("event_place"),
        APIField("body"),
    ]
    parent_page_types = ["learning.LearningIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "learning hub"

    @property
    def theme_slugs(self) -> list[str]:
        return theme_slugs(self.themes)

    def readable_text(self) -> str:
        """The hub's own words, for search: intro, text, questions, resources and captions (not live results)."""
        return readable(plain=[self.intro, *self.body.stream_block.get_searchable_content(self.body)])


class BriefingTheme(ThemedItem):
    content_object = ParentalKey("learning.BriefingPage", related_name="tagged_items", on_delete=models.CASCADE)


class BriefingSource(Orderable):
    """A review a briefing draws on, cited in its Sources."""

    page = ParentalKey("learning.BriefingPage", related_name="source_reviews", on_delete=models.CASCADE)
    review = models.ForeignKey("reviews.ReviewPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("review")]

    class Meta(Orderable.Meta):
        verbose_name = "source review"

    def clean(self):
        super().clean()
        if self.review_id and not is_citable(self.review_id):
            raise ValidationError({"review": CITE_PUBLISHED_ONLY})


class BriefingPage(HiddenWhenExpiredMixin, RoutablePageMixin, Page):
    """A 7-minute briefing with the fixed structure, and a print-ready A4 PDF at <page url>pdf/."""

    background = RichTextField(features=SECTION_FEATURES)
    why_it_matters = RichTextField("why it matters", features=SECTION_FEATURES)
    key_points = StreamField(
        [("point", LearningPointBlock())],
        max_num=MAX_LEARNING_POINTS,
        verbose_name="key information",
        help_text="Up to three learning points.",
    )
    things_to_note = RichTextField("things to note and remember", features=SECTION_FEATURES)
    what_to_do = RichTextField("what to do", features=SECTION_FEATURES)
    reflective_questions = StreamField(
        [("question", blocks.CharBlock(max_length=300))],
        help_text="e.g. How will we know the learning is embedded?",
    )
    themes = ClusterTaggableManager(through=BriefingTheme, blank=True, verbose_name="themes", help_text=THEMES_HELP)

    content_panels = Page.content_panels + [
        FieldPanel("themes"),
        InlinePanel("source_reviews", label="Source review", heading="Source reviews"),
        FieldPanel("background"),
        FieldPanel("why_it_matters"),
        FieldPanel("key_points"),
        FieldPanel("things_to_note"),
        FieldPanel("what_to_do"),
        FieldPanel("reflective_questions"),
    ]
    api_fields = [
        APIField("theme_slugs"),
        APIField("background"),
        APIField("why_it_matters"),
        APIField("key_points"),
        APIField("things_to_note"),
        APIField("what_to_do"),
        APIField("reflective_questions"),
        APIField("source_refs"),
    ]
    parent_page_types = ["learning.LearningIndexPage"]
    subpage_types: list[str] = []
    preview_modes = [("", "Briefing page"), ("pdf", "A4 PDF")]

    class Meta:
        verbose_name = "7-minute briefing"

    @property
    def source_refs(self) -> list[str]:
        return [review.ref for review in self.sources()]

    @property
    def theme_slugs(self) -> list[str]:
        return theme_slugs(self.themes)

    def sources(self) -> list:
        """The source reviews the public may see, in the editor's order: only these may be cited."""
        ids = [source.review_id for source in self.source_reviews.all()]
        found = visible(ReviewPage.objects.filter(pk__in=ids)).select_related("partnership").in_bulk()
        return [found[pk] for pk in dict.fromkeys(ids) if pk in found]

    def readable_text(self) -> str:
        """Every section's words, for search."""
        sections = [self.background, self.why_it_matters, self.things_to_note, self.what_to_do]
        blocks = [self.key_points, self.reflective_questions]
        return readable(
            sections, [text for value in blocks for text in value.stream_block.get_searchable_content(value)]
        )

    @property
    def pdf_url(self) -> str:
        return (self.url or "") + self.reverse_subpage("pdf")

    @property
    def pdf_filename(self) -> str:
        return f"{self.slug}-7-minute-briefing.pdf"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        points = len(self.key_points)
        context.update(sources=self.sources(), things_number=3 + points, what_number=4 + points)
        return context

    @path("pdf/", name="pdf")
    @method_decorator(limited("briefing-pdf", "KB_PDF_RATE"))
    def pdf(self, request):
        """The briefing as an A4 PDF, drawn from the page's own template (once per published revision)."""
        from .pdf import briefing_pdf_response  # here: WeasyPrint (and Pango) load only when a PDF is drawn

        return briefing_pdf_response(self, request)

    def serve_preview(self, request, mode_name):
        """Editors preview the PDF as well as the page before publishing."""
        if mode_name == "pdf":
            from .pdf import briefing_pdf_response  # as in pdf() above

            return briefing_pdf_response(self, request, preview=True)
        return super().serve_preview(request, mode_name)
