"""Sessions: a new key at every log-in, and a page to end one's other sessions."""

from datetime import timedelta
from pathlib import Path

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD


def log_in(email: str, browser: str) -> Client:
    client = Client(HTTP_USER_AGENT=browser)
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_session_key_changes_at_login(bob):
    client = Client()
    session = client.session
    session["probe"] = "before login"
    session.save()
    before = client.cookies["sessionid"].value
    client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.session["_auth_user_id"] == str(bob.pk)


def test_sessions_page_lists_where_i_am_signed_in(bob, alice):
    laptop = log_in("bob@example.com", "Firefox on a laptop")
    log_in("bob@example.com", "Safari on a phone")
    log_in("alice@example.com", "Alice's browser")
    response = laptop.get("/accounts/sessions/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "<title>Where you are signed in · Rekindle</title>" in content
    assert "This device" in content and "Another device" in content
    assert "Firefox on a laptop" in content and "Safari on a phone" in content
    assert "Alice" not in content
    assert "Log out everywhere else" in content


def test_ending_the_other_sessions_logs_them_out(bob):
    laptop = log_in("bob@example.com", "Firefox on a laptop")
    phone = log_in("bob@example.com", "Safari on a phone")
    response = laptop.post("/accounts/sessions/", follow=True)
    assert b"You are now logged out everywhere else." in response.content
    assert phone.get("/profile/").status_code == 302  # sent to log in
    assert laptop.get("/profile/").status_code == 200
    only_here = laptop.get("/accounts/sessions/").content.decode()
    assert "You are signed in only here." in only_here


def test_sessions_page_needs_login(anon_client, db):
    response = anon_client.get("/accounts/sessions/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_profile_links_to_the_sessions_page(bob_client):
    assert b'href="/accounts/sessions/"' in bob_client.get("/profile/").content


def test_the_scheduler_clears_expired_sessions(bob):
    """Sessions live in the database and nothing else deletes expired ones:
    the hourly scheduler in docker-compose.yml runs clearsessions."""
    compose = (Path(__file__).resolve().parents[1] / "docker-compose.yml").read_text()
    scheduler = compose.split("\n  scheduler:\n")[1].split("\n  web:")[0]
    command = next(line for line in scheduler.splitlines() if line.strip().startswith("command:"))
    assert "manage.py send_checkin_reminders;" in command and "manage.py clearsessions;" in command

    expired, current = log_in("bob@example.com", "Old phone"), log_in("bob@example.com", "Laptop")
    Session.objects.filter(session_key=expired.cookies["sessionid"].value).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.cookies["sessionid"].value]
