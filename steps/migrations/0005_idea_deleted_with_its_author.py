import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def delete_ideas_of_deleted_accounts(apps, schema_editor):
    """Until now an idea outlived its author's account, without an author."""
    apps.get_model("steps", "ConnectionIdea").objects.filter(added_by=None).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("steps", "0004_text_once"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(delete_ideas_of_deleted_accounts, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="connectionidea",
            name="added_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
    ]
