"""Authentication events and refused requests are logged: user id, method and
path; never an e-mail address, a password, what anyone wrote, or an invite token."""

import logging

import pytest
from django.test import Client

from couples.models import Invite
from accounts.logs import RedactPaths, redact_path
from tests.conftest import PASSWORD, make_couple

NEW_PASSWORD = "another-long-passphrase-7"


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="rekindle.security")
    return caplog


def messages(caplog, logger="rekindle.security") -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger]


def assert_nothing_private(caplog):
    for record in caplog.records:
        text = record.getMessage()
        assert "@example.com" not in text
        assert PASSWORD not in text and NEW_PASSWORD not in text


def test_login_logout_and_failed_login(bob, security_log):
    client = Client()
    client.post("/accounts/login/", {"login": "bob@example.com", "password": "wrong-password-123"})
    client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    client.post("/accounts/logout/")
    assert messages(security_log) == [
        "login failed path=/accounts/login/",
        f"login user={bob.pk} path=/accounts/login/",
        f"logout user={bob.pk} path=/accounts/logout/",
    ]
    assert_nothing_private(security_log)


def test_password_change(bob, bob_client, security_log):
    response = bob_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert f"password changed user={bob.pk} path=/accounts/password/change/" in messages(security_log)
    assert_nothing_private(security_log)


def test_refused_requests_are_logged_with_user_and_path(bob, bob_client, couple, security_log):
    bob_client.get("/no-such-page/")
    bob_client.get("/couple/invite/new/")  # POST only
    Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    assert messages(security_log) == [
        f"refused status=404 user={bob.pk} method=GET path=/no-such-page/",
        f"refused status=405 user={bob.pk} method=GET path=/couple/invite/new/",
        "refused status=403 user=- method=POST path=/accounts/login/",
    ]
    assert_nothing_private(security_log)


def test_invite_tokens_never_reach_the_logs(alice, lone_client, security_log):
    security_log.set_level(logging.INFO)
    _, token = Invite.issue(make_couple(alice), alice)
    lone_client.get(f"/invite/{token}/")
    lone_client.get(f"/invite/{token}/extra/")  # a 404, logged by Django and by us
    assert "refused status=404 user=%s method=GET path=/invite/[redacted]/extra/" % lone_client.session[
        "_auth_user_id"
    ] in messages(security_log)
    assert "Not Found: /invite/[redacted]/extra/" in messages(security_log, "django.request")
    assert token not in security_log.text


def test_redaction():
    assert redact_path("/invite/abc123_-XYZ/") == "/invite/[redacted]/"
    assert redact_path("GET /invite/abc?x=1 HTTP/1.1") == "GET /invite/[redacted]?x=1 HTTP/1.1"
    assert redact_path("/accounts/password/reset/key/3-abc-def/") == "/accounts/password/reset/key/[redacted]/"
    assert redact_path("/accounts/confirm-email/MQ:1abc:xyz/") == "/accounts/confirm-email/[redacted]/"
    for untouched in [
        "/invite/",
        "/invite/accept/",
        "/couple/invite/new/",
        "/accounts/password/reset/key/done/",
        "/profile/",
    ]:
        assert redact_path(untouched) == untouched
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(U)s %(s)s", None, None)
    record.args = {"U": "/invite/secret/", "s": 302}
    RedactPaths().filter(record)
    assert record.getMessage() == "/invite/[redacted]/ 302"
