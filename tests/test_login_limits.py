"""allauth's log-in limits count per client, also behind the proxy in front
(TRUSTED_PROXY_COUNT): one stranger's failed log-ins lock out no one else."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import PASSWORD

PROXY = "10.0.0.2"  # what REMOTE_ADDR is for every request behind the proxy


def behind_the_proxy(client_address: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def fail_ten_times(client: Client) -> None:
    for n in range(11):
        client.post("/accounts/login/", {"login": f"made-up-{n}@example.com", "password": "wrong-password-123"})


@pytest.fixture(autouse=True)
def fresh_limits(db):
    cache.clear()


def test_one_clients_failures_do_not_lock_out_another(bob, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    stranger = behind_the_proxy("198.51.100.7")
    fail_ten_times(stranger)
    assert b"Too many failed login attempts" in stranger.post(
        "/accounts/login/", {"login": "bob@example.com", "password": PASSWORD}
    ).content

    # The proxy adds the address it saw last; anything before it the client wrote.
    bob_at_home = behind_the_proxy("198.51.100.7, 203.0.113.20")
    response = bob_at_home.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert bob_at_home.session["_auth_user_id"] == str(bob.pk)


def test_a_forged_header_does_not_escape_the_limit(db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(11):
        # The client writes a new address each time; the proxy appends the real one.
        client = behind_the_proxy(f"192.0.2.{n}, 198.51.100.7")
        response = client.post("/accounts/login/", {"login": f"made-up-{n}@example.com", "password": "wrong-password-123"})
    assert b"Too many failed login attempts" in response.content


def test_without_a_trusted_proxy_the_header_is_ignored(db, settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    for n in range(11):
        client = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        response = client.post("/accounts/login/", {"login": f"made-up-{n}@example.com", "password": "wrong-password-123"})
    assert b"Too many failed login attempts" in response.content
