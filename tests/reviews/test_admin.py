"""Editors create every type of review in the Wagtail admin, with findings, recommendations and themes."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from kb.models import Agency, Partnership, Theme
from kb.vocabulary import ReviewType
from reviews.models import ReviewIndexPage, ReviewPage

pytestmark = pytest.mark.django_db

TYPE_FIELDS = {
    "rapid": {"notified_date": "2021-01-04", "decision": "lcspr"},
    "audit": {"audit_type": "deep_dive", "sample_size": "35"},
}


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("panel", "panel@example.org", "pw"))
    return client


def review_form(review_type: str, **extra) -> dict:
    partnership = Partnership.objects.get_or_create(name="Northvale Safeguarding Children Partnership")[0]
    police = Agency.objects.get_or_create(name="Police")[0]
    data = {
        "title": f"Child J ({review_type})",
        "slug": f"child-j-{review_type}",
        "ref": f"NV-{review_type.upper()}-2021-03",
        "review_type": review_type,
        "subject": "Child J",
        "partnership": str(partnership.pk),
        "review_status": "published",
        "published_date": "2021-06-30",
        "age_band": "under-1",
        "summary": rich_text("<p>Child J was seen by many agencies.</p>"),
        "themes": "Neglect, Domestic abuse",
        "agencies": [str(police.pk)],
        "findings": inline_formset(
            [
                {
                    "text": "Information was not shared between the GP and health visitor.",
                    "themes": '"Information sharing",',
                }
            ]
        ),
        "recommendations": inline_formset(
            [
                {
                    "number": "1",
                    "text": "Health visiting should share concerns with GPs.",
                    "agency": str(police.pk),
                    "status": "open",
                    "due_date": "2022-01-31",
                    "themes": "",
                }
            ]
        ),
        "action-publish": "action-publish",
        **TYPE_FIELDS.get(review_type, {}),
        **extra,
    }
    return nested_form_data(data)


def add_url() -> str:
    return reverse("wagtailadmin_pages:add", args=("reviews", "reviewpage", ReviewIndexPage.objects.get().pk))


@pytest.mark.parametrize("review_type", ReviewType.values)
def test_each_review_type_can_be_created_and_published_in_the_admin(editor, review_type):
    response = editor.post(add_url(), review_form(review_type))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = ReviewPage.objects.get(ref=f"NV-{review_type.upper()}-2021-03")
    assert page.live and page.review_type == review_type
    assert sorted(t.slug for t in page.themes.all()) == ["domestic-abuse", "neglect"]
    finding = page.findings.get()
    assert (finding.number, [t.slug for t in finding.themes.all()]) == (1, ["information-sharing"])
    assert page.recommendations.get().agency.name == "Police"
    assert editor.get(page.url).status_code == 200


def test_themes_come_from_the_vocabulary_only(editor):
    # The widget only offers existing themes; anything else posted is discarded, never created.
    editor.post(add_url(), review_form("scr", themes="Neglect, Astrology"))
    assert [t.slug for t in ReviewPage.objects.get().themes.all()] == ["neglect"]
    assert not Theme.objects.filter(name__iexact="astrology").exists()


def test_type_specific_fields_are_rejected_on_other_types(editor):
    response = editor.post(add_url(), review_form("scr", decision="lcspr"))
    assert response.status_code == 200
    assert "Only rapid reviews" in str(response.context["form"].errors)


def test_refs_are_unique(editor):
    editor.post(add_url(), review_form("scr"))
    response = editor.post(add_url(), review_form("scr", slug="another"))
    assert response.status_code == 200
    assert ReviewPage.objects.count() == 1


def test_administrators_edit_themes_and_synonyms_as_snippets(editor):
    theme = Theme.objects.get(slug="neglect")
    url = reverse("wagtailsnippets_kb_theme:edit", args=(theme.pk,))
    assert editor.get(url).status_code == 200
    data = {
        "name": "Neglect",
        "slug": "neglect",
        "group": "harm-children",
        "description": "",
        "synonyms": "neglectful care\nstarvation",
    }
    response = editor.post(url, data)
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.synonym_list == ["neglectful care", "starvation"]
