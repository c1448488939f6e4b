"""Follow-up actions record the day they were closed (done or dropped), so that "late" can be judged at a meeting's
date; actions closed before this migration take the day of their last update."""

from typing import Any

from django.db import migrations, models
from django.utils import timezone


def backfill(apps: Any, schema_editor: Any) -> None:
    action = apps.get_model("compliance", "FollowUpAction")
    for pk, updated_at in action.objects.filter(status__in=("done", "dropped")).values_list("pk", "updated_at"):
        action.objects.filter(pk=pk).update(closed_on=timezone.localtime(updated_at).date())


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_letters")]

    operations = [
        migrations.AddField(
            model_name="followupaction",
            name="closed_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
