"""Invites: the token, the invite page, and its actions."""

import math
import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from couples.models import Couple, Invite, Membership, hash_token, new_token
from tests.conftest import client_for, committed, make_couple, make_user

LINK = re.compile(rb'value="(https?://[^"]+/invite/([A-Za-z0-9_-]+)/)"')


def start(client):
    response = client.post("/couple/start/")
    match = LINK.search(response.content)
    assert match, response.content
    return response, match.group(1).decode(), match.group(2).decode()


def test_token_has_at_least_128_bits():
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    # urlsafe base64: 6 bits per character.
    assert all(len(t) * 6 >= 128 for t in tokens)
    assert math.log2(64) * min(len(t) for t in tokens) >= 256


def test_only_the_hash_is_stored(lone):
    invite, token = Invite.issue(make_couple(lone), lone)
    invite.refresh_from_db()
    assert invite.token_hash == hash_token(token)
    stored = " ".join(str(getattr(invite, f.attname)) for f in Invite._meta.fields)
    assert token not in stored


def test_start_couple_shows_an_absolute_link(lone, lone_client):
    response, link, token = start(lone_client)
    assert response.status_code == 200
    assert link == f"http://testserver/invite/{token}/"
    assert "no-store" in response.headers["Cache-Control"] or "no-cache" in response.headers["Cache-Control"]
    membership = Membership.objects.get(user=lone, active=True)
    assert Invite.objects.usable().get(couple=membership.couple).token_hash == hash_token(token)


def test_double_start_makes_one_couple(lone, lone_client):
    start(lone_client)
    response = lone_client.post("/couple/start/")
    assert response.status_code == 302
    assert Couple.objects.count() == 1


def test_invite_page_never_shows_the_token_again(lone_client):
    _, _, token = start(lone_client)
    response = lone_client.get("/couple/invite/")
    assert response.status_code == 200
    assert token.encode() not in response.content
    assert b"can't show it again" in response.content


def test_new_link_revokes_the_old_one(lone_client, anon_client):
    _, _, old = start(lone_client)
    response = lone_client.post("/couple/invite/new/")
    new = LINK.search(response.content).group(2).decode()
    assert new != old
    assert anon_client.get(f"/invite/{old}/", follow=True).status_code == 410
    assert anon_client.get(f"/invite/{new}/", follow=True).status_code == 200


def test_revoke(lone_client, anon_client):
    _, _, token = start(lone_client)
    assert lone_client.post("/couple/invite/revoke/").status_code == 302
    response = anon_client.get(f"/invite/{token}/", follow=True)
    assert response.status_code == 410
    assert b"withdrawn" in response.content


def test_email_the_link(lone_client, mailoutbox):
    _, link, token = start(lone_client)
    with committed():
        response = lone_client.post("/couple/invite/email/", {"token": token, "email": "partner@example.com"})
    assert response.status_code == 200
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["partner@example.com"]
    assert link in mail.body
    assert "Lone" in mail.body
    assert mail.subject == "An invitation to Rekindle"


def test_email_bad_address_gets_a_message(lone_client, mailoutbox):
    _, _, token = start(lone_client)
    response = lone_client.post("/couple/invite/email/", {"token": token, "email": "not-an-address"})
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert not mailoutbox


def test_email_with_a_foreign_token_sends_nothing(lone_client, carol, mailoutbox):
    start(lone_client)
    _, foreign = Invite.issue(make_couple(carol), carol)
    response = lone_client.post("/couple/invite/email/", {"token": foreign, "email": "x@example.com"})
    assert response.status_code == 302
    assert not mailoutbox


@pytest.mark.parametrize("url", ["/couple/invite/new/", "/couple/invite/revoke/", "/couple/invite/email/", "/couple/start/"])
def test_actions_refuse_get(lone_client, url):
    start(lone_client) if url != "/couple/start/" else None
    assert lone_client.get(url).status_code == 405


@pytest.mark.parametrize("url", ["/couple/invite/new/", "/couple/invite/revoke/", "/couple/invite/email/"])
def test_actions_need_a_couple(lone_client, url):
    assert lone_client.post(url).status_code == 404


@pytest.mark.parametrize("url", ["/couple/invite/", "/couple/invite/new/", "/couple/start/", "/couple/leave/"])
def test_anonymous_is_sent_to_log_in(anon_client, url):
    response = anon_client.post(url) if url != "/couple/invite/" else anon_client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_invite_page_redirects_when_paired(alice_client, couple):
    assert alice_client.get("/couple/invite/").url == "/"


def test_invite_page_for_outsider_shows_nothing_of_others(carol_client, other_couple, alice, couple):
    # Carol's couple is complete: she is sent home, and cannot act on Alice's couple.
    assert carol_client.get("/couple/invite/").status_code == 302
    assert carol_client.post("/couple/invite/new/").status_code == 302
    assert not Invite.objects.filter(couple=couple).exists()


def test_email_is_limited_to_five_an_hour_per_person(lone, lone_client, carol, mailoutbox, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _, _, token = start(lone_client)

    def send(client, token, email):
        with committed():
            return client.post("/couple/invite/email/", {"token": token, "email": email})

    for n in range(5):
        assert send(lone_client, token, f"p{n}@example.com").status_code == 200
    response = send(lone_client, token, "p5@example.com")
    assert response.status_code == 429
    page = response.content.decode()
    assert "sent the link 5 times in the last hour" in page and 'role="alert"' in page
    assert token in page  # the link is still there to copy
    assert len(mailoutbox) == 5

    # A new link doesn't start a new count; someone else has their own.
    token = LINK.search(lone_client.post("/couple/invite/new/").content).group(2).decode()
    assert send(lone_client, token, "p5@example.com").status_code == 429
    _, _, carols = start(client_for(carol))
    assert send(client_for(carol), carols, "c@example.com").status_code == 200

    time_machine.shift(timedelta(minutes=61))
    assert send(lone_client, token, "p5@example.com").status_code == 200
    assert len(mailoutbox) == 7


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises all writers; the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_emails_are_counted_one_after_another(mailoutbox):
    """16 posts at once sent 16 e-mails while the count was read and written
    back unlocked; each now counts under a lock on the sender's row."""
    lone = make_user("Lone")
    _, _, token = start(client_for(lone))
    clients = [client_for(lone) for _ in range(16)]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def post(client, n):
        try:
            barrier.wait()
            statuses.append(client.post("/couple/invite/email/", {"token": token, "email": f"p{n}@example.com"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client, n)) for n, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) == [200] * 5 + [429] * 11
    assert len(mailoutbox) == 5


def test_email_with_the_mail_server_down_answers_at_once(lone_client, mail_server_down, caplog):
    """The mail is queued; the worker's failure to send it is logged without
    the address (tests/test_mail_queue.py: the real queue retries it)."""
    _, _, token = start(lone_client)
    with committed():
        response = lone_client.post("/couple/invite/email/", {"token": token, "email": "partner@example.com"})
    assert response.status_code == 200
    assert "We sent the link" in response.content.decode()
    assert "Mail not sent (attempt 1, ConnectionRefusedError)" in caplog.text
    assert "partner@example.com" not in caplog.text
