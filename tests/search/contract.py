"""The search contract: one suite every engine must pass (run on every engine by test_contract.py).

Hits are named "<ref>/<kind>[/<number>]" so expectations read like the corpus in corpus.py.
"""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone
from wagtail.models import PageViewRestriction

from kb.models import Theme
from reviews.models import ReviewIndexPage, ReviewPage
from search.request import request_from_params
from search.service import find, theme_names
from tests.factories import attach_report, create_review, import_records, restrict

from . import corpus


def label(hit) -> str:
    doc = hit.document
    return "/".join(part for part in (doc.ref, doc.kind, doc.number) if part)


def outcome(q: str = "", **params):
    """Run a search as the API would, with params as query-string values (lists for repeated ones)."""
    query = QueryDict(mutable=True)
    query["q"] = q
    for name, value in params.items():
        query.setlist(name, [str(v) for v in (value if isinstance(value, list) else [value])])
    return find(request_from_params(query, theme_names()))


def search(q: str = "", **params):
    return outcome(q, **params).response


def labels(q: str = "", **params) -> list[str]:
    params.setdefault("page_size", 100)
    return [label(hit) for hit in search(q, **params).hits]


class SearchContract:
    """Behaviour every engine shares, on the engine of the `each_engine` fixture (tests/conftest.py)."""

    @pytest.fixture(autouse=True)
    def engine(self, each_engine):
        return each_engine

    @pytest.fixture
    def reviews(self, committed):
        with committed():
            return {page.ref: page for page in import_records(*corpus.ALL)}

    # ---- words, phrases, exclusions, OR, stemming ------------------------------------------------------

    def test_every_word_must_match(self, reviews):
        assert labels("baby bath") == ["C-SCR-2017-01/finding/2"]

    def test_a_quoted_phrase_matches_only_in_order(self, reviews):
        assert labels('"left unattended"') == ["C-SCR-2017-01/finding/2"]
        assert labels('"unattended left"') == []

    def test_excluded_words_remove_hits(self, reviews):
        assert "C-SCR-2017-01/recommendation/1" in labels("bruising")
        assert "C-SCR-2017-01/recommendation/1" not in labels("bruising -protocol")

    def test_exclusion_alone_browses_everything_else(self, reviews):
        found = labels("-bruising", kind="review")
        assert "C-SCR-2017-01/review" not in found
        assert "C-SAR-2022-01/review" in found

    def test_or_matches_either_side(self, reviews):
        assert set(labels("zebra OR bath")) == {"C-SCR-2017-01/finding/2"}
        assert set(labels("sofa OR fractured", kind="review")) == {"C-RAPID-2019-01/review", "C-CSPR-2021-01/review"}

    def test_stemming_finds_other_forms(self, reviews):
        assert labels("bathing", kind="finding") == ["C-SCR-2017-01/finding/2"]
        assert "C-SCR-2017-01/review" in labels("bruises")

    def test_user_syntax_is_never_engine_syntax(self, reviews):
        for text in ['bath" OR "', "title:bath", "bath*", "(bath", "NEAR(bath baby)", '{"match_all": {}}', "\\", "^"]:
            search(text)  # must not raise

    # ---- relevance -------------------------------------------------------------------------------------

    def test_a_title_match_ranks_above_a_summary_match(self, reviews):
        assert labels("neglect", kind="review")[:2] == ["C-SCR-2016-01/review", "C-SCR-2016-02/review"]

    # ---- themes and synonyms ---------------------------------------------------------------------------

    def test_an_abbreviation_finds_the_words_in_full(self, reviews):
        assert "C-CSPR-2021-01/finding/1" in labels("NAI")

    def test_the_words_in_full_find_what_is_tagged(self, reviews, committed):
        with committed():
            create_review(ref="C-TAG-1", title="Child T", summary="A head injury at home.", themes=["NAI"])
        assert "C-TAG-1/review" in labels("non-accidental injury")
        assert "C-TAG-1/review" in labels("abusive head trauma")

    def test_fgm_finds_female_genital_mutilation(self, reviews):
        assert labels("FGM") == ["C-CSPR-2023-01/review"]

    def test_a_synonym_finds_content_tagged_with_the_theme(self, reviews):
        found = labels("cot death")
        assert "C-RAPID-2019-01/review" in found
        assert "C-RAPID-2019-01/finding/1" in found  # tagged through its review, words never say cot death

    def test_suicide_finds_a_review_that_says_took_his_own_life(self, reviews):
        assert "C-SAR-2022-01/review" in labels("suicide")

    def test_a_word_of_a_theme_name_finds_what_is_tagged(self, reviews):
        assert "C-RAPID-2019-01/review" in labels("infancy")

    def test_quoted_phrases_are_literal(self, reviews):
        assert labels('"cot death"') == []

    def test_a_phrase_with_stop_words_matches_word_for_word(self, committed):
        with committed():
            create_review(ref="C-STOP-1", summary="The child was brought to every appointment.")
            create_review(ref="C-STOP-2", summary="The child was not brought to the clinic.")
        assert labels('"was not brought"') == ["C-STOP-2/review"]
        assert labels("was not brought") == ["C-STOP-2/review"]  # a theme's name: its words in order, or its tag

    # ---- filters ---------------------------------------------------------------------------------------

    def test_theme_filter_requires_every_theme(self, reviews):
        assert set(labels(theme="water-safety")) == {"C-SCR-2017-01/finding/2"}
        assert set(labels(theme=["bruising-non-mobile-infants", "information-sharing"])) == {
            "C-SCR-2017-01/recommendation/2"
        }

    def test_type_filter_accepts_any_of_several(self, reviews):
        found = labels(kind="review", type=["sar", "rapid"])
        assert set(found) == {"C-SAR-2022-01/review", "C-RAPID-2019-01/review"}

    def test_kind_filter(self, reviews):
        assert set(labels(kind="recommendation")) == {
            "C-SCR-2017-01/recommendation/1",
            "C-SCR-2017-01/recommendation/2",
            "C-SAR-2022-01/recommendation/1",
        }

    def test_year_range_filter(self, reviews):
        assert set(labels(kind="review", year_from=2019, year_to=2021)) == {
            "C-RAPID-2019-01/review",
            "C-CSPR-2021-01/review",
        }

    def test_agency_partnership_age_band_and_status_filters(self, reviews):
        assert set(labels(kind="review", agency="housing")) == {"C-PCR-2015-01/review"}
        assert set(labels(kind="review", partnership="Testshire Safeguarding Adults Board")) == {"C-SAR-2022-01/review"}
        assert set(labels(kind="review", age_band="under-1")) == {"C-SCR-2017-01/review", "C-RAPID-2019-01/review"}
        assert labels(status="completed") == ["C-SCR-2017-01/recommendation/2"]

    def test_empty_query_browses_newest_first(self, reviews):
        found = labels(kind="review")
        assert len(found) == len(corpus.PUBLISHED)
        assert found[0] == "C-CSPR-2023-01/review" and found[-1] == "C-PCR-2015-01/review"

    def test_sort_newest(self, reviews):
        found = labels("baby OR infant", kind="review", sort="newest")
        assert found == ["C-RAPID-2019-01/review", "C-SCR-2017-01/review"]

    def test_pages_do_not_overlap(self, reviews):
        first = labels(page_size=5, page=1)
        second = labels(page_size=5, page=2)
        assert len(first) == 5 and not set(first) & set(second)
        assert search(page_size=5).total == sum(corpus.documents_of(r) for r in corpus.PUBLISHED)

    # ---- facets ----------------------------------------------------------------------------------------

    def test_facets_count_the_filtered_results(self, reviews):
        # "infant" also matches every hit tagged "Bruising in non-mobile infants": theme names are searchable.
        response = search("baby OR infant")
        facets = {name: dict(values) for name, values in response.facets.items()}
        assert set(labels("baby OR infant")) == {
            "C-SCR-2017-01/review",
            "C-SCR-2017-01/finding/1",
            "C-SCR-2017-01/finding/2",
            "C-SCR-2017-01/recommendation/1",
            "C-SCR-2017-01/recommendation/2",
            "C-RAPID-2019-01/review",
        }
        assert response.total == 6
        assert facets["kind"] == {"review": 2, "finding": 2, "recommendation": 2}
        assert facets["type"] == {"scr": 5, "rapid": 1}
        assert facets["year"] == {"2017": 5, "2019": 1}
        assert facets["theme"] == {
            "bruising-non-mobile-infants": 5,
            "water-safety": 1,
            "information-sharing": 1,
            "sudi-safer-sleep": 1,
        }
        assert facets["agency"] == {"Police": 5, "Health Visiting": 6}

    def test_facets_follow_the_filters(self, reviews):
        response = search(type="sar")
        assert dict(response.facets["type"]) == {"sar": 3}
        assert dict(response.facets["kind"]) == {"review": 1, "finding": 1, "recommendation": 1}

    # ---- highlights ------------------------------------------------------------------------------------

    def test_snippets_mark_the_matched_words(self, reviews):
        (hit,) = search("bath").hits
        assert "<mark>bath</mark>" in hit.snippet

    def test_snippets_escape_the_source_text(self, reviews):
        (hit,) = search("markup").hits
        assert "&lt;script&gt;" in hit.snippet
        assert "<script>" not in hit.snippet
        stripped = hit.snippet.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped

    # ---- what must never be found ----------------------------------------------------------------------

    def test_drafts_are_never_found(self, reviews):
        assert labels("zanzibarine") == []
        assert "C-DRAFT-2024-01/review" not in labels(theme="bruising-non-mobile-infants")

    def test_unpublished_changes_to_a_live_page_are_not_searchable(self, reviews, committed):
        page = reviews["C-SAR-2022-01"]
        with committed():
            page.title = "Adult C with a quokkaesque draft title"
            page.save_revision()
        assert labels("quokkaesque") == []
        assert "C-SAR-2022-01/review" in labels("Adult")

    @pytest.mark.parametrize(
        "restriction",
        [
            {"restriction_type": PageViewRestriction.LOGIN},
            {"restriction_type": PageViewRestriction.PASSWORD, "password": "secret"},
            {"restriction_type": PageViewRestriction.GROUPS},
        ],
    )
    def test_private_pages_are_never_found(self, reviews, committed, restriction):
        with committed():
            restrict(reviews["C-SCR-2017-01"], **restriction)
        assert not [hit for hit in labels("bruising") if hit.startswith("C-SCR-2017-01")]
        with committed():
            PageViewRestriction.objects.filter(page=reviews["C-SCR-2017-01"]).delete()
        assert "C-SCR-2017-01/review" in labels("bruising")

    def test_a_restriction_on_a_section_hides_everything_below_it(self, reviews, committed):
        with committed():
            restrict(ReviewIndexPage.objects.get())
        assert labels() == []

    def test_expired_pages_are_never_found(self, reviews, committed):
        page = reviews["C-SAR-2022-01"]
        with committed():
            page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
            page.save_revision().publish()
        assert [hit for hit in labels("Adult") if hit.startswith("C-SAR")] == []

    def test_future_scheduled_pages_are_not_found_until_live(self, committed):
        with committed():
            page = create_review(ref="C-FUTURE-1", summary="A yellowhammer review.", live=False)
            page.go_live_at = timezone.now() + datetime.timedelta(days=3)
            page.save_revision().publish()
        assert labels("yellowhammer") == []

    # ---- the index stays current on every write path --------------------------------------------------

    def test_import_and_publish_make_a_review_searchable(self, reviews, committed):
        with committed():
            create_review(ref="C-NEW-1", summary="A review about a marmalade incident.")
        assert labels("marmalade") == ["C-NEW-1/review"]

    def test_unpublish_removes_and_republish_restores(self, reviews, committed):
        page = reviews["C-RAPID-2019-01"]
        with committed():
            page.unpublish()
        assert labels("sofa") == []
        with committed():
            page.get_latest_revision().publish()
        assert labels("sofa") == ["C-RAPID-2019-01/review"]

    def test_delete_removes(self, reviews, committed):
        with committed():
            ReviewPage.objects.get(ref="C-RAPID-2019-01").delete()
        assert labels("sofa") == []

    def test_move_under_a_private_section_removes(self, reviews, committed):
        index = ReviewIndexPage.objects.get()
        with committed():
            private = index.get_parent().add_child(instance=ReviewIndexPage(title="Private", slug="private"))
            restrict(private)
            reviews["C-RAPID-2019-01"].move(private, pos="last-child")
        assert labels("sofa") == []

    def test_editing_a_finding_and_republishing_updates_its_hit(self, reviews, committed):
        page = ReviewPage.objects.get(ref="C-CSPR-2023-01")
        findings = list(page.findings.all())
        findings[0].text = "The school nurse did not know the pelican referral route."
        page.findings = findings
        with committed():
            page.save_revision().publish()
        assert labels("pelican") == ["C-CSPR-2023-01/finding/1"]

    def test_renaming_a_theme_updates_what_is_tagged(self, reviews, committed):
        theme = Theme.objects.get(slug="water-safety")
        with committed():
            theme.name = "Water safety and porpoise awareness"
            theme.save()
        assert labels("porpoise") == ["C-SCR-2017-01/finding/2"]

    def test_a_new_synonym_expands_queries_at_once(self, reviews, committed):
        theme = Theme.objects.get(slug="sudi-safer-sleep")
        with committed():
            theme.synonyms += "\nsofa sleeping tragedy"
            theme.save()
        assert "C-RAPID-2019-01/review" in labels("sofa sleeping tragedy")

    def test_a_hit_in_the_report_says_so_and_gives_the_page(self, reviews, committed):
        with committed():
            attach_report(reviews["C-SAR-2022-01"], "Terms of reference.", "The ward round notes mention a kestrel.")
        (hit,) = search("kestrel").hits
        assert label(hit) == "C-SAR-2022-01/review"
        assert hit.report_page == 2
        assert "<mark>kestrel</mark>" in hit.snippet

    # ---- similar reviews -------------------------------------------------------------------------------

    def test_similar_reviews_share_the_most_themes(self, engine, committed):
        with committed():
            first = create_review(ref="S-1", title="Neglect of Child S", themes=["neglect", "toxic-trio", "early-help"])
            both = create_review(ref="S-2", title="Child T", themes=["neglect", "toxic-trio"])
            one = create_review(ref="S-3", title="Child U", themes=["neglect"])
            create_review(ref="S-4", title="Adult V", themes=["self-neglect"])
            create_review(ref="S-5", title="A draft", themes=["neglect", "toxic-trio", "early-help"], live=False)
        assert engine.similar(first.pk, limit=5) == [both.pk, one.pk]
