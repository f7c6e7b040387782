"""Themes suggested to editors from a review's, a finding's or a recommendation's text: named in it (the theme
vocabulary), or carried by the visible learning most like it (search by meaning); shown in the editor and by a
dry-run import, never applied."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from kb.models import Theme
from kb.themes import vocabulary
from reviews.models import ReviewPage
from reviews.suggestions import LEARNING_KINDS
from search.documents import SearchDocument
from search.models import Embedding
from search.service import theme_suggestions
from search.suggestions import alike
from tests.factories import (
    FindingFactory,
    RecommendationFactory,
    ReviewRecordFactory,
    create_review,
    import_records,
    restrict,
)

pytestmark = pytest.mark.django_db

SLEEP = [
    "The baby slept on the sofa with his father, who had been drinking.",
    "Advice to the parents about where the baby should sleep was given once and never repeated.",
    "The infant was found unresponsive in the parents' bed after a night out.",
]
OTHER = [
    "The school did not pass on its worries about the child's attendance.",
    "The police did not check the family's history before the visit.",
]
# Names no theme; means what SLEEP says.
LIKE_SLEEP = "Nobody told the mother about the danger of sharing a bed with her baby after alcohol."


def learning(texts: list[str], themes: list[str], **review) -> list[dict]:
    """One review per text, its one finding tagged with these themes."""
    return [ReviewRecordFactory(findings=[FindingFactory(text=t, themes=themes)], **review) for t in texts]


def suggested(suggestions) -> dict[str, object]:
    return {suggestion.slug: suggestion for suggestion in suggestions}


# ---- named in the text ------------------------------------------------------------------------------------


def test_names_and_synonyms_in_the_text_are_suggested_with_the_words_used():
    found = suggested(theme_suggestions("Co-sleeping on a sofa; NAI was not considered.", LEARNING_KINDS))
    assert set(found) == {"sudi-safer-sleep", "non-accidental-injury"}
    assert found["sudi-safer-sleep"].reason == "named in the text: ‘Co-sleeping’"
    assert found["non-accidental-injury"].named == ("NAI",)


def test_words_must_be_whole_and_abbreviations_written_as_abbreviations():
    vocabulary_now = vocabulary()
    assert vocabulary_now.named_in("Neglectfulness was not the issue") == {}  # not the whole word "neglect"
    assert vocabulary_now.named_in("They did not send a referral") == {}  # "SEND" only in capitals
    assert vocabulary_now.named_in("A child with SEND") == {"disabled-children": ["SEND"]}


def test_the_longest_phrasing_wins_where_two_overlap():
    theme = Theme.objects.get(slug="non-accidental-injury")
    assert "non-accidental head injury" in [s.lower() for s in theme.synonym_list]
    assert vocabulary().named_in("a non-accidental head injury") == {
        "non-accidental-injury": ["non-accidental head injury"]
    }


def test_themes_already_tagged_are_not_suggested():
    found = theme_suggestions("Neglect and co-sleeping", LEARNING_KINDS, tagged=["neglect"])
    assert [s.slug for s in found] == ["sudi-safer-sleep"]


# ---- like tagged learning ---------------------------------------------------------------------------------


@pytest.fixture
def meaning(settings):
    settings.KB_SEMANTIC_SEARCH = True


@pytest.fixture
def tagged_learning(meaning, committed, each_engine):
    with committed():
        return import_records(
            *learning(SLEEP, ["sudi-safer-sleep"]), *learning(OTHER, ["children-missing-education"], age_band="10-15")
        )


def test_themes_of_the_most_similar_tagged_learning_are_suggested(tagged_learning):
    found = suggested(theme_suggestions(LIKE_SLEEP, LEARNING_KINDS))
    sleep = found["sudi-safer-sleep"]
    assert sleep.named == ()
    keys = {f"finding:{page.findings.get().pk}" for page in tagged_learning[:3]}
    assert set(sleep.like) == keys
    assert sleep.reason == "like 3 tagged findings"


def test_without_search_by_meaning_only_named_themes_are_suggested(tagged_learning, settings):
    settings.KB_SEMANTIC_SEARCH = False
    assert theme_suggestions(LIKE_SLEEP, LEARNING_KINDS) == []


def test_drafts_and_private_learning_never_lend_their_themes(tagged_learning, committed):
    with committed():
        import_records(*learning([LIKE_SLEEP] * 3, ["water-safety"], live=False))
        private = import_records(*learning([LIKE_SLEEP] * 3, ["emotional-abuse"]))
        for page in private:
            restrict(page)
    found = suggested(theme_suggestions(LIKE_SLEEP, LEARNING_KINDS))
    assert "sudi-safer-sleep" in found  # the search by meaning did run
    assert not {"water-safety", "emotional-abuse"} & set(found)
    public = {f"finding:{page.findings.get().pk}" for page in tagged_learning}
    assert {key for suggestion in found.values() for key in suggestion.like} <= public


# ---- in the editor ----------------------------------------------------------------------------------------


def edit_view(client, page) -> BeautifulSoup:
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def suggestions_for(soup, field_id: str) -> dict[str, str]:
    """Theme slug -> the suggestion's text, in the suggestions beside this themes field."""
    box = soup.select_one(f'[data-kb-theme-suggestions][data-field="{field_id}"]')
    if box is None:
        return {}
    return {item["data-theme"]: " ".join(item.get_text(" ").split()) for item in box.select("li")}


