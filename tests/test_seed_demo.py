"""seed_demo makes the partners the tools log in as (tools/client.py)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from couples import weeks
from couples.models import CheckIn
from tools import client
from tests.dashboards import shared_pages


@pytest.mark.django_db
def test_generated_partners_are_the_ones_the_tools_log_in_as(capsys):
    call_command("seed_demo", couples=3, weeks=2, verbosity=0)
    assert capsys.readouterr().out == ""
    generated = User.objects.filter(email__endswith=client.SEEDED.removeprefix("%"))
    assert generated.count() == 4
    this_week = weeks.monday_of(timezone.now().date())
    for user in generated:
        assert user.check_password(client.PASSWORD)
        assert list(CheckIn.objects.filter(user=user).values_list("week_start", flat=True).order_by("week_start")) == [
            this_week - timedelta(weeks=1),
            this_week,
        ]


@pytest.mark.django_db
def test_the_demo_couple_keeps_its_comparison():
    """Demo people answered the safety check with no yes: their side-by-side shows."""
    from tests.conftest import client_for

    call_command("seed_demo", verbosity=0)
    sam = User.objects.get(email="sam@demo.rekindle.example")
    assert sam.safety_checks.count() == 1 and not sam.comparison_off
    page = shared_pages(client_for(sam))
    assert "Every part" in page
    assert "private check" not in page
