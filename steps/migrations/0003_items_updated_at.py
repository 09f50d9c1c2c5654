from django.db import migrations, models
from django.db.models import F

ITEMS = ["interest", "mypart", "resentment", "sharedvalue"]


def from_created_at(apps, schema_editor):
    # Not the migration's own time: an item shared before its author paused
    # sharing would otherwise look changed since, and vanish for the partner.
    for name in ITEMS:
        apps.get_model("steps", name).objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("steps", "0002_idea_author_optional"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name, name="updated_at", field=models.DateTimeField(auto_now=True))
            for name in ITEMS
        ),
        migrations.RunPython(from_created_at, migrations.RunPython.noop),
    ]
