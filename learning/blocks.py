"""StreamField blocks for learning hubs and 7-minute briefings."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock

from kb.documents import may_see_document
from kb.models import Theme
from kb.visibility import visible
from kb.vocabulary import ReviewType
from reviews.models import ReviewPage

from .citations import CITE_PUBLISHED_ONLY, is_citable
from .live import live_learning

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
SECTION_FEATURES = ["bold", "italic", "ol", "ul", "link"]
SHOW_CHOICES = [
    ("both", "Findings and recommendations"),
    ("finding", "Findings only"),
    ("recommendation", "Recommendations only"),
]


def theme_choices() -> list[tuple[str, str]]:
    """Every theme as (slug, name); read when the form is built, so new themes appear without a migration."""
    return list(Theme.objects.order_by("name").values_list("slug", "name"))


class LearningFromReviewsBlock(blocks.StructBlock):
    """Findings and recommendations matching the chosen filters, asked of the search engine at every view."""

    heading = blocks.CharBlock(required=False, help_text="e.g. What reviews have found")
    themes = blocks.MultipleChoiceBlock(
        choices=theme_choices, required=False, search_index=False, help_text="Learning tagged with any of these."
    )
    review_types = blocks.MultipleChoiceBlock(
        choices=ReviewType.choices, required=False, search_index=False, help_text="Leave empty for every type."
    )
    show = blocks.ChoiceBlock(choices=SHOW_CHOICES, default="both", search_index=False)
    year_from = blocks.IntegerBlock(required=False, min_value=1900, max_value=2999)
    year_to = blocks.IntegerBlock(required=False, min_value=1900, max_value=2999)
    count = blocks.IntegerBlock(default=6, min_value=1, max_value=20, help_text="How many to show, newest first.")

    class Meta:
        icon = "search"
        label = "Learning from reviews (live)"
        template = "blocks/learning_from_reviews.html"

    def clean(self, value):
        value = super().clean(value)
        if value.get("year_from") and value.get("year_to") and value["year_from"] > value["year_to"]:
            raise StructBlockValidationError({"year_to": ValidationError("Must not be before the 'from' year.")})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["results"] = live_learning(value)
        return context


class CaseStudyBlock(blocks.StructBlock):
    """Chosen findings of one review, quoted with links to their place on the review page."""

    heading = blocks.CharBlock(required=False, help_text="Defaults to 'Case study: <review title>'.")
    review = blocks.PageChooserBlock(page_type="reviews.ReviewPage")
    findings = blocks.ListBlock(
        blocks.IntegerBlock(min_value=1, label="Finding number"),
        min_num=1,
        help_text="Finding numbers as shown on the review page.",
    )
    commentary = blocks.RichTextBlock(features=SECTION_FEATURES, required=False)

    class Meta:
        icon = "doc-full"
        label = "Case study"
        template = "blocks/case_study.html"

    def clean(self, value):
        value = super().clean(value)
        review = value.get("review")
        if review is not None and not is_citable(review.pk):
            raise StructBlockValidationError({"review": ValidationError(CITE_PUBLISHED_ONLY)})
        if review is not None:
            known = set(review.specific.findings.values_list("number", flat=True))
            missing = sorted({n for n in value["findings"] if n not in known})
            if missing:
                message = f"{review.title} has no finding numbered {', '.join(map(str, missing))}."
                raise StructBlockValidationError({"findings": ValidationError(message)})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        chosen = value.get("review")
        review = visible(ReviewPage.objects.filter(pk=chosen.pk)).first() if chosen else None
        context["review"] = review
        context["findings"] = chosen_findings(review, value["findings"]) if review else []
        return context


def chosen_findings(review, numbers) -> list:
    """The review's findings with these numbers, in the order the trainer listed them."""
    by_number = {f.number: f for f in review.findings.filter(number__in=list(numbers))}
    return [by_number[n] for n in dict.fromkeys(numbers) if n in by_number]


def reflective_questions_block(**kwargs) -> blocks.ListBlock:
    """Questions for practitioners to discuss or take to supervision."""
    return blocks.ListBlock(
        blocks.CharBlock(label="Question", max_length=300),
        icon="help",
        label="Reflective questions",
        template="blocks/reflective_questions.html",
        **kwargs,
    )


def validate_link(value: str) -> None:
    """A web address, or a path on this site such as /themes/neglect/."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    url = blocks.CharBlock(
        label="Address", validators=[validate_link], help_text="https://… or a path on this site, e.g. /themes/neglect/"
    )

    class Meta:
        icon = "link"


class ResourcesBlock(blocks.StructBlock):
    """Documents to download and links to follow."""

    heading = blocks.CharBlock(required=False, help_text="Defaults to 'Resources'.")
    documents = blocks.ListBlock(DocumentChooserBlock(), required=False)
    links = blocks.ListBlock(LinkBlock(), required=False)

    class Meta:
        icon = "folder-open-inverse"
        label = "Resources"
        template = "blocks/resources.html"

    def get_context(self, value, parent_context=None):
        """Only documents the reader may download are listed: a draft review's report never is, even if linked."""
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        documents = [d for d in value["documents"] if d is not None]
        context["documents"] = [d for d in documents if request is not None and may_see_document(request, d)]
        return context


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="A YouTube or Vimeo address.")
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "media"
        label = "Video"
        template = "blocks/video.html"


class HubBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="blocks/rich_text.html")
    learning_from_reviews = LearningFromReviewsBlock()
    case_study = CaseStudyBlock()
    reflective_questions = reflective_questions_block()
    resources = ResourcesBlock()
    video = VideoBlock()


class LearningPointBlock(blocks.StructBlock):
    """One of a briefing's (up to three) key learning points."""

    title = blocks.CharBlock(required=False, help_text="A short heading, e.g. Bruising is always referred.")
    text = blocks.RichTextBlock(features=SECTION_FEATURES)

    class Meta:
        icon = "pick"
        label = "Learning point"
