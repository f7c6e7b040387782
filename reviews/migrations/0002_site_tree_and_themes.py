"""Every freshly migrated database gets the shipped theme taxonomy and the site's page tree."""

from django.db import migrations

from kb.taxonomy import load_themes


def load_shipped_themes(apps, schema_editor):
    load_themes(apps.get_model("reviews", "Theme"))


def create_site_tree(apps, schema_editor):
    """Replace Wagtail's welcome page with our home page, a review index and the Learning Hub."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("reviews", "HomePage")
    ReviewIndexPage = apps.get_model("reviews", "ReviewIndexPage")
    LearningIndexPage = apps.get_model("learning", "LearningIndexPage")

    Page.objects.filter(depth=2, slug="home").delete()
    locale = Locale.objects.first() or Locale.objects.create(language_code="en")

    def content_type(model):
        return ContentType.objects.get_or_create(app_label=model._meta.app_label, model=model._meta.model_name)[0]

    home = HomePage.objects.create(
        title="Case Review Learning",
        draft_title="Case Review Learning",
        slug="home",
        content_type=content_type(HomePage),
        path="00010001",
        depth=2,
        numchild=2,
        url_path="/home/",
        locale=locale,
        intro="Learning from serious case reviews, child safeguarding practice reviews, safeguarding adults "
        "reviews, domestic homicide reviews and multi-agency audits, searchable down to each finding "
        "and recommendation.",
    )
    for position, (model, slug, title) in enumerate(
        [(ReviewIndexPage, "reviews", "Reviews"), (LearningIndexPage, "learning", "Learning Hub")], start=1
    ):
        model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type(model),
            path=f"00010001{position:04d}",
            depth=3,
            numchild=0,
            url_path=f"/home/{slug}/",
            locale=locale,
        )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Case Review Learning")


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("learning", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(load_shipped_themes, migrations.RunPython.noop),
        migrations.RunPython(create_site_tree, migrations.RunPython.noop),
    ]
