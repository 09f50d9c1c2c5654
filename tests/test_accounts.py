"""Sign-up, log-in, log-out, password reset and verification through allauth."""

import logging
import re

from django.core.cache import cache

from accounts.models import User
from couples.models import Invite
from tests.conftest import PASSWORD, committed, make_couple

SIGNUP = {
    "display_name": "  Sam   Rivers ",
    "email": "sam@example.com",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "time_zone": "Europe/Berlin",
}


def test_signup_asks_for_the_name_the_partner_sees(anon_client, db):
    content = anon_client.get("/accounts/signup/").content.decode()
    assert 'name="display_name"' in content
    assert "Your partner will see this name." in content
    assert 'name="username"' not in content


def test_signup_with_email_and_password(anon_client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    response = anon_client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="sam@example.com")
    assert user.display_name == "Sam Rivers"
    assert user.time_zone == "Europe/Berlin"
    assert user.password.startswith("argon2")
    assert anon_client.get("/").status_code == 200


def test_signup_bad_time_zone_falls_back_to_utc(anon_client, db):
    anon_client.post("/accounts/signup/", SIGNUP | {"time_zone": "Mars/Olympus"})
    assert User.objects.get(email="sam@example.com").time_zone == "UTC"


def test_signup_errors_are_shown_on_the_form(anon_client, db):
    response = anon_client.post("/accounts/signup/", SIGNUP | {"display_name": " ", "password1": "short", "password2": "short"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Please enter the name your partner knows you by." in content
    assert "too short" in content
    assert 'aria-invalid="true"' in content
    assert not User.objects.exists()


def test_signup_comes_back_to_the_invite(anon_client, alice):
    invite, token = Invite.issue(make_couple(alice), alice)
    anon_client.get(f"/invite/{token}/")
    response = anon_client.post("/accounts/signup/?next=/invite/", SIGNUP | {"next": "/invite/"})
    assert response.status_code == 302
    assert response.url == "/invite/"
    assert b"Accept and pair" in anon_client.get("/invite/").content


def test_login_comes_back_to_the_invite(anon_client, alice, bob):
    invite, token = Invite.issue(make_couple(alice), alice)
    anon_client.get(f"/invite/{token}/")
    response = anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD, "next": "/invite/"})
    assert response.status_code == 302
    assert response.url == "/invite/"
    assert b"Accept and pair" in anon_client.get("/invite/").content


def test_login_wrong_password_gets_a_message(anon_client, bob):
    response = anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": "wrong-password-123"})
    assert response.status_code == 200
    assert b"not correct" in response.content


def test_logout(bob_client):
    response = bob_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert bob_client.get("/couple/invite/").status_code == 302


def test_password_reset_sends_mail(anon_client, bob, mailoutbox, caplog):
    caplog.set_level(logging.INFO, logger="rekindle.security")
    with committed():
        response = anon_client.post("/accounts/password/reset/", {"email": "bob@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mailoutbox[0].body).group(1)
    page = anon_client.get(link, follow=True)
    assert page.status_code == 200
    new_password = "another-long-passphrase-7"
    done = anon_client.post(page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    assert done.status_code == 302
    bob.refresh_from_db()
    assert bob.check_password(new_password)
    assert f"password reset user={bob.pk} path=/accounts/password/reset/key/[redacted]/" in caplog.messages


def test_mandatory_verification_by_one_setting(anon_client, db, settings, mailoutbox):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    with committed():
        response = anon_client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert "confirm-email" in response.url
    assert len(mailoutbox) == 1
    # Not logged in until the address is confirmed.
    assert anon_client.get("/profile/").status_code == 302


def test_rate_limits_are_counted_in_the_shared_database_cache(anon_client, bob, settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    cache.clear()
    attempts = [
        anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": "wrong-password-123"})
        for _ in range(6)
    ]
    assert b"Too many failed login attempts" not in attempts[0].content
    assert b"Too many failed login attempts" in attempts[-1].content
    # The right password is refused too while the limit holds.
    blocked = anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    assert blocked.status_code == 200
