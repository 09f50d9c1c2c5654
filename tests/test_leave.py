import pytest
from django.db import connection
from django.utils import timezone

from couples.access import pair_for
from couples.models import Couple, Invite, Membership
from tests.conftest import HTMX, client_for, make_couple, make_user
from tests.locks import posts_queued_behind


def test_confirmation_page(alice_client, couple):
    response = alice_client.get("/couple/leave/")
    assert response.status_code == 200
    assert b"ends the couple for you and Bob" in response.content


def test_leaving_ends_the_couple_for_both(alice, bob, alice_client, bob_client, couple, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes once the ending is committed
        assert alice_client.post("/couple/leave/").status_code == 302
    assert [m.to for m in mailoutbox] == [["bob@example.com"]]
    assert "has ended" in mailoutbox[0].body and "Alice" not in mailoutbox[0].body
    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert pair_for(alice) is None and pair_for(bob) is None
    content = bob_client.get("/").content
    assert b"Make my invite link" in content
    assert b"Alice" not in content


def test_leaving_a_half_couple_revokes_the_invite(lone, lone_client):
    lone_client.post("/couple/start/")
    assert lone_client.post("/couple/leave/").status_code == 302
    assert not Invite.objects.usable().exists()


def test_each_can_start_again(alice_client, couple):
    alice_client.post("/couple/leave/")
    assert alice_client.post("/couple/start/").status_code == 200
    assert Couple.objects.filter(ended_at=None).count() == 1


def test_outsider_and_unpaired_get_404(lone_client, carol_client, couple, other_couple):
    assert lone_client.get("/couple/leave/").status_code == 404
    carol_client.post("/couple/leave/")
    couple.refresh_from_db()
    assert couple.ended_at is None


def test_anonymous(anon_client):
    assert anon_client.post("/couple/leave/").url.startswith("/accounts/login/")


def test_wrong_method(alice_client, couple):
    assert alice_client.put("/couple/leave/").status_code == 405


def test_leaving_works_when_the_mail_server_is_down(
    alice, bob, alice_client, couple, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post("/couple/leave/")
    assert response.status_code == 302 and response.url == "/"
    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert pair_for(alice) is None and pair_for(bob) is None
    assert "Mail not sent (attempt 1, ConnectionRefusedError)" in caplog.text
    assert "bob@example.com" not in caplog.text


def test_the_partner_is_mailed_only_once_the_couple_has_ended(alice_client, couple, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:  # collected, not run: as if the request had not committed yet
        alice_client.post("/couple/leave/")
    assert not mailoutbox and len(callbacks) == 1


def test_a_second_click_on_leave_goes_home_gently(alice, alice_client, couple, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post("/couple/leave/")
        response = alice_client.post("/couple/leave/")
    assert response.status_code == 302 and response.url == "/"
    assert "no couple to leave" in alice_client.get("/").content.decode()
    assert len(mailoutbox) == 1  # Bob hears it once


def test_leave_after_the_partner_left_goes_home(alice_client, bob_client, couple):
    bob_client.post("/couple/leave/")
    response = alice_client.post("/couple/leave/")
    assert response.status_code == 302 and response.url == "/"


def test_an_ended_couple_is_nobodys_couple(alice, bob, alice_client, couple):
    """Even with a membership left active (as the race below once left one),
    an ended couple shows its data to no one."""
    Couple.objects.filter(pk=couple.pk).update(ended_at=timezone.now())
    assert Membership.objects.filter(couple=couple, active=True).count() == 2
    assert pair_for(alice) is None and pair_for(bob) is None
    assert alice_client.get("/dashboard/panel/status/", headers=HTMX).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_leaving_while_the_partner_accepts_leaves_no_one_in_an_ended_couple():
    """Bob accepts the invite at the moment Alice leaves. The test holds a row
    lock that stops Bob's accept just before it commits (he has joined, not yet
    committed), lets Alice's leave run into it, then lets both finish: Bob must
    not end up as the one active member of an ended couple."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    alice, bob = make_user("Alice"), make_user("Bob")
    couple = make_couple(alice)
    _, token = Invite.issue(couple, alice)
    held, _ = Invite.issue(couple, alice)  # accepting withdraws the couple's other links: it waits for this one
    alice_client, bob_client = client_for(alice), client_for(bob)
    bob_client.get(f"/invite/{token}/")
    # Bob's accept, its membership written, waits on the held link to finish;
    # Alice's leave then waits too.
    statuses = posts_queued_behind(
        Invite.objects.filter(pk=held.pk),
        ("accept", bob_client, "/invite/accept/"),
        ("leave", alice_client, "/couple/leave/"),
    )
    assert statuses == {"accept": 302, "leave": 302}
    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert not Membership.objects.filter(couple=couple, active=True).exists()
    assert pair_for(bob) is None


def test_the_leave_page_offers_pausing_instead(alice, alice_client, couple):
    page = alice_client.get("/couple/leave/").content.decode()
    assert "Pause sharing instead" in page
    assert 'action="/profile/pause/"' in page
    response = alice_client.post("/profile/pause/", {"paused": "1"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.sharing_paused_at is not None and pair_for(alice) is not None  # paused, not ended
    # Already paused: the page does not offer it again.
    assert "Pause sharing instead" not in alice_client.get("/couple/leave/").content.decode()


def test_waiting_alone_there_is_no_pause_to_offer(lone, lone_client):
    make_couple(lone)
    assert b"Pause sharing instead" not in lone_client.get("/couple/leave/").content
