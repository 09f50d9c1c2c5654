"""Two-step log-in (allauth.mfa): offered on the profile, in Rekindle's words.
The whole set-up and log-in run in a real browser: tests/browser/test_mfa_flow.py."""

import time

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import Client

from tests.conftest import PASSWORD

ALLAUTH_WORDS = ("Two-Factor", "two-factor", "Authenticator App", "Recovery Codes", "Activate")


def test_the_profile_offers_two_step_log_in(lone_client, lone):
    content = lone_client.get("/profile/").content.decode()
    assert "Set up two-step log-in" in content and 'href="/accounts/2fa/totp/activate/"' in content
    TOTP.activate(lone, generate_totp_secret())
    content = lone_client.get("/profile/").content.decode()
    assert "Manage two-step log-in" in content and 'href="/accounts/2fa/"' in content


def test_the_pages_speak_rekindles_words(lone, lone_client):
    page = lone_client.get("/accounts/2fa/").content.decode()
    assert "<title>Two-step log-in · Rekindle</title>" in page
    TOTP.activate(lone, generate_totp_secret())
    RecoveryCodes.activate(lone)
    assert lone_client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    for url in ("/accounts/2fa/", "/accounts/2fa/recovery-codes/", "/accounts/2fa/recovery-codes/generate/", "/accounts/2fa/totp/deactivate/"):
        response = lone_client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert content.count("<h1") == 1
        for words in ALLAUTH_WORDS:
            assert words not in content, (url, words)


def test_with_it_on_the_password_alone_does_not_log_in(lone):
    cache.clear()
    secret = generate_totp_secret()
    TOTP.activate(lone, secret)
    client = Client()
    response = client.post("/accounts/login/", {"login": "lone@example.com", "password": PASSWORD})
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get("/profile/").status_code == 302
    if 30 - time.time() % 30 < 2:  # only the current 30-second step counts
        time.sleep(2)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get("/profile/").status_code == 200
