"""Themes, partnerships and agencies moved to the shared core (kb/migrations/0002); the reviews' foreign keys now
point there. Nothing changes in the database: the tables and columns are the same."""

import django.db.models.deletion
import modelcluster.contrib.taggit
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_themes_from_kb"),
        ("kb", "0002_core_models"),
        ("reviews", "0008_timeline_permissions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="recommendation",
                    name="agency",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recommendations",
                        to="kb.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="reviewpage",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="reviews", to="kb.partnership"
                    ),
                ),
                migrations.AlterField(
                    model_name="reviewtimeline",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="timelines", to="kb.partnership"
                    ),
                ),
                migrations.AlterField(
                    model_name="partnershiptimescale",
                    name="partnership",
                    field=modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="timescales", to="kb.partnership"
                    ),
                ),
                migrations.RemoveField(
                    model_name="theme",
                    name="related",
                ),
                migrations.AlterField(
                    model_name="reviewtheme",
                    name="tag",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_items",
                        to="kb.theme",
                    ),
                ),
                migrations.AlterField(
                    model_name="findingtheme",
                    name="tag",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_items",
                        to="kb.theme",
                    ),
                ),
                migrations.AlterField(
                    model_name="recommendationtheme",
                    name="tag",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_items",
                        to="kb.theme",
                    ),
                ),
                migrations.AlterField(
                    model_name="finding",
                    name="themes",
                    field=modelcluster.contrib.taggit.ClusterTaggableManager(
                        blank=True,
                        help_text="A comma-separated list of tags.",
                        through="reviews.FindingTheme",
                        to="kb.Theme",
                        verbose_name="Tags",
                    ),
                ),
                migrations.AlterField(
                    model_name="recommendation",
                    name="themes",
                    field=modelcluster.contrib.taggit.ClusterTaggableManager(
                        blank=True,
                        help_text="A comma-separated list of tags.",
                        through="reviews.RecommendationTheme",
                        to="kb.Theme",
                        verbose_name="Tags",
                    ),
                ),
                migrations.AlterField(
                    model_name="reviewpage",
                    name="agencies",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, related_name="reviews", to="kb.agency"
                    ),
                ),
                migrations.AlterField(
                    model_name="reviewpage",
                    name="themes",
                    field=modelcluster.contrib.taggit.ClusterTaggableManager(
                        blank=True,
                        help_text="A comma-separated list of tags.",
                        through="reviews.ReviewTheme",
                        to="kb.Theme",
                        verbose_name="Tags",
                    ),
                ),
                migrations.DeleteModel(
                    name="Agency",
                ),
                migrations.DeleteModel(
                    name="Partnership",
                ),
                migrations.DeleteModel(
                    name="Theme",
                ),
            ],
            database_operations=[],
        ),
    ]
