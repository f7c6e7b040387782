"""Themes, partnerships and agencies become the shared core's models (kb/models.py). Their tables keep their names
(reviews_theme, reviews_partnership, reviews_agency), so only Django's idea of which app owns them changes; their
content types (and so their permissions, with the groups holding them) move with them."""

import modelsearch.index
from django.db import migrations, models

MOVED = ("theme", "partnership", "agency")


def move_content_types(apps, schema_editor, source="reviews", target="kb"):
    """Give each moved model's content type (and with it its permissions and their holders) to the new app.

    The old content type holds the history, so it wins: a new one made meanwhile (Django creates content types for
    every model after each migrate) is folded into it, its permissions' holders moved onto the old permissions."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is not None:
            fold_permissions(apps, new, old)
            new.delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def fold_permissions(apps, extra, kept) -> None:
    """Whoever holds a permission of the extra content type gets the same permission of the kept one."""
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type=extra):
        same = Permission.objects.filter(content_type=kept, codename=permission.codename).first()
        if same is not None:
            for group in permission.group_set.all():
                group.permissions.add(same)
            for user in permission.user_set.all():
                user.user_permissions.add(same)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="kb", target="reviews")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("kb", "0001_roles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Agency",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=255, unique=True)),
                    ],
                    options={
                        "verbose_name_plural": "agencies",
                        "db_table": "reviews_agency",
                        "ordering": ["name"],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="Partnership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=255, unique=True)),
                        ("website", models.URLField(blank=True)),
                        (
                            "nation",
                            models.CharField(
                                choices=[
                                    ("england", "England"),
                                    ("wales", "Wales"),
                                    ("scotland", "Scotland"),
                                    ("northern-ireland", "Northern Ireland"),
                                ],
                                default="england",
                                max_length=20,
                            ),
                        ),
                        (
                            "business_team_email",
                            models.EmailField(
                                blank=True,
                                help_text="Where reminders of review deadlines go, beside the lead reviewer.",
                                max_length=254,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "reviews_partnership",
                        "ordering": ["name"],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="Theme",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                        (
                            "slug",
                            models.SlugField(allow_unicode=True, max_length=100, unique=True, verbose_name="slug"),
                        ),
                        (
                            "group",
                            models.CharField(
                                choices=[
                                    ("harm-children", "Abuse and harm to children"),
                                    ("harm-adults", "Abuse and harm to adults"),
                                    ("family", "Family and parental context"),
                                    ("person", "The child or adult at the centre"),
                                    ("practice", "Professional practice"),
                                    ("systems", "Systems and processes"),
                                    ("safety", "Deaths, accidents and safety"),
                                ],
                                max_length=40,
                            ),
                        ),
                        ("description", models.TextField(blank=True)),
                        (
                            "synonyms",
                            models.TextField(
                                blank=True,
                                help_text="One per line: abbreviations and other phrasings found in reports (e.g. NAI).",
                            ),
                        ),
                        ("related", models.ManyToManyField(blank=True, related_name="+", to="kb.theme")),
                    ],
                    options={
                        "verbose_name": "theme",
                        "db_table": "reviews_theme",
                        "ordering": ["name"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
