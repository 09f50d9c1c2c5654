"""400, 403, 404, 500 and 503 pages: calm, standalone, one heading, a way home."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.urls("tests.error_urls")


def assert_error_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert re.search(r"<title>\S.* · Rekindle</title>", content)
    assert content.count("<h1") == 1
    assert f"<h1>{heading}</h1>" in content
    assert '<a class="button" href="/">Back to Rekindle</a>' in content
    assert "Traceback" not in content
    assert "Leave quickly" in content
    # The script that takes the page out of history when leaving quickly,
    # on every error page, including 500 and 503 that have no CSP nonce.
    assert '<script src="/static/js/app.js" defer></script>' in content
    return content


def test_404(anon_client, db):
    assert_error_page(anon_client.get("/no-such-page/"), 404, "We could not find that page")


def test_403(lone_client):
    assert_error_page(lone_client.get("/forbidden/"), 403, "This page is not open to you")


def test_403_csrf(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/forbidden/")
    assert_error_page(response, 403, "That form had gone stale")


def test_400(anon_client, db):
    assert_error_page(anon_client.get("/bad/"), 400, "We could not make sense of that request")


BODIES_DJANGO_CANNOT_PARSE = {
    "latin-1": ("application/x-www-form-urlencoded; charset=latin-1", "email=jos%E9@example.com&password=x"),
    "multipart without a boundary": ("multipart/form-data", b"email=a"),
}


@pytest.mark.urls("rekindle.urls")
@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/profile/"])
@pytest.mark.parametrize("name", BODIES_DJANGO_CANNOT_PARSE)
def test_a_body_django_cannot_parse_gets_the_400_page(db, url, name):
    """The CSRF check reads the body first and Django refuses it (BadRequest);
    its own 400 handler rendered with the request, read the body again and
    ended in a 500."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get("/accounts/login/")
    content_type, body = BODIES_DJANGO_CANNOT_PARSE[name]
    response = client.post(url, body, content_type=content_type)
    assert_error_page(response, 400, "We could not make sense of that request")


def test_500(db):
    client = Client(raise_request_exception=False)
    content = assert_error_page(client.get("/broken/"), 500, "Something went wrong on our side")
    assert "boom" not in content


def test_500_needs_no_context():
    content = render_to_string("500.html")
    assert "Something went wrong on our side" in content
    assert "/static/js/app.js" in content


@pytest.mark.parametrize("url", ["/db-down/", "/db-gone/"])
def test_database_unreachable_is_a_calm_503(lone_client, url, caplog):
    response = lone_client.get(url)
    content = assert_error_page(response, 503, "Rekindle is taking a short break")
    assert response["Retry-After"] == "30"
    assert "connection" not in content
    assert "database unavailable" in caplog.text


def test_database_gone_before_the_session_is_saved_is_a_calm_503(lone_client, monkeypatch, caplog):
    """The view ran, then the database went away before the changed session
    was saved: the 503 page, not Django's 400 for a session deleted meanwhile."""

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Session, "save", database_gone)
    response = lone_client.get("/note/")
    assert_error_page(response, 503, "Rekindle is taking a short break")
    assert response["Retry-After"] == "30"
    assert "database unavailable path=/note/ error=OperationalError" in caplog.text


def test_session_deleted_by_a_concurrent_request_is_still_a_400(lone_client):
    response = lone_client.get("/note/?logged-out-meanwhile")
    assert response.status_code == 400
