"""Learning hubs: built by a trainer in the admin, with live learning from the search engine."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from learning.live import live_learning
from learning.models import LearningHubPage
from tests.factories import FindingFactory, RecommendationFactory, create_review

from .conftest import list_block

pytestmark = pytest.mark.django_db

LIVE_FORM = {"heading": "", "review_types": [], "show": "both", "year_from": "", "year_to": "", "count": "5"}
LIVE = {"heading": "", "themes": [], "review_types": [], "show": "both", "year_from": None, "year_to": None, "count": 5}


def add_url(index) -> str:
    return reverse("wagtailadmin_pages:add", args=("learning", "learninghubpage", index.pk))


def hub_form(body: list, live_themes=(), **extra) -> dict:
    """The add form as the admin posts it; a live block's theme choices are posted as a multi-value field."""
    data = nested_form_data(
        {
            "title": "Neglect Learning Hub",
            "slug": "neglect-hub",
            "intro": "A session on neglect.",
            "themes": "Neglect",
            "event_date": "2026-05-01",
            "event_place": "Town Hall",
            "body": streamfield(body),
            "action-publish": "action-publish",
            **extra,
        }
    )
    for position, (block_type, _) in enumerate(body):
        if block_type == "learning_from_reviews":
            data[f"body-{position}-value-themes"] = list(live_themes)
    return data


def publish_hub(index, body: list, title="A hub") -> LearningHubPage:
    """A published hub made in code, with a body in StreamField's raw form."""
    hub = LearningHubPage(title=title, slug=title.lower().replace(" ", "-"), body=body)
    index.add_child(instance=hub)
    hub.save_revision().publish()
    return hub


def live_block(**value) -> dict:
    return {"type": "learning_from_reviews", "value": {**LIVE, **value}}


def anchors(client, page) -> list[str]:
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [a["href"] for a in soup.find("main").find_all("a") if "/reviews/" in a["href"]]


def test_a_trainer_builds_a_hub_with_every_block_in_the_admin(trainer, index, committed, known_video):
    with committed():
        review = create_review(ref="NEG-1", title="Child N", findings=[FindingFactory(), FindingFactory()])
    document = Document.objects.create(title="Session slides", file=ContentFile(b"slides", name="slides.pdf"))
    body = [
        ("text", rich_text("<p>Neglect is the most common reason for a child protection plan.</p>")),
        ("learning_from_reviews", {**LIVE_FORM, "heading": "Latest learning"}),
        (
            "case_study",
            {"heading": "", "review": str(review.pk), "findings": list_block(["2"]), "commentary": rich_text("")},
        ),
        ("reflective_questions", list_block(["How do we see the child's daily life?"])),
        (
            "resources",
            {
                "heading": "",
                "documents": list_block([str(document.pk)]),
                "links": list_block([{"title": "Themes", "url": "/themes/neglect/"}]),
            },
        ),
        ("video", {"video": known_video, "caption": "A practitioner's view"}),
    ]
    with committed():
        response = trainer.post(add_url(index), hub_form(body, live_themes=["neglect"]))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    hub = LearningHubPage.objects.get(slug="neglect-hub")
    assert hub.live and [t.slug for t in hub.themes.all()] == ["neglect"]
    assert [block.block_type for block in hub.body] == [name for name, _ in body]
    html = trainer.get(hub.url).content.decode()
    for expected in (
        "Neglect is the most common",
        "Finding 2",
        "#finding-2",
        "How do we see the child",
        "Session slides",
        "/themes/neglect/",
        "youtube.com/embed/learning-demo",
        "1 May 2026",
        "Town Hall",
    ):
        assert expected in html


def test_the_admin_rejects_a_case_study_finding_the_review_does_not_have(trainer, index, committed):
    with committed():
        review = create_review(ref="NEG-2", findings=[FindingFactory()])
    body = [
        (
            "case_study",
            {"heading": "", "review": str(review.pk), "findings": list_block(["7"]), "commentary": rich_text("")},
        )
    ]
    response = trainer.post(add_url(index), hub_form(body))
    assert response.status_code == 200
    assert "has no finding numbered 7" in response.content.decode()
    assert not LearningHubPage.objects.exists()


def test_the_admin_rejects_years_in_the_wrong_order(trainer, index):
    body = [("learning_from_reviews", {**LIVE_FORM, "year_from": "2022", "year_to": "2019"})]
    response = trainer.post(add_url(index), hub_form(body))
    assert response.status_code == 200
    assert "Must not be before the" in response.content.decode()
    assert not LearningHubPage.objects.exists()