def test_the_editor_suggests_themes_for_the_review_and_each_finding_and_recommendation(login):
    draft = create_review(
        live=False,
        title="Child S",
        summary="Child S died after co-sleeping.",
        themes=["domestic-abuse"],
        findings=[
            FindingFactory(text="Neglect was not recognised.", themes=[]),
            FindingFactory(text="Nobody spoke of co-sleeping.", themes=["sudi-safer-sleep"]),
            FindingFactory(text="Domestic abuse was known to the police.", themes=[]),
        ],
        recommendations=[RecommendationFactory(text="Improve information sharing about NAI.")],
    )
    soup = edit_view(login("Review panel"), draft)
    assert list(suggestions_for(soup, "id_themes")) == ["sudi-safer-sleep"]
    assert "named in the text: ‘co-sleeping’" in suggestions_for(soup, "id_themes")["sudi-safer-sleep"]
    assert list(suggestions_for(soup, "id_findings-0-themes")) == ["neglect"]
    assert suggestions_for(soup, "id_findings-1-themes") == {}  # tagged already
    assert suggestions_for(soup, "id_findings-2-themes") == {}  # its review is: search counts it as tagged
    assert set(suggestions_for(soup, "id_recommendations-0-themes")) == {"information-sharing", "non-accidental-injury"}
    button = soup.select_one('[data-field="id_findings-0-themes"] button[data-kb-add-theme]')
    assert button["data-kb-add-theme"] == "Neglect" and button.has_attr("hidden")  # shown by the script only


def test_the_editor_suggests_from_the_latest_draft_and_applies_nothing(login):
    page = create_review(title="Child T", findings=[FindingFactory(text="Practice was good.")])
    finding = page.findings.get()
    revision = page.save_revision()  # a draft over the published page: its text is what the panel reads
    draft = revision.as_object()
    draft.findings.all()[0].text = "Bruising in babies was not referred."
    draft.save_revision()
    soup = edit_view(login("Review panel"), ReviewPage.objects.get(pk=page.pk))
    assert list(suggestions_for(soup, "id_findings-0-themes")) == ["bruising-non-mobile-infants"]
    assert list(finding.themes.all()) == []


def test_the_editor_says_which_tagged_learning_a_finding_is_like(tagged_learning, login):
    draft = create_review(live=False, findings=[FindingFactory(text=LIKE_SLEEP)])
    soup = edit_view(login("Review panel"), draft)
    assert "like 3 tagged findings" in suggestions_for(soup, "id_findings-0-themes")["sudi-safer-sleep"]


def test_a_published_review_is_not_like_itself(meaning, committed, each_engine, login):
    with committed():
        import_records(*learning([LIKE_SLEEP], ["water-safety"]))  # another review carries the theme too
        page = create_review(
            findings=[FindingFactory(text=LIKE_SLEEP, themes=["water-safety"]), FindingFactory(text=LIKE_SLEEP)]
        )
    soup = edit_view(login("Review panel"), page)
    assert "water-safety" not in suggestions_for(soup, "id_findings-1-themes")  # one page alone is not enough


