"""The four roles as groups: Practitioners, Trainers, Review panel and Administrators.

Practitioners read the public site and have no admin permissions. Trainers edit the Learning Hub only.
The review panel edits reviews and the partnership and agency lists. Administrators hold every permission
that exists when this runs (a group cannot be superuser), and every page and collection permission.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_ALL = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
PAGE_EDIT = ("add", "change", "publish")
# Reviews are published only through the "Review publication" workflow (anonymisation check, then the
# panel chair), so the panel may draft and submit them but not publish them directly.
REVIEW_EDIT = ("add", "change")
TRAINER_DOCUMENTS = ("add", "choose")
PANEL_DOCUMENTS = ("add", "change", "choose")
COLLECTION_ALL = ("add", "change", "delete", "choose")
PANEL_MODELS = ["reviews.add_partnership", "reviews.change_partnership", "reviews.add_agency", "reviews.change_agency"]
ROLES = ("Practitioners", "Trainers", "Review panel", "Administrators")


def ensure_permissions(apps):
    """Permission rows are normally made after all migrations; make them now so groups can hold them."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)


def permission(apps, label: str):
    """The Permission named 'app_label.codename'."""
    app_label, codename = label.split(".")
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def section(apps, model_label: str):
    """The id of the (only) page of this type: the review index or the Learning Hub index."""
    page = apps.get_model(*model_label.split(".")).objects.order_by("pk").first()
    if page is None:
        raise RuntimeError(f"No {model_label} page: the site tree migration should have created one.")
    return page.pk


def grant_pages(apps, group, page_id: int, actions) -> None:
    """Page permissions on this page and everything below it."""
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for action in actions:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=page_id, permission=permission(apps, f"wagtailcore.{action}_page")
        )


def grant_collections(apps, group, app_label: str, model: str, actions) -> None:
    """Document or image permissions on the root collection, so on every collection."""
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.get(depth=1)
    for action in actions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission(apps, f"{app_label}.{action}_{model}")
        )


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    access_admin = permission(apps, "wagtailadmin.access_admin")

    trainers = groups["Trainers"]
    trainers.permissions.add(access_admin)
    grant_pages(apps, trainers, section(apps, "learning.LearningIndexPage"), PAGE_EDIT)
    grant_collections(apps, trainers, "wagtaildocs", "document", TRAINER_DOCUMENTS)

    panel = groups["Review panel"]
    panel.permissions.add(access_admin, *(permission(apps, label) for label in PANEL_MODELS))
    grant_pages(apps, panel, section(apps, "reviews.ReviewIndexPage"), REVIEW_EDIT)
    grant_collections(apps, panel, "wagtaildocs", "document", PANEL_DOCUMENTS)

    # Panel chairs give the final approval in the review workflow, which publishes as them.
    chairs = Group.objects.get_or_create(name="Panel chairs")[0]
    chairs.permissions.add(access_admin)
    grant_pages(apps, chairs, section(apps, "reviews.ReviewIndexPage"), PAGE_EDIT)

    administrators = groups["Administrators"]
    administrators.permissions.set(Permission.objects.all())
    root_page = apps.get_model("wagtailcore", "Page").objects.get(depth=1)
    grant_pages(apps, administrators, root_page.pk, PAGE_ALL)
    grant_collections(apps, administrators, "wagtaildocs", "document", COLLECTION_ALL)
    grant_collections(apps, administrators, "wagtailimages", "image", COLLECTION_ALL)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("reviews", "0002_site_tree_and_themes"),
        ("learning", "0002_hubs_and_briefings"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
