"""Headers on every page (production-only ones are proved by make prod-check)."""

import re

import pytest


def test_security_headers_on_a_page(anon_client, db):
    response = anon_client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/", "/profile/", "/checkin/", "/questionnaires/", "/accounts/sessions/"])
def test_private_pages_are_never_stored(alice_client, couple, url):
    response = alice_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_even_public_pages_and_redirects_are_not_stored(anon_client, db):
    for url in ["/", "/accounts/login/", "/profile/"]:
        assert "no-store" in anon_client.get(url)["Cache-Control"]


def test_flash_messages_stay_out_of_cookies(alice_client, couple):
    alice_client.post("/accounts/logout/")
    assert "messages" not in alice_client.cookies