def test_the_learning_of_one_review_counts_once():
    def document(page_id: int, number: int, theme: str) -> SearchDocument:
        return SearchDocument(
            key=f"finding:{number}", kind="finding", page_id=page_id, title="", url="", themes=[theme]
        )

    one_review = [document(1, n, "water-safety") for n in (1, 2, 3)]
    assert alike([*one_review, document(2, 4, "sudi-safer-sleep"), document(3, 5, "sudi-safer-sleep")]) == {}
    three_reviews = [document(page, page, "sudi-safer-sleep") for page in (2, 3, 4)]
    assert alike([*one_review[:2], *three_reviews]) == {"sudi-safer-sleep": tuple(three_reviews)}


# ---- on a dry-run import ----------------------------------------------------------------------------------


def test_a_dry_run_prints_the_suggestions_and_writes_nothing(tagged_learning, tmp_path, capsys):
    record = ReviewRecordFactory(
        ref="DRY-1",
        summary="A review of co-sleeping.",
        themes=["domestic-abuse"],
        findings=[
            FindingFactory(text=LIKE_SLEEP),
            FindingFactory(text="Neglect.", themes=["neglect"]),
            FindingFactory(text="Domestic abuse."),
        ],
        recommendations=[RecommendationFactory(number="1", text="Agencies should improve information sharing.")],
    )
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps({"reviews": [record]}), encoding="utf-8")
    counts = (Page.objects.count(), Theme.objects.count(), Embedding.objects.count(), list(Theme.objects.values()))
    capsys.readouterr()
    call_command("import_reviews", str(path), "--dry-run")
    lines = capsys.readouterr().out.splitlines()
    sleep = Theme.objects.get(slug="sudi-safer-sleep").name
    assert f"DRY-1 review: suggested theme {sleep} (named in the text: ‘co-sleeping’)" in lines
    assert f"DRY-1 finding 1: suggested theme {sleep} (like 3 tagged findings)" in lines
    assert "DRY-1 recommendation 1: suggested theme Information sharing (named in the text: ‘information sharing’)" in (
        lines
    )
    assert not [line for line in lines if line.startswith(("DRY-1 finding 2:", "DRY-1 finding 3:"))]  # tagged already
    assert lines[-1] == "1 reviews are valid; nothing was written."
    assert (Page.objects.count(), Theme.objects.count(), Embedding.objects.count(), list(Theme.objects.values())) == (
        counts
    )


# ---- for text not yet saved -------------------------------------------------------------------------------

SUGGEST_NOW = "/admin/reviews/theme-suggestions/"


def test_a_findings_text_as_typed_gets_suggestions_without_saving(login):
    client = login("Review panel")
    response = client.post(SUGGEST_NOW, {"text": "The parents were co-sleeping; neglect.", "tagged": "Neglect"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [item["data-theme"] for item in soup.select("li")] == ["sudi-safer-sleep"]  # neglect is in the field
    nothing = BeautifulSoup(client.post(SUGGEST_NOW, {"text": "The panel met."}).content, "html.parser")
    assert nothing.get_text(strip=True) == "No themes suggested for this text."


def test_the_panel_of_a_finding_offers_suggestions_for_its_text_as_typed(login):
    draft = create_review(live=False, findings=[FindingFactory(text="Practice was good.")])
    soup = edit_view(login("Review panel"), draft)
    box = soup.select_one('[data-kb-theme-suggestions][data-field="id_findings-0-themes"]')
    assert (box["data-text-field"], box["data-url"], box["data-page"]) == (
        "id_findings-0-text",
        SUGGEST_NOW,
        str(draft.pk),
    )
    assert box.select_one("button[data-kb-suggest-now]").has_attr("hidden")  # shown by the script only
    assert "No themes suggested from the saved text." in box.get_text()
    assert soup.select_one('[data-field="id_themes"]') is None  # a review's summary is rich text: saved text only


def test_suggestions_for_text_as_typed_need_the_admin_and_a_post(client, login):
    assert client.post(SUGGEST_NOW, {"text": "co-sleeping"}).status_code == 302  # to the sign-in page
    assert login("Review panel").get(SUGGEST_NOW, {"text": "co-sleeping"}).status_code == 405
