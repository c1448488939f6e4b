"""Issue 19 point 7: a heir's bare "employed" flag becomes a kind of work (pu, bpu, apprentice) with the number of
consecutive months as PU. An old "employed = true" becomes PU of unknown duration, which still ends the
scholarship (the same outcome as before; the months can be filled in later)."""

from typing import Any

from django.db import migrations, models


def employed_to_work(apps: Any, schema_editor: Any) -> None:
    Heir = apps.get_model("benefits", "Heir")
    Heir.objects.filter(employed=True).update(work="pu", work_months=None)


def work_to_employed(apps: Any, schema_editor: Any) -> None:
    Heir = apps.get_model("benefits", "Heir")
    Heir.objects.exclude(work="").update(employed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0002_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="heir",
            name="work",
            field=models.CharField(
                blank=True,
                choices=[("pu", "pu"), ("bpu", "bpu"), ("apprentice", "apprentice")],
                max_length=12,
                verbose_name="work",
            ),
        ),
        migrations.AddField(
            model_name="heir",
            name="work_months",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="consecutive months as PU"
            ),
        ),
        migrations.RunPython(employed_to_work, work_to_employed),
        migrations.RemoveField(
            model_name="heir",
            name="employed",
        ),
    ]
