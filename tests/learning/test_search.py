"""Learning pages in search: one `learning` hit per hub or briefing, with its themes, kept current on publish."""

import pytest

from kb.models import Theme
from learning.models import BriefingPage, LearningHubPage
from learning.search import learning_documents
from tests.factories import create_review

pytestmark = pytest.mark.django_db


def hub(index, **fields) -> LearningHubPage:
    body = [
        {"type": "text", "value": "<p>Cumulative harm from <b>chronic neglect</b>.</p>"},
        {"type": "reflective_questions", "value": ["Who keeps the chronology?"]},
        {"type": "learning_from_reviews", "value": {"themes": ["toxic-trio"], "count": 3}},
    ]
    page = LearningHubPage(title="Neglect Learning Hub", slug="neglect-hub", intro="A session.", body=body, **fields)
    page.themes.set([Theme.objects.get(slug="neglect")])
    index.add_child(instance=page)
    return page


def briefing(index) -> BriefingPage:
    page = BriefingPage(
        title="Was not brought",
        slug="was-not-brought",
        background="<p>Eleven missed appointments.</p>",
        why_it_matters="<p>A child cannot take themselves.</p>",
        key_points=[{"type": "point", "value": {"title": "Say was not brought", "text": "<p>Keep the focus.</p>"}}],
        things_to_note="<p>A letter is not enough.</p>",
        what_to_do="<ul><li>Phone the family.</li></ul>",
        reflective_questions=[{"type": "question", "value": "What happens after two missed appointments?"}],
    )
    page.themes.set([Theme.objects.get(slug="was-not-brought")])
    index.add_child(instance=page)
    return page


def test_a_hub_becomes_one_learning_document_of_its_own_words(index):
    (document,) = learning_documents(hub(index))
    assert (document.kind, document.title, document.url, document.ref) == (
        "learning",
        "Neglect Learning Hub",
        "/learning/neglect-hub/",
        "",
    )
    assert document.themes == ["neglect"] and document.theme_names == ["Neglect"]
    assert "Cumulative harm from chronic neglect." in document.text and "Who keeps the chronology?" in document.text
    assert "Toxic trio" not in document.text and "<b>" not in document.text


def test_a_briefing_document_holds_every_section(index):
    (document,) = learning_documents(briefing(index))
    for words in (
        "Eleven missed",
        "take themselves",
        "Keep the focus",
        "letter is not enough",
        "Phone the family",
        "two missed appointments",
    ):
        assert words in document.text


@pytest.mark.usefixtures("each_engine")
def test_published_learning_pages_are_found_with_their_themes(client, index, committed):
    with committed():
        create_review(ref="N-1", themes=["neglect"])
        hub(index).save_revision().publish()
        briefing(index).save_revision().publish()
    body = client.get("/api/search/", {"kind": "learning"}).json()
    assert body["count"] == 2
    results = {r["title"]: r for r in body["results"]}
    assert results["Neglect Learning Hub"]["url"] == "/learning/neglect-hub/"
    assert results["Neglect Learning Hub"]["themes"] == ["neglect"]
    assert results["Was not brought"]["review"] is None and results["Was not brought"]["kind_label"] == "Learning"
    found = client.get("/api/search/", {"q": "chronology", "kind": "learning"}).json()["results"]
    assert [r["title"] for r in found] == ["Neglect Learning Hub"]
    by_theme = client.get("/api/search/", {"theme": "was-not-brought"}).json()["results"]
    assert [r["kind"] for r in by_theme] == ["learning"]


@pytest.mark.usefixtures("each_engine")
def test_drafts_and_unpublished_learning_pages_are_not_found(client, index, committed):
    with committed():
        hub(index)
        page = briefing(index)
        page.save_revision().publish()
    assert [r["title"] for r in client.get("/api/search/", {"kind": "learning"}).json()["results"]] == [
        "Was not brought"
    ]
    with committed():
        page.unpublish()
    assert client.get("/api/search/", {"kind": "learning"}).json()["count"] == 0


@pytest.mark.usefixtures("each_engine")
def test_the_search_page_shows_learning_hits(client, index, committed):
    with committed():
        briefing(index).save_revision().publish()
    html = client.get("/search/", {"q": "letter"}).content.decode()
    assert "/learning/was-not-brought/" in html and "Learning" in html
