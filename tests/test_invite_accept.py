"""The invite landing page and accepting: every refusal case, and the race."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from couples.models import Couple, Invite, Membership
from tests.conftest import client_for, make_couple, make_user
from tests.locks import posts_queued_behind


def open_link(client, token):
    """Open the invite link as the partner would; return the landing page."""
    response = client.get(f"/invite/{token}/")
    assert response.status_code == 302 and response.url == "/invite/"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    return client.get("/invite/")


def accept(client, token):
    open_link(client, token)
    return client.post("/invite/accept/")


@pytest.fixture
def invite(alice):
    couple = make_couple(alice)
    invite, token = Invite.issue(couple, alice)
    invite.token = token
    return invite


def test_landing_shows_the_inviter_to_a_visitor(anon_client, invite):
    response = open_link(anon_client, invite.token)
    assert response.status_code == 200
    assert b"Alice invited you" in response.content
    assert b"alice@example.com" not in response.content
    assert b"/accounts/signup/?next=/invite/" in response.content
    # The page the visitor stays on holds no token: it can't leak from there.
    assert invite.token.encode() not in response.content


def test_the_session_keeps_only_the_hash(anon_client, invite):
    open_link(anon_client, invite.token)
    assert invite.token not in str(dict(anon_client.session))


def test_accept_pairs_the_two_accounts(invite, bob, alice):
    client = client_for(bob)
    assert b"Accept and pair" in open_link(client, invite.token).content
    response = client.post("/invite/accept/")
    assert response.status_code == 302 and response.url == "/"
    assert b"You and Alice" in client.get("/").content
    assert b"You and Bob" in client_for(alice).get("/").content
    invite.refresh_from_db()
    assert invite.used_by == bob and invite.used_at is not None


def test_invite_is_single_use(invite, bob):
    accept(client_for(bob), invite.token)
    late = make_user("Eve")
    response = accept(client_for(late), invite.token)
    assert response.status_code == 410
    assert not Membership.objects.filter(user=late).exists()


def test_expired(invite, bob):
    Invite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = accept(client_for(bob), invite.token)
    assert response.status_code == 410
    assert b"expired" in response.content
    assert not Membership.objects.filter(user=bob).exists()


def test_expires_after_the_configured_days(invite, settings):
    assert abs((invite.expires_at - invite.created_at) - timedelta(days=settings.INVITE_TTL_DAYS)) < timedelta(seconds=5)


def test_revoked(invite, bob):
    Invite.objects.filter(pk=invite.pk).update(revoked_at=timezone.now())
    assert accept(client_for(bob), invite.token).status_code == 410


def test_unknown_token(bob_client, anon_client):
    assert open_link(anon_client, "nonsense").status_code == 404
    assert bob_client.post("/invite/accept/").status_code == 404


def test_own_invite(invite, alice):
    client = client_for(alice)
    assert open_link(client, invite.token).status_code == 403
    assert client.post("/invite/accept/").status_code == 403
    assert Membership.objects.filter(user=alice).count() == 1


def test_already_in_a_couple(invite, carol, other_couple):
    client = client_for(carol)
    assert open_link(client, invite.token).status_code == 409
    assert client.post("/invite/accept/").status_code == 409
    assert Membership.objects.filter(user=carol).count() == 1


def test_couple_already_full(invite, bob):
    Membership.objects.create(couple=invite.couple, user=make_user("Frank"))
    response = accept(client_for(bob), invite.token)
    assert response.status_code == 409
    assert not Membership.objects.filter(user=bob).exists()


def test_couple_ended(invite, bob):
    Couple.objects.filter(pk=invite.couple_id).update(ended_at=timezone.now())
    assert accept(client_for(bob), invite.token).status_code == 409


def test_accept_refuses_get(invite, bob):
    assert client_for(bob).get("/invite/accept/").status_code == 405


def test_accept_needs_login(invite, anon_client):
    open_link(anon_client, invite.token)
    response = anon_client.post("/invite/accept/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_landing_post_refused(invite, bob):
    assert client_for(bob).post(f"/invite/{invite.token}/").status_code == 405
    assert client_for(bob).post("/invite/").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_make_exactly_one_couple():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    alice = make_user("Alice")
    couple = make_couple(alice)
    invite, token = Invite.issue(couple, alice)
    racers = [make_user(f"Racer{i}") for i in range(4)]
    barrier = threading.Barrier(len(racers))
    statuses = []

    def accept(user):
        client = client_for(user)
        client.get(f"/invite/{token}/")
        barrier.wait()
        statuses.append(client.post("/invite/accept/").status_code)
        connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [302, 410, 410, 410]
    assert Membership.objects.filter(couple=couple, active=True).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_new_link_made_while_the_partner_accepts_does_not_deadlock():
    """Alice makes a new link at the moment Bob accepts the current one. The
    test holds the couple row so that Bob's accept queues for it first and
    Alice's request runs up to it second: if making a link locked the couple's
    invites before the couple (accepting takes the couple first), the two
    would wait for each other until PostgreSQL killed one."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    alice, bob = make_user("Alice"), make_user("Bob")
    couple = make_couple(alice)
    _, token = Invite.issue(couple, alice)
    alice_client, bob_client = client_for(alice), client_for(bob)
    bob_client.get(f"/invite/{token}/")
    statuses = posts_queued_behind(
        Couple.objects.filter(pk=couple.pk),
        ("accept", bob_client, "/invite/accept/"),
        ("new", alice_client, "/couple/invite/new/"),
    )
    # Bob is in; Alice's request finds the couple complete and sends her home
    # (a deadlock would be the 503 page for one of them).
    assert statuses == {"accept": 302, "new": 302}
    assert Membership.objects.filter(couple=couple, active=True).count() == 2
