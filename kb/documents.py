"""Who may download a document: documents follow the pages that use them.

A document is served to someone who may see a page that uses it (kb/visibility.py), or to a member of staff
who may work on it in the admin. A document *owned* by a page, such as a review's full report, follows its
owner alone: it is public only while a visible owner's live content uses it, so neither a draft review's
report, nor the new report of a live review's unpublished draft, nor one linked from a published hub is
public. Ownership is read from the page rows and from every revision, since a draft's choices live only in
its revisions. Apps declare which page fields own documents with `register_owner()` in AppConfig.ready().

Which pages use any other document is read from Wagtail's reference index, which records the links of each
page's live row (not of its unpublished drafts), for foreign keys and StreamField blocks alike.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, CharField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from wagtail.documents import get_document_model, get_permission_policy
from wagtail.models import Page, ReferenceIndex, Revision

from .visibility import visible, visible_to

STAFF_ACTIONS = ("change", "choose")


@dataclass(frozen=True)
class OwnerField:
    """A page model's ForeignKey whose documents belong to the page."""

    model: type
    field: str

    def rows_owning(self, document_pks):
        """Pages whose own row points at one of these documents."""
        return self.model.objects.filter(**{f"{self.field}__in": document_pks})

    def revisions(self):
        """Every revision of every page of this model (drafts included)."""
        return Revision.objects.filter(content_type=ContentType.objects.get_for_model(self.model))

    def owned(self) -> Q:
        """Documents this field points at in any page row or revision."""
        rows = self.model.objects.filter(**{f"{self.field}__isnull": False}).values(self.field)
        drafts = self.revisions().annotate(document_pk=Cast(KT(f"content__{self.field}"), BigIntegerField()))
        return Q(pk__in=rows) | Q(pk__in=drafts.filter(document_pk__isnull=False).values("document_pk"))

    def publicly_owned_documents(self):
        """Ids of the documents the live content of a visible page points at."""
        return visible(self.model.objects.all()).filter(**{f"{self.field}__isnull": False}).values(self.field)

    def owners(self, document) -> list:
        """The pages (of this model) that point at the document now or in any revision."""
        in_revisions = (
            self.revisions()
            .annotate(document_pk=Cast(KT(f"content__{self.field}"), BigIntegerField()))
            .filter(document_pk=document.pk)
            .annotate(page_pk=Cast("object_id", BigIntegerField()))
            .values("page_pk")
        )
        return list(self.model.objects.filter(Q(**{self.field: document}) | Q(pk__in=in_revisions)))


_OWNER_FIELDS: list[OwnerField] = []


def register_owner(model, field: str) -> None:
    """Documents this page field points at are owned by the page: they are exactly as visible as it is."""
    owner = OwnerField(model, field)
    if owner not in _OWNER_FIELDS:
        _OWNER_FIELDS.append(owner)


def owners_of(document) -> list[tuple[OwnerField, Page]]:
    """(owner field, page) for every page owning this document."""
    return [(owner, page) for owner in _OWNER_FIELDS for page in owner.owners(document)]


def owned_file_replacement_error(document) -> str:
    """Why this document's file may not be replaced, or "" when it may: an owned document's file changes only by
    attaching a new document to its owner, which then goes through the owner's workflow."""
    owners = [page for _, page in owners_of(document)]
    if not owners:
        return ""
    names = ", ".join(str(page.specific) for page in owners)
    return (
        f"This document belongs to {names}, so its file cannot be replaced here. Upload the new file as a new "
        "document, attach it on the page and submit the page for publication."
    )


def refuse_replacing_owned_files(sender, instance, raw=False, **kwargs) -> None:
    """pre_save of the document model: the same rule for every path that bypasses the admin form."""
    if raw or not instance.pk:
        return
    stored = type(instance).objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if stored is not None and stored != instance.file.name:
        error = owned_file_replacement_error(instance)
        if error:
            raise ValidationError(error)


def pages_using(document):
    """The pages whose live content links to this document."""
    references = ReferenceIndex.get_references_to(document).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    return Page.objects.filter(
        pk__in=references.annotate(page_pk=Cast("object_id", BigIntegerField())).values("page_pk")
    )


def staff_may_see(user, document, owners: list[Page]) -> bool:
    """An owned document: its owner's editors. Any other: whoever may choose or change it in the admin."""
    if not user.is_authenticated:
        return False
    if owners:
        return any(owner.permissions_for_user(user).can_edit() for owner in owners)
    return get_permission_policy().user_has_any_permission_for_instance(user, STAFF_ACTIONS, document)


def may_see_document(request, document) -> bool:
    """May this request download this document?"""
    owned = owners_of(document)
    if staff_may_see(request.user, document, [page for _, page in owned]):
        return True
    if owned:
        return any(
            getattr(page, f"{owner.field}_id") == document.pk and visible_to(page, request) for owner, page in owned
        )
    return any(visible_to(page, request) for page in pages_using(document).specific())


def public_documents(documents=None):
    """The documents anyone may download: used by a page the public may see, and not owned by a hidden page."""
    documents = get_document_model().objects.all() if documents is None else documents
    visible_pages = visible(Page.objects.all()).annotate(key=Cast("pk", CharField())).values("key")
    used = (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            to_content_type=ContentType.objects.get_for_model(documents.model),
            object_id__in=visible_pages,
        )
        .annotate(document_pk=Cast("to_object_id", BigIntegerField()))
        .values("document_pk")
    )
    public = documents.filter(pk__in=used)
    for owner in _OWNER_FIELDS:
        hidden = owner.owned() & ~Q(pk__in=owner.publicly_owned_documents())
        public = public.exclude(hidden)
    return public
