"""Issue 19 point 12: a partial disability is priced from the injuries of the table (PP 44/2015 Lampiran III) or
from a percentage the medical adviser set; the claim records the injury codes, which figure was used and whether
the worker is left-handed. Claims reported before carry a typed percentage: it was the medical adviser's figure."""

from typing import Any

from django.db import migrations, models


def typed_percent_was_the_adviser(apps: Any, schema_editor: Any) -> None:
    Claim = apps.get_model("benefits", "Claim")
    Claim.objects.filter(kind="partial_disability", disability_percent__isnull=False).update(
        disability_basis="adviser"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0003_heir_work_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="disability_basis",
            field=models.CharField(
                blank=True,
                choices=[("table", "the table"), ("adviser", "the medical adviser")],
                max_length=10,
                verbose_name="disability percentage set by",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="disability_injuries",
            field=models.JSONField(blank=True, default=list, verbose_name="injuries (partial disability table)"),
        ),
        migrations.AddField(
            model_name="claim",
            name="disability_left_handed",
            field=models.BooleanField(default=False, verbose_name="left-handed"),
        ),
        migrations.RunPython(typed_percent_was_the_adviser, migrations.RunPython.noop),
    ]
