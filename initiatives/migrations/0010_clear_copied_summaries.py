"""Clear the summaries that importing copied from an initiative's first paragraph.

The initiative page shows its reports' text, so such a summary was printed twice. A summary
staff wrote stays; reversing leaves the cleared ones empty.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef


def clear_copied_summaries(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    Paragraph = apps.get_model("initiatives", "Paragraph")
    copied = Paragraph.objects.filter(
        position=0, report__initiatives=OuterRef("pk"), text=OuterRef("summary")
    )
    Initiative.objects.exclude(summary="").filter(Exists(copied)).update(summary="")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0009_theme_and_indicator_keywords"),
    ]

    operations = [
        migrations.RunPython(clear_copied_summaries, migrations.RunPython.noop, elidable=True),
    ]
