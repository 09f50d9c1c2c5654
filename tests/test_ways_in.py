"""Ways in: an invite opened signed out survives every way through sign-up
or log-in (the header's links carry no `next`, e-mail confirmation, another
tab), lands on the invite, and pairs only on the person's own click."""

import re

import pytest

from couples.models import Invite, Membership
from tests.conftest import PASSWORD, client_for, committed, make_couple, make_user

SIGNUP = {"display_name": "Sam", "email": "sam@example.com", "password1": PASSWORD, "password2": PASSWORD, "time_zone": "UTC"}


@pytest.fixture
def token(alice):
    _, token = Invite.issue(make_couple(alice), alice)
    return token


def _not_paired(email):
    return not Membership.objects.filter(user__email=email).exists()


def test_sign_up_from_the_header_link_lands_on_the_invite(anon_client, token):
    anon_client.get(f"/invite/{token}/")
    response = anon_client.post("/accounts/signup/", SIGNUP)  # the header's link: no next
    assert response.status_code == 302 and response.url == "/invite/"
    assert _not_paired("sam@example.com")  # never without their click
    assert b"Accept and pair" in anon_client.get("/invite/").content


def test_log_in_from_the_header_link_lands_on_the_invite(anon_client, token, bob):
    anon_client.get(f"/invite/{token}/")
    response = anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/invite/"
    assert _not_paired("bob@example.com")


def test_log_in_on_another_tab_lands_on_the_invite(anon_client, token, bob):
    """Two tabs share the session: the link opened in one, the log-in page
    already open in the other, sent before the link was opened."""
    login_page = anon_client.get("/accounts/login/")
    assert login_page.status_code == 200
    anon_client.get(f"/invite/{token}/")
    response = anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    assert response.url == "/invite/"


def test_e_mail_confirmation_lands_on_the_invite(anon_client, token, settings, mailoutbox):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    anon_client.get(f"/invite/{token}/")
    with committed():
        response = anon_client.post("/accounts/signup/", SIGNUP)
    assert "confirm-email" in response.url
    (mail,) = [m for m in mailoutbox if m.to == ["sam@example.com"]]
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.body).group(1)
    response = anon_client.post(link)
    assert response.status_code == 302 and response.url == "/invite/"
    assert _not_paired("sam@example.com")
    assert b"Accept and pair" in anon_client.get("/invite/").content


def test_without_an_invite_the_usual_landing_page(anon_client, bob):
    response = anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    assert response.url == "/"


def test_an_explicit_next_still_wins(anon_client, token, bob):
    anon_client.get(f"/invite/{token}/")
    response = anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD, "next": "/help/"})
    assert response.url == "/help/"


def test_the_unpaired_home_shows_the_pending_invite(anon_client, token, bob):
    anon_client.get(f"/invite/{token}/")
    anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    page = anon_client.get("/").content.decode()
    assert "Alice invited you" in page
    assert 'href="/invite/"' in page
    assert _not_paired("bob@example.com")


def test_the_home_forgets_an_invite_that_no_longer_works(anon_client, token, bob, alice):
    anon_client.get(f"/invite/{token}/")
    anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    Invite.objects.update(revoked_at="2020-01-01T00:00:00Z")
    assert "invited you" not in anon_client.get("/").content.decode()


def test_a_used_invite_after_log_in_says_so(anon_client, token, bob):
    anon_client.get(f"/invite/{token}/")
    carol = make_user("Carol")
    carol_client = client_for(carol)
    carol_client.get(f"/invite/{token}/")
    carol_client.post("/invite/accept/")
    response = anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    assert response.url == "/invite/"
    assert anon_client.get("/invite/").status_code == 410


def test_the_inviter_sees_no_invite_on_their_own_home(alice_client, token, alice):
    alice_client.get(f"/invite/{token}/")
    # She is in her own couple, waiting: her home is the invite page, never an "accept".
    response = alice_client.get("/", follow=True)
    assert b"invited you" not in response.content
