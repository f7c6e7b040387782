"""Learning cites only reviews the public may see: never a draft or private review, on any path."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import PageViewRestriction

from learning.blocks import CaseStudyBlock
from learning.models import BriefingPage, BriefingSource
from reviews.models import ReviewIndexPage
from tests.factories import FindingFactory, create_review, restrict
from tests.learning.test_briefings import START_URL, briefing_form

pytestmark = pytest.mark.django_db
SECRET = "quillwort"


@pytest.fixture(params=["draft", "private"])
def hidden(request, committed):
    """A review the public may not see, its title and findings carrying SECRET."""
    with committed():
        page = create_review(
            ref="CITE-HIDDEN",
            title=f"Child Q {SECRET}",
            summary=f"The {SECRET} summary.",
            live=request.param != "draft",
            findings=[FindingFactory(text=f"A {SECRET} finding.")],
        )
        if request.param == "private":
            restrict(page, PageViewRestriction.LOGIN)
    return page


@pytest.fixture
def public(committed):
    with committed():
        return create_review(ref="CITE-PUBLIC", title="Child P", findings=[FindingFactory(text="A public finding.")])


def test_the_start_form_never_shows_a_hidden_review(trainer, hidden):
    response = trainer.get(f"{START_URL}?review={hidden.pk}")
    assert response.status_code == 200
    assert SECRET not in response.content.decode().lower()


def test_posting_a_hidden_review_creates_nothing(trainer, hidden):
    response = trainer.post(START_URL, {"review": hidden.pk})
    assert response.status_code == 200
    assert "Choose a published review" in response.content.decode()
    assert not BriefingPage.objects.exists()


def test_a_public_review_still_starts_a_briefing(trainer, public):
    assert trainer.post(START_URL, {"review": public.pk}).status_code == 302
    assert BriefingPage.objects.get().source_reviews.get().review_id == public.pk


def test_the_review_chooser_offers_only_public_reviews(trainer, hidden, public):
    index = ReviewIndexPage.objects.get()
    browse = trainer.get(f"/admin/choose-page/{index.pk}/", {"page_type": "reviews.reviewpage"}).content.decode()
    search = trainer.get("/admin/choose-page/search/", {"page_type": "reviews.reviewpage", "q": "Child"})
    assert "Child P" in browse and SECRET not in browse.lower()
    assert SECRET not in search.content.decode().lower()


def test_a_hidden_review_cannot_be_a_briefings_source(hidden):
    with pytest.raises(ValidationError, match="published review"):
        BriefingSource(review=hidden).clean()


def test_publishing_a_briefing_citing_a_hidden_review_is_refused(trainer, index, hidden):
    response = trainer.post(f"/admin/pages/add/learning/briefingpage/{index.pk}/", briefing_form(hidden))
    assert response.status_code == 200
    assert not BriefingPage.objects.exists()


def test_a_hidden_review_cannot_be_a_case_study(hidden):
    block = CaseStudyBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"heading": "", "review": hidden.pk, "findings": [1], "commentary": ""}))


def test_a_public_review_can_be_a_case_study(public):
    block = CaseStudyBlock()
    value = block.clean(block.to_python({"heading": "", "review": public.pk, "findings": [1], "commentary": ""}))
    assert value["review"].pk == public.pk
