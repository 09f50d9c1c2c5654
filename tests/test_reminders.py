"""`manage.py send_checkin_reminders`: one neutral e-mail per partner per week,
to those who haven't checked in by the couple's check-in day."""

import io
import threading
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from couples.access import end_couple
from couples.models import ReminderSent
from couples.reminders import send_reminders
from tests.checkins import make_checkin
from tests.conftest import committed, make_couple, make_user

THIS_WEEK = date(2026, 11, 23)
SATURDAY = datetime(2026, 11, 28, 12, tzinfo=UTC)
SUNDAY_MORNING = datetime(2026, 11, 29, 10, tzinfo=UTC)  # the default check-in day, after 09:00


@pytest.fixture
def sunday():
    with time_machine.travel(SUNDAY_MORNING, tick=False) as traveller:
        yield traveller


def remind() -> int:
    """One run of the reminders, its mail queued as its commit would."""
    with committed():
        return send_reminders()


def recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def test_partners_who_have_not_checked_in_get_one_neutral_email(couple, sunday, mailoutbox):
    out = io.StringIO()
    with committed():
        call_command("send_checkin_reminders", stdout=out)
    assert out.getvalue() == "Sent 2 reminders.\n"
    assert recipients(mailoutbox) == ["alice@example.com", "bob@example.com"]
    message = next(m for m in mailoutbox if m.to == ["alice@example.com"])
    assert message.subject == "Your weekly Rekindle check-in"
    assert "Hello Alice," in message.body
    assert "http://127.0.0.1:8000/checkin/" in message.body
    assert "To turn them off" in message.body and "http://127.0.0.1:8000/profile/" in message.body
    assert "&" not in message.body  # plain text, not HTML-escaped
    assert set(ReminderSent.objects.values_list("week_start", flat=True)) == {THIS_WEEK}


def test_running_again_sends_nothing_more(couple, sunday, mailoutbox):
    assert remind() == 2
    assert remind() == 0
    sunday.shift(3600 * 5)
    assert remind() == 0
    assert len(mailoutbox) == 2
    assert ReminderSent.objects.count() == 2


def test_the_next_week_gets_its_own_reminder(couple, sunday, mailoutbox):
    remind()
    sunday.move_to(datetime(2026, 12, 6, 10, tzinfo=UTC))
    assert remind() == 2
    assert len(mailoutbox) == 4


def test_nothing_before_the_checkin_day(couple, mailoutbox):
    with time_machine.travel(SATURDAY, tick=False):
        assert remind() == 0
    with time_machine.travel(datetime(2026, 11, 29, 8, 30, tzinfo=UTC), tick=False):  # Sunday, before 09:00
        assert remind() == 0
    assert mailoutbox == []


def test_checkin_day_is_the_couples_own_day_in_its_time_zone(couple, mailoutbox):
    couple.checkin_day = 2  # Wednesday
    couple.time_zone = "Pacific/Auckland"
    couple.save()
    with time_machine.travel(datetime(2026, 11, 24, 19, 30, tzinfo=UTC), tick=False):  # Wed 08:30 in Auckland
        assert remind() == 0
    with time_machine.travel(datetime(2026, 11, 24, 20, 30, tzinfo=UTC), tick=False):  # Wed 09:30 in Auckland
        assert remind() == 2


def test_partner_who_checked_in_gets_none(couple, alice, sunday, mailoutbox):
    make_checkin(couple, alice, THIS_WEEK)
    remind()
    assert recipients(mailoutbox) == ["bob@example.com"]


def test_last_weeks_checkin_does_not_count(couple, alice, sunday, mailoutbox):
    make_checkin(couple, alice, date(2026, 11, 16))
    remind()
    assert recipients(mailoutbox) == ["alice@example.com", "bob@example.com"]


def test_unsubscribed_partner_gets_none(couple, bob, sunday, mailoutbox):
    bob.checkin_reminders = False
    bob.save()
    remind()
    assert recipients(mailoutbox) == ["alice@example.com"]
    assert not ReminderSent.objects.filter(user=bob).exists()


def test_unsubscribe_switch_in_the_profile_stops_them(couple, bob, bob_client, sunday, mailoutbox):
    response = bob_client.post("/profile/", {"display_name": "Bob", "time_zone": "UTC"})
    assert response.status_code == 302
    remind()
    assert recipients(mailoutbox) == ["alice@example.com"]


def test_incomplete_and_ended_couples_get_none(alice, bob, lone, sunday, mailoutbox):
    make_couple(lone)  # still waiting for a partner
    end_couple(make_couple(alice, bob))
    assert remind() == 0
    assert mailoutbox == []


def test_several_couples_in_one_run(couple, other_couple, carol, sunday, mailoutbox):
    make_checkin(other_couple, carol, THIS_WEEK)
    remind()
    assert recipients(mailoutbox) == ["alice@example.com", "bob@example.com", "dan@example.com"]


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises all writers; the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_one_email_per_partner(sunday, mailoutbox):
    make_couple(make_user("Alice"), make_user("Bob"))
    for n in range(5):
        make_couple(make_user(f"A{n}"), make_user(f"B{n}"))
    barrier = threading.Barrier(6)
    sent = []

    def run():
        try:
            barrier.wait()
            sent.append(send_reminders())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 12
    assert len(mail.outbox) == 12
    assert len(set(recipients(mail.outbox))) == 12
    assert ReminderSent.objects.count() == 12
