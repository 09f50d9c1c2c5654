from unittest import mock

from django.db import OperationalError


def test_healthz_answers_without_login_and_shows_nothing(anon_client, db):
    response = anon_client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies  # no session, no CSRF cookie


def test_healthz_is_503_when_the_database_is_unreachable(anon_client, db):
    with mock.patch("rekindle.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("could not connect")
        response = anon_client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_healthz_only_answers_get(anon_client, db):
    assert anon_client.post("/healthz").status_code == 405
