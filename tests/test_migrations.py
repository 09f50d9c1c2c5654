"""Data migrations, run forward from the state before them."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


def models_before(app: str, migration: str, *names: str) -> list:
    """Migrate back until `migration` of `app` is the last applied; the models named ("app.Model") as they were then."""
    executor = MigrationExecutor(connection)
    before = [(app, migration)]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    return [old.get_model(*name.split(".")) for name in names]


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_memberships_left_active_in_ended_couples_are_released(transactional_db):
    User, Couple, Membership = models_before("couples", "0002_checkin_remindersent", "accounts.User", "couples.Couple", "couples.Membership")
    ben = User.objects.create(email="ben@example.com", display_name="Ben")
    ana = User.objects.create(email="ana@example.com", display_name="Ana")
    ended = Couple.objects.create(ended_at=timezone.now())
    stranded = Membership.objects.create(couple=ended, user=ben, active=True)
    current = Membership.objects.create(couple=Couple.objects.create(), user=ana, active=True)

    migrate_to_latest()

    from couples.models import Membership as Now

    assert Now.objects.get(pk=stranded.pk).active is False
    assert Now.objects.get(pk=current.pk).active is True


def test_ideas_left_by_deleted_accounts_are_deleted(transactional_db):
    User, Couple, Idea = models_before("steps", "0004_text_once", "accounts.User", "couples.Couple", "steps.ConnectionIdea")
    couple = Couple.objects.create()
    kept = Idea.objects.create(couple=couple, added_by=User.objects.create(email="ana@example.com"), text="Walks")
    Idea.objects.create(couple=couple, added_by=None, text="Written by someone who deleted their account")

    migrate_to_latest()

    from steps.models import ConnectionIdea

    assert list(ConnectionIdea.objects.values_list("pk", flat=True)) == [kept.pk]
