"""Pause sharing: while on, nothing new of mine reaches my partner; they see only that it is paused."""

import re
from datetime import timedelta

from django.utils import timezone

from couples.models import CheckIn
from couples.weeks import current_week
from steps.models import Interest
from tests.checkins import form_data, make_checkin
from tests.conftest import HTMX


def pause(client):
    assert client.post("/profile/pause/", {"paused": "1"}).status_code == 302


def test_switch_on_and_off(alice, alice_client):
    pause(alice_client)
    alice.refresh_from_db()
    assert alice.sharing_paused_at is not None
    assert b"Resume sharing" in alice_client.get("/profile/").content
    alice_client.post("/profile/pause/", {"paused": "0"})
    alice.refresh_from_db()
    assert alice.sharing_paused_at is None


def test_new_checkins_stay_hidden_while_paused(alice, bob, alice_client, bob_client, couple):
    pause(alice_client)
    alice_client.post("/checkin/", form_data(couple, closeness="3", appreciation_note="PAUSED-NOTE"))
    bob_client.post("/checkin/", form_data(couple, appreciation_note="Bob's note"))
    for page in ("/checkin/", "/checkin/history/", "/"):
        content = bob_client.get(page).content.decode()
        assert "PAUSED-NOTE" not in content, page
    assert "Alice has paused sharing for now." in bob_client.get("/checkin/").content.decode()
    # Mutual: Alice doesn't get Bob's note in return for a check-in Bob can't see.
    assert "Bob&#x27;s note" not in alice_client.get("/checkin/").content.decode()

    alice_client.post("/profile/pause/", {"paused": "0"})
    assert "PAUSED-NOTE" in bob_client.get("/checkin/history/").content.decode()


def test_what_was_shared_before_the_pause_stays(alice, bob, alice_client, bob_client, couple):
    week = current_week(couple) - timedelta(weeks=1)
    make_checkin(couple, alice, week, appreciation_note="Before the pause", updated_at=timezone.now() - timedelta(days=3))
    make_checkin(couple, bob, week)
    pause(alice_client)
    assert "Before the pause" in bob_client.get("/checkin/history/").content.decode()


def test_nothing_new_can_be_shared_in_the_steps(alice, alice_client, bob_client, couple):
    item = Interest.objects.create(author=alice, couple=couple, text="SECRET-INTEREST")
    pause(alice_client)
    alice_client.post(f"/steps/share/interest/{item.pk}/", {"shared": "1"})
    item.refresh_from_db()
    assert item.shared is False
    assert b"SECRET-INTEREST" not in bob_client.get("/steps/1/").content


def test_pause_needs_login_and_post(anon_client, alice_client):
    assert anon_client.post("/profile/pause/", {"paused": "1"}).url.startswith("/accounts/login/")
    assert alice_client.get("/profile/pause/").status_code == 405


def test_the_switch_is_private(alice_client, bob_client, couple):
    pause(alice_client)
    assert b"Resume sharing" not in bob_client.get("/profile/").content
    assert CheckIn.objects.count() == 0


def test_the_partners_status_says_paused_not_a_false_not_yet(alice, alice_client, bob_client, couple):
    """Her check-in after pausing is hidden from Bob; "Not yet" would tell him
    she hasn't done it, which may not be true."""
    pause(alice_client)
    alice_client.post("/checkin/", form_data(couple))
    status = bob_client.get("/dashboard/panel/status/", headers=HTMX).content.decode()
    partner_cells = re.findall(r"<td>([^<]*)</td>\s*</tr>", status)
    assert partner_cells[:3] == ["Paused", "Paused", "Paused"]  # two questionnaires, this week's check-in
    assert "Done" not in status
