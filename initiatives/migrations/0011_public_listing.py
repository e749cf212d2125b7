"""The public listing's tables (models/listing.py); 0012 fills them and keeps them filled."""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0010_clear_copied_summaries"),
    ]

    operations = [
        migrations.CreateModel(
            name="CountyTally",
            fields=[
                (
                    "county",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="initiatives.county",
                    ),
                ),
                ("reports", models.IntegerField(default=0)),
                ("initiatives", models.IntegerField(default=0)),
                ("figures", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "县区计数",
                "verbose_name_plural": "县区计数",
                "ordering": ["county"],
            },
        ),
        migrations.CreateModel(
            name="FigureTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("unit", models.CharField(max_length=20)),
                ("base_unit", models.CharField(max_length=20)),
                ("qualifier", models.CharField(max_length=12)),
                ("kind", models.CharField(max_length=10)),
                ("figures", models.IntegerField()),
                (
                    "county",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.county",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.indicator",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "数据计数",
                "verbose_name_plural": "数据计数",
                "ordering": ["county", "pk"],
                "indexes": [
                    models.Index(
                        models.F("indicator"),
                        models.F("county"),
                        name="initiatives_tally_indicator",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        models.F("county"),
                        django.db.models.functions.comparison.Coalesce("theme", models.Value(0)),
                        django.db.models.functions.comparison.Coalesce(
                            "indicator", models.Value(0)
                        ),
                        models.F("unit"),
                        models.F("base_unit"),
                        models.F("qualifier"),
                        models.F("kind"),
                        name="initiatives_figuretally_unique_group",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PublicFigure",
            fields=[
                (
                    "figure",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="listing",
                        serialize=False,
                        to="initiatives.figure",
                    ),
                ),
                ("county_position", models.PositiveSmallIntegerField()),
                ("published_on", models.DateField(null=True)),
                ("paragraph_position", models.PositiveSmallIntegerField()),
                ("start", models.PositiveIntegerField()),
                ("amount", models.DecimalField(decimal_places=4, max_digits=20)),
                ("unit", models.CharField(max_length=20)),
                ("base_unit", models.CharField(max_length=20)),
                ("qualifier", models.CharField(max_length=12)),
                ("kind", models.CharField(max_length=10)),
                ("basis", models.CharField(max_length=10)),
                ("as_of", models.DateField(null=True)),
                (
                    "county",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.county",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.indicator",
                    ),
                ),
                (
                    "initiative",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.initiative",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.report",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "公开数据",
                "verbose_name_plural": "公开数据",
                "ordering": ["figure"],
                "indexes": [
                    models.Index(
                        models.F("amount"), models.F("figure"), name="initiatives_public_amount"
                    ),
                    models.Index(
                        models.F("county"),
                        models.F("amount"),
                        models.F("figure"),
                        name="initiatives_pub_county_amount",
                    ),
                    models.Index(models.F("initiative"), name="initiatives_pub_initiative"),
                ],
            },
        ),
        migrations.CreateModel(
            name="PublicInitiative",
            fields=[
                (
                    "initiative",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="listing",
                        serialize=False,
                        to="initiatives.initiative",
                    ),
                ),
                ("county_position", models.PositiveSmallIntegerField()),
                ("title", models.CharField(max_length=200)),
                ("figure_count", models.IntegerField()),
                ("first_on", models.DateField(null=True)),
                ("latest_on", models.DateField(null=True)),
                (
                    "county",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.county",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "公开工作举措",
                "verbose_name_plural": "公开工作举措",
                "ordering": ["initiative"],
                "indexes": [
                    models.Index(
                        models.F("county_position"),
                        models.F("title"),
                        models.F("initiative"),
                        name="initiatives_pubini_order",
                    ),
                    models.Index(
                        models.F("county"),
                        models.F("title"),
                        models.F("initiative"),
                        name="initiatives_pubini_county",
                    ),
                    models.Index(
                        models.F("title"), models.F("initiative"), name="initiatives_pubini_title"
                    ),
                    models.Index(
                        models.F("latest_on"),
                        models.F("initiative"),
                        name="initiatives_pubini_latest",
                    ),
                    models.Index(
                        models.F("figure_count"),
                        models.F("initiative"),
                        name="initiatives_pubini_figures",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SeriesPoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("basis", models.CharField(max_length=10)),
                ("month", models.DateField(null=True)),
                ("as_of", models.DateField(null=True)),
                ("published_on", models.DateField(null=True)),
                ("paragraph_position", models.PositiveSmallIntegerField()),
                ("start", models.PositiveIntegerField()),
                (
                    "county",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.county",
                    ),
                ),
                (
                    "figure",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.figure",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.indicator",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.report",
                    ),
                ),
            ],
            options={
                "verbose_name": "月度最新数据",
                "verbose_name_plural": "月度最新数据",
                "ordering": ["indicator", "county", "-month"],
                "indexes": [models.Index(models.F("figure"), name="initiatives_point_figure")],
                "constraints": [
                    models.UniqueConstraint(
                        models.F("indicator"),
                        models.F("county"),
                        models.F("basis"),
                        django.db.models.functions.comparison.Coalesce(
                            "month", models.Value("0001-01-01", output_field=models.DateField())
                        ),
                        name="initiatives_seriespoint_unique_month",
                    )
                ],
            },
        ),
    ]
