"""Search understanding on every engine: spelling corrected from the index's words, partial matching when every
word finds nothing, documents related by meaning (search/understanding.py), under the same filters, facets and
visibility rule as any hit. Run on every engine by test_understanding.py."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import create_review, import_records, restrict

from . import corpus
from .contract import label
from .contract import outcome as search_outcome

# None of its words is in the corpus; it means what Adult C's review says (took his own life after discharge from
# a mental health ward).
ADULT_C_IN_OTHER_WORDS = "suicide following psychiatric inpatient release"


def outcome(q: str, **params):
    """The search's Outcome (its understanding beside its response), first 100 hits."""
    params.setdefault("page_size", 100)
    return search_outcome(q, **params)


class UnderstandingContract:
    @pytest.fixture(autouse=True)
    def engine(self, each_engine):
        return each_engine

    @pytest.fixture
    def meaning(self, settings):
        settings.KB_SEMANTIC_SEARCH = True

    @pytest.fixture
    def reviews(self, meaning, committed):
        with committed():
            return {page.ref: page for page in import_records(*corpus.ALL)}

    # ---- spelling ---------------------------------------------------------------------------------------

    def test_a_misspelt_word_finding_nothing_is_searched_corrected(self, reviews):
        found = outcome("unattnded baby")
        assert found.understanding.match(found.response) == "corrected"
        assert found.understanding.searched == "unattended baby"
        assert found.understanding.corrected_from == "unattnded baby"
        assert label(found.response.hits[0]) == "C-SCR-2017-01/finding/2"
        assert found.response.word_total == 1 and not found.response.hits[0].by_meaning

    def test_searching_as_typed_turns_correction_off(self, reviews):
        found = outcome("unattnded baby", as_typed=1)
        assert found.understanding.corrected_from is None
        assert found.understanding.searched == "unattnded baby"
        assert all(hit.by_meaning for hit in found.response.hits)  # the words as typed match nothing

    def test_everyday_words_are_never_corrected(self, reviews):
        found = outcome("bathing bloke")  # "bloke" is not in the corpus, but it is a word, not a typo of "bloked"
        assert found.understanding.corrected_from is None

    def test_a_correction_never_reveals_a_word_of_a_hidden_page(self, reviews, committed):
        with committed():
            page = create_review(ref="C-VEX-1", summary="A vexillological incident in the nursery.")
        assert outcome("vexilological incident").understanding.searched == "vexillological incident"
        with committed():
            page.unpublish()
        for q in ("vexilological incident", "vexilological"):
            found = outcome(q)
            assert "vexillological" not in f"{found.understanding.searched} {found.understanding.did_you_mean}"
            assert not any(hit.document.ref == "C-VEX-1" for hit in found.response.hits)

    # ---- abbreviations ----------------------------------------------------------------------------------

    def test_an_abbreviation_finds_the_words_it_stands_for(self, reviews, committed):
        with committed():
            create_review(ref="C-DSL-1", summary="The designated safeguarding lead was not told of the bruise.")
        found = outcome("DSL")
        assert [hit.document.ref for hit in found.response.hits] == ["C-DSL-1"]
        snippet = found.response.hits[0].snippet.lower()
        assert "<mark>designated" in snippet  # highlighted word by word, or as the phrase, as the engine does

    # ---- partial matching -------------------------------------------------------------------------------

    def test_when_no_result_holds_every_word_results_hold_most_of_them(self, reviews):
        found = outcome("baby bath zebra")
        assert found.understanding.match(found.response) == "partial"
        assert [label(hit) for hit in found.response.hits][0] == "C-SCR-2017-01/finding/2"

    def test_filler_words_do_not_count(self, reviews):
        found = outcome("how were unattended bath cases handled")
        labels = [label(hit) for hit in found.response.hits]
        assert labels[0] == "C-SCR-2017-01/finding/2"

    def test_a_quoted_phrase_is_never_widened(self, reviews):
        found = outcome('"baby zebra bath"')
        assert found.response.total == 0
        assert found.understanding.match(found.response) == "none"

    # ---- meaning ----------------------------------------------------------------------------------------

    def test_a_search_in_other_words_finds_by_meaning(self, reviews):
        found = outcome(ADULT_C_IN_OTHER_WORDS)
        assert found.understanding.match(found.response) == "related"
        top = found.response.hits[0]
        assert top.document.ref == "C-SAR-2022-01"
        assert top.by_meaning and "<mark>" not in top.snippet
        assert all(hit.by_meaning for hit in found.response.hits)

    def test_a_little_found_by_words_stays_first_with_meaning_below(self, reviews):
        found = outcome("baby left unattended in the bath")  # every word in one finding only
        hits = found.response.hits
        assert found.understanding.match(found.response) == "all"
        assert label(hits[0]) == "C-SCR-2017-01/finding/2" and not hits[0].by_meaning
        assert "<mark>" in hits[0].snippet
        assert len(hits) > 1 and all(hit.by_meaning for hit in hits[1:])
        assert found.response.word_total == 1

    def test_gibberish_finds_nothing(self, reviews):
        for text in ("xqzt blorf", "asdf qwerty zxcv", "fjdksla ghru"):
            assert outcome(text).response.total == 0, text

    def test_filters_and_facets_apply_to_what_meaning_found(self, reviews):
        everything = outcome(ADULT_C_IN_OTHER_WORDS).response
        assert sum(count for _, count in everything.facets["kind"]) == everything.total
        adults = outcome(ADULT_C_IN_OTHER_WORDS, type="sar").response
        assert adults.hits and {hit.document.review_type for hit in adults.hits} == {"sar"}
        assert dict(everything.facets["type"])["sar"] == adults.total
        assert "C-SAR-2022-01" not in {
            hit.document.ref for hit in outcome(ADULT_C_IN_OTHER_WORDS, type="scr").response.hits
        }

    @pytest.mark.parametrize(
        "restriction",
        [{"restriction_type": PageViewRestriction.LOGIN}, {"restriction_type": PageViewRestriction.GROUPS}],
    )
    def test_private_pages_are_never_found_by_meaning(self, reviews, committed, restriction):
        assert outcome(ADULT_C_IN_OTHER_WORDS).response.hits[0].document.ref == "C-SAR-2022-01"
        with committed():
            restrict(reviews["C-SAR-2022-01"], **restriction)
        refs = {hit.document.ref for hit in outcome(ADULT_C_IN_OTHER_WORDS).response.hits}
        assert "C-SAR-2022-01" not in refs

    def test_meaning_vectors_are_kept_by_content_and_never_computed_twice(self, reviews, committed):
        from search.models import Embedding

        kept = Embedding.objects.count()
        assert kept > 0
        with committed():
            reviews["C-SAR-2022-01"].save_revision().publish()  # the same texts again
        assert Embedding.objects.count() == kept
