"""The many-to-many tables of sources become citations with paragraphs: the tables stay, with their rows."""

import django.db.models.deletion
from django.db import migrations, models

import makerspaces.models.sources


def citation(name, subject, subject_model, ordering):
    return migrations.CreateModel(
        name=name,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            (
                subject,
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="citations",
                    to=f"makerspaces.{subject_model}",
                ),
            ),
            (
                "source",
                models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to="makerspaces.source"),
            ),
        ],
        options={
            "db_table": f"makerspaces_{subject}_sources",
            "unique_together": {(subject, "source")},
            "ordering": ordering,
            "verbose_name": "citation",
            "abstract": False,
        },
    )


SUBJECTS = [
    ("SpaceSource", "space", "space", "spaces", ["space__name_en", "source__published_on", "source__slug"]),
    (
        "OperatorSource",
        "operator",
        "operator",
        "operators",
        ["operator__name_en", "source__published_on", "source__slug"],
    ),
    ("RegionSource", "region", "region", "regions", ["region__path", "source__published_on", "source__slug"]),
    ("PersonSource", "person", "person", "people", ["person__name_en", "source__published_on", "source__slug"]),
]


class Migration(migrations.Migration):
    dependencies = [("makerspaces", "0006_kept_counts")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                operation
                for name, subject, model, related_name, ordering in SUBJECTS
                for operation in (
                    citation(name, subject, model, ordering),
                    migrations.AlterField(
                        model_name=model,
                        name="sources",
                        field=models.ManyToManyField(
                            blank=True,
                            related_name=related_name,
                            through=f"makerspaces.{name}",
                            through_fields=(subject, "source"),
                            to="makerspaces.source",
                        ),
                    ),
                )
            ],
            database_operations=[],
        ),
        *(
            migrations.AddField(
                model_name=name.lower(),
                name="paragraphs",
                field=models.CharField(
                    blank=True,
                    default="",
                    help_text="The paragraphs that speak of it, for example 1, 3, 4 (¶ 1 is the first of the body).",
                    max_length=100,
                    validators=[makerspaces.models.sources.validate_paragraph_list],
                ),
                preserve_default=False,
            )
            for name, *_ in SUBJECTS
        ),
    ]
