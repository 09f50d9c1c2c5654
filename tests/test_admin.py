"""The admin, entered only through allauth's log-in: its rate limits and
lockout, staff only, and only with a second factor."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache

from tests.conftest import PASSWORD, client_for, make_user

WRONG = "wrong-password-123"


@pytest.fixture
def staff(db):
    return make_user("Staff", is_staff=True, is_superuser=True)


def with_second_factor(user):
    TOTP.activate(user, generate_totp_secret())
    return user


def test_guessing_the_admin_password_is_rate_limited(anon_client, staff):
    cache.clear()
    with_second_factor(staff)
    for _ in range(12):
        anon_client.post("/admin/login/?next=/admin/", {"username": "staff@example.com", "password": WRONG})
        anon_client.post("/accounts/login/?next=/admin/", {"login": "staff@example.com", "password": WRONG})
    right = anon_client.post("/accounts/login/?next=/admin/", {"login": "staff@example.com", "password": PASSWORD})
    assert right.status_code == 200
    assert b"Too many failed login attempts" in right.content
    assert "_auth_user_id" not in anon_client.session
    assert anon_client.get("/admin/").status_code == 302


def test_the_admin_login_form_is_never_djangos(anon_client, staff):
    """The right password posted to /admin/login/ logs no one in: the page
    sends to allauth's log-in (where the limits and the second factor are)."""
    with_second_factor(staff)
    response = anon_client.post("/admin/login/", {"username": "staff@example.com", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in anon_client.session
    assert anon_client.get("/admin/").url.startswith("/admin/login/")


def test_the_admin_asks_for_the_second_factor_at_log_in(anon_client, staff):
    with_second_factor(staff)
    response = anon_client.post("/accounts/login/?next=/admin/", {"login": "staff@example.com", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/2fa/authenticate/")
    assert anon_client.get("/admin/").status_code == 302  # not yet in


def test_people_who_are_not_staff_cannot_enter(lone, lone_client):
    assert lone_client.get("/admin/login/").status_code == 403
    assert lone_client.get("/admin/").status_code == 302
    assert lone_client.get("/admin/accounts/user/").status_code == 302
    with_second_factor(lone)
    assert lone_client.get("/admin/login/").status_code == 403
    assert lone_client.get("/admin/accounts/user/").status_code == 302


def test_staff_without_a_second_factor_are_sent_to_set_one_up(staff):
    client = client_for(staff)
    response = client.get("/admin/", follow=True)
    assert ("/accounts/2fa/totp/activate/", 302) in response.redirect_chain
    assert b"The admin asks for a second step at log-in." in response.content
    assert client.get("/admin/accounts/user/").status_code == 302


def test_staff_with_a_second_factor_enter(staff):
    client = client_for(with_second_factor(staff))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
