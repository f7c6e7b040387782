"""Documents follow the pages that use them: a report is served only to someone who may see its review."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import Resolver404, resolve
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

import kb.urls
from learning.models import LearningHubPage, LearningIndexPage
from tests.factories import attach_report, create_review, make_pdf, restrict

pytestmark = pytest.mark.django_db


def new_document(title: str = "Full report") -> Document:
    return Document.objects.create(title=title, file=ContentFile(make_pdf("Report text."), name="report.pdf"))


def download(client, document):
    return client.get(document.url)


def hub_linking(document) -> LearningHubPage:
    """A published hub whose resources list links this document."""
    block = {"type": "resources", "value": {"heading": "", "documents": [document.pk], "links": []}}
    hub = LearningHubPage(title="Resources hub", slug="resources-hub", body=[block])
    LearningIndexPage.objects.get().add_child(instance=hub)
    hub.save_revision().publish()
    return hub


def listed(client) -> set[int]:
    return {item["id"] for item in client.get("/api/v2/documents/").json()["items"]}


def test_a_published_reviews_report_is_public(client):
    document = attach_report(create_review(ref="DOC-1"), "Page one.")
    assert download(client, document).status_code == 200
    assert document.pk in listed(client)


def test_a_draft_reviews_report_is_served_only_to_its_editors(client, login):
    page = create_review(ref="DOC-2", live=False)
    document = new_document()
    page.report = document
    page.save_revision()  # the report is chosen in a draft: it lives only in the revision
    assert download(client, document).status_code == 404
    assert document.pk not in listed(client)
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
    assert download(login("Trainers"), document).status_code == 404
    assert download(login("Review panel"), document).status_code == 200


def test_the_new_report_of_a_live_reviews_draft_stays_private_until_approved(client):
    page = create_review(ref="DOC-3")
    published = attach_report(page, "Old report.")
    page.report = new_document("New report")
    page.save_revision()
    assert download(client, published).status_code == 200
    assert download(client, page.report).status_code == 404


@pytest.mark.parametrize("kind", ["login", "password", "groups"])
def test_a_private_reviews_report_is_not_public(client, login, kind):
    page = create_review(ref=f"DOC-{kind}")
    document = attach_report(page, "Private report.")
    restriction = restrict(page, kind, password="s3cret" if kind == "password" else "")
    if kind == "groups":
        restriction.groups.add(Group.objects.get(name="Review panel"))
    assert download(client, document).status_code == 404
    assert document.pk not in listed(client)
    practitioner = login("Practitioners")
    assert download(practitioner, document).status_code == (200 if kind == "login" else 404)


def test_linking_a_draft_reviews_report_from_a_published_hub_does_not_publish_it(client):
    page = create_review(ref="DOC-4", live=False)
    document = new_document("Draft report")
    page.report = document
    page.save()
    hub_linking(document)
    assert download(client, document).status_code == 404
    assert document.pk not in listed(client)
    assert "Draft report" not in client.get("/learning/resources-hub/").content.decode()


def test_a_document_linked_from_a_published_hub_is_public(client):
    document = new_document("Practice guide")
    hub_linking(document)
    assert download(client, document).status_code == 200
    assert document.pk in listed(client)


def test_an_unused_document_is_for_staff_only(client, login):
    document = new_document("Unattached")
    assert download(client, document).status_code == 404
    assert document.pk not in listed(client)
    assert download(login("Review panel"), document).status_code == 200


def test_the_media_folder_never_serves_documents_even_in_development():
    try:
        with override_settings(DEBUG=True):
            importlib.reload(kb.urls)
            with pytest.raises(Resolver404):
                resolve("/media/documents/report.pdf", urlconf=kb.urls)
            assert resolve("/media/original_images/photo.jpg", urlconf=kb.urls).kwargs["path"]
    finally:
        importlib.reload(kb.urls)


def test_the_file_of_a_live_reviews_report_cannot_be_swapped_in_the_admin(login):
    page = create_review(ref="DOC-5")
    document = attach_report(page, "Anonymised report.")
    stored = document.file.name
    panel = login("Review panel")
    new_file = SimpleUploadedFile("swapped.pdf", make_pdf("Child Q lives at AB1 2CD."), "application/pdf")
    response = panel.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": document.title, "collection": document.collection_id, "file": new_file, "tags": ""},
    )
    assert response.status_code == 200
    assert "cannot be replaced here" in response.content.decode()
    document.refresh_from_db()
    assert document.file.name == stored and document.file.storage.exists(stored)


def test_renaming_a_report_is_still_allowed(login):
    document = attach_report(create_review(ref="DOC-6"), "Report.")
    response = login("Review panel").post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Renamed report", "collection": document.collection_id, "tags": ""},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Renamed report"


def test_other_paths_cannot_swap_a_reports_file_either():
    document = attach_report(create_review(ref="DOC-7"), "Report.")
    document.file = ContentFile(b"%PDF-1.4 other", name="other.pdf")
    with pytest.raises(ValidationError, match="cannot be replaced"):
        document.save()


def test_an_unowned_documents_file_can_be_replaced(login):
    document = new_document("Guide")
    response = login("Review panel").post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": "Guide",
            "collection": document.collection_id,
            "file": SimpleUploadedFile("guide-2.pdf", make_pdf("New guide."), "application/pdf"),
            "tags": "",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert "guide-2" in document.file.name


def test_group_restricted_reviews_answer_like_missing_ones(client, login):
    page = create_review(ref="DOC-8")
    restriction = restrict(page, PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Review panel"))
    assert client.get(page.url).status_code == 404
    assert login("Practitioners").get(page.url).status_code == 404
    assert login("Review panel").get(page.url).status_code == 200
    missing = client.get("/reviews/no-such-review/")
    assert missing.status_code == 404
