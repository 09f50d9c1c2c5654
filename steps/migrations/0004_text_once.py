from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Lower

LISTS = [("interest", ("author_id", "couple_id")), ("resentment", ("author_id", "couple_id")), ("connectionidea", ("couple_id",))]


def drop_duplicates(apps, schema_editor):
    """Before the constraints: of rows whose words differ only in capitals, keep the oldest."""
    for name, scope in LISTS:
        model = apps.get_model("steps", name)
        seen, extra = set(), []
        # Lowered by the database, exactly as the constraint will compare them.
        for row in model.objects.annotate(low=Lower("text")).order_by("pk").values("pk", "low", *scope):
            key = (*(row[f] for f in scope), row["low"])
            if key in seen:
                extra.append(row["pk"])
            seen.add(key)
        model.objects.filter(pk__in=extra).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("couples", "0002_checkin_remindersent"),
        ("steps", "0003_items_updated_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="connectionidea",
            constraint=models.UniqueConstraint(models.F("couple"), Lower("text"), name="idea_text_once"),
        ),
        migrations.AddConstraint(
            model_name="interest",
            constraint=models.UniqueConstraint(models.F("author"), models.F("couple"), Lower("text"), name="interest_text_once"),
        ),
        migrations.AddConstraint(
            model_name="resentment",
            constraint=models.UniqueConstraint(models.F("author"), models.F("couple"), Lower("text"), name="resentment_text_once"),
        ),
    ]