@pytest.mark.usefixtures("each_engine")
def test_a_review_published_after_the_hub_appears_on_it(client, index, committed):
    with committed():
        create_review(ref="OLD-1", published="2015-01-01", themes=["neglect"], findings=[FindingFactory()])
        hub = publish_hub(index, [live_block(themes=["neglect"])])
    assert anchors(client, hub) == ["/reviews/old-1/#finding-1"]
    with committed():
        create_review(
            ref="NEW-1",
            published=datetime.date.today().isoformat(),
            themes=["neglect"],
            findings=[FindingFactory(text="A new finding about neglect.")],
            recommendations=[RecommendationFactory(number="1")],
        )
    found = anchors(client, hub)
    assert "/reviews/new-1/#finding-1" in found and "/reviews/new-1/#recommendation-1" in found
    assert found.index("/reviews/new-1/#finding-1") < found.index("/reviews/old-1/#finding-1")


@pytest.mark.usefixtures("each_engine")
def test_live_learning_matches_any_chosen_theme_and_the_other_filters(index, committed):
    with committed():
        create_review(ref="A-1", type="scr", published="2016-01-01", themes=["neglect"], findings=[FindingFactory()])
        create_review(
            ref="B-1", type="sar", published="2018-01-01", themes=["self-neglect"], findings=[FindingFactory()]
        )
        create_review(
            ref="C-1",
            type="scr",
            published="2021-01-01",
            themes=["domestic-abuse"],
            findings=[FindingFactory()],
            recommendations=[RecommendationFactory(number="1")],
        )
        create_review(
            ref="D-1", type="scr", published="2022-01-01", themes=["neglect"], findings=[FindingFactory()], live=False
        )

    def urls(**value):
        return [r["url"] for r in live_learning({**LIVE, "count": 10, **value})]

    assert urls(themes=["neglect", "self-neglect"]) == ["/reviews/b-1/#finding-1", "/reviews/a-1/#finding-1"]
    assert urls(review_types=["sar"]) == ["/reviews/b-1/#finding-1"]
    assert urls(year_from=2017, year_to=2020) == ["/reviews/b-1/#finding-1"]
    assert urls(show="recommendation") == ["/reviews/c-1/#recommendation-1"]
    assert len(urls(count=2)) == 2


@pytest.mark.usefixtures("each_engine")
def test_live_learning_spreads_across_reviews(committed):
    with committed():
        create_review(ref="MANY-1", published="2024-01-01", themes=["neglect"], findings=FindingFactory.build_batch(5))
        create_review(ref="ONE-1", published="2010-01-01", themes=["neglect"], findings=[FindingFactory()])
    urls = [r["url"] for r in live_learning({**LIVE, "themes": ["neglect"], "count": 3})]
    assert urls == ["/reviews/many-1/#finding-1", "/reviews/many-1/#finding-2", "/reviews/one-1/#finding-1"]


@pytest.mark.usefixtures("each_engine")
def test_live_results_use_the_search_result_serializer(committed):
    with committed():
        create_review(ref="SER-1", themes=["neglect"], findings=[FindingFactory(text="Hunger at school.")])
    (result,) = live_learning({**LIVE, "themes": ["neglect"]})
    assert result["kind"] == "finding" and result["review"]["ref"] == "SER-1"
    assert result["theme_links"] == [("neglect", "Neglect")]


def test_a_hub_still_renders_when_search_is_unavailable(client, index, settings):
    hub = publish_hub(index, [live_block(themes=["neglect"])])
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # a closed port: the engine is unreachable
    settings.KB_SEARCH_TIMEOUT = 0.5
    response = client.get(hub.url)
    assert response.status_code == 200
    assert "cannot be shown at the moment" in response.content.decode()


def test_a_case_study_of_an_unpublished_review_shows_nothing(client, index, committed):
    with committed():
        review = create_review(ref="DRAFT-1", title="Child Q", findings=[FindingFactory(text="Secret draft text.")])
    case = {"type": "case_study", "value": {"heading": "", "review": review.pk, "findings": [1], "commentary": ""}}
    hub = publish_hub(index, [case])
    assert "Secret draft text." in client.get(hub.url).content.decode()
    review.unpublish()
    assert "Secret draft text." not in client.get(hub.url).content.decode()


def test_the_learning_index_lists_published_hubs_only(client, index):
    publish_hub(index, [], title="Published hub")
    draft = LearningHubPage(title="Draft hub", slug="draft-hub", live=False)
    index.add_child(instance=draft)
    html = client.get(index.url).content.decode()
    assert "Published hub" in html and "Draft hub" not in html


def test_an_expired_hub_is_hidden_at_once(client, index):
    hub = publish_hub(index, [], title="Expired hub")
    LearningHubPage.objects.filter(pk=hub.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(hub.url).status_code == 404
    assert "Expired hub" not in client.get(index.url).content.decode()
