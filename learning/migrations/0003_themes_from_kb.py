"""Learning pages' themes now point at the shared core's Theme (kb/models.py); no table changes."""

import django.db.models.deletion
import modelcluster.contrib.taggit
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0002_core_models"),
        ("learning", "0002_hubs_and_briefings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="briefingpage",
                    name="themes",
                    field=modelcluster.contrib.taggit.ClusterTaggableManager(
                        blank=True,
                        help_text="Themes from the vocabulary, so the page is found with the reviews on them.",
                        through="learning.BriefingTheme",
                        to="kb.Theme",
                        verbose_name="themes",
                    ),
                ),
                migrations.AlterField(
                    model_name="briefingtheme",
                    name="tag",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_items",
                        to="kb.theme",
                    ),
                ),
                migrations.AlterField(
                    model_name="learninghubpage",
                    name="themes",
                    field=modelcluster.contrib.taggit.ClusterTaggableManager(
                        blank=True,
                        help_text="Themes from the vocabulary, so the page is found with the reviews on them.",
                        through="learning.LearningHubTheme",
                        to="kb.Theme",
                        verbose_name="themes",
                    ),
                ),
                migrations.AlterField(
                    model_name="learninghubtheme",
                    name="tag",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_items",
                        to="kb.theme",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
