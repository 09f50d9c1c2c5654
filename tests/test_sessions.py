"""Sessions: a new key at every log-in, "Keep me signed in" or an idle
timeout, a page to end one's other sessions, and records of them that keep
only a device name and a network, for as long as the session lives."""

import json
from datetime import timedelta
from pathlib import Path

import time_machine
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.devices import device_name
from tests.conftest import PASSWORD

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"


def log_in(email: str, browser: str, remember: bool = False, **headers) -> Client:
    client = Client(HTTP_USER_AGENT=browser, **headers)
    form = {"login": email, "password": PASSWORD} | ({"remember": "on"} if remember else {})
    response = client.post("/accounts/login/", form)
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
    laptop = log_in("bob@example.com", FIREFOX_ANDROID)
    log_in("bob@example.com", SAFARI_IPHONE)
    log_in("alice@example.com", CHROME_LINUX)
    response = laptop.get("/accounts/sessions/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "<title>Where you are signed in · Rekindle</title>" in content
    assert "This device" in content and "Another device" in content
    assert "Firefox on Android" in content and "Safari on iPhone" in content
    assert "Alice" not in content and "Chrome" not in content
    assert "Mozilla" not in content and "127.0.0" not in content
    assert "Log out everywhere else" in content


def test_ending_the_other_sessions_logs_them_out(bob):
    laptop = log_in("bob@example.com", FIREFOX_ANDROID)
    phone = log_in("bob@example.com", SAFARI_IPHONE)
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

    expired, current = log_in("bob@example.com", SAFARI_IPHONE), log_in("bob@example.com", FIREFOX_ANDROID)
    Session.objects.filter(session_key=expired.cookies["sessionid"].value).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.cookies["sessionid"].value]
    # The record of where Bob was signed in goes with the session.
    assert [s.user_agent for s in UserSession.objects.all()] == ["Firefox on Android"]


def test_the_login_form_offers_keep_me_signed_in(anon_client, db):
    content = anon_client.get("/accounts/login/").content.decode()
    assert 'name="remember"' in content
    assert "Keep me signed in" in content and "Remember Me" not in content


def test_keep_me_signed_in_keeps_the_session_for_two_weeks(bob):
    client = log_in("bob@example.com", FIREFOX_ANDROID, remember=True)
    assert client.cookies["sessionid"]["max-age"] == 14 * 24 * 3600
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.expire_date > timezone.now() + timedelta(days=13)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert client.get("/profile/").status_code == 200


def test_without_it_the_session_ends_with_the_browser_or_after_an_hour_idle(bob, settings):
    assert settings.SESSION_IDLE_MINUTES == 60
    start = timezone.now()
    client = log_in("bob@example.com", FIREFOX_ANDROID)
    assert client.cookies["sessionid"]["max-age"] == ""  # a browser-session cookie
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.expire_date < start + timedelta(minutes=61)
    # Each use moves the end on...
    with time_machine.travel(start + timedelta(minutes=50)):
        assert client.get("/profile/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=100)):
        assert client.get("/profile/").status_code == 200
    # ...until an hour passes without one.
    with time_machine.travel(start + timedelta(minutes=161)):
        response = client.get("/profile/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_an_idle_session_is_written_at_most_once_a_minute(bob):
    client = log_in("bob@example.com", FIREFOX_ANDROID)

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/profile/").status_code == 200
        return sum(1 for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"])

    assert session_writes() == 1  # notes when it was seen
    assert session_writes() == 0
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert session_writes() == 1


def test_session_records_keep_a_device_name_and_a_network_only(bob, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    log_in("bob@example.com", FIREFOX_ANDROID, HTTP_X_FORWARDED_FOR="203.0.113.77")
    log_in("bob@example.com", SAFARI_IPHONE, HTTP_X_FORWARDED_FOR="2001:db8:1234:5678::1")
    records = {(s.user_agent, s.ip) for s in UserSession.objects.filter(user=bob)}
    assert records == {("Firefox on Android", "203.0.113.0"), ("Safari on iPhone", "2001:db8:1234::")}


def test_the_session_record_goes_when_the_session_ends(bob):
    client = log_in("bob@example.com", FIREFOX_ANDROID)
    assert UserSession.objects.filter(user=bob).count() == 1
    client.post("/accounts/logout/")
    assert not UserSession.objects.exists()


def test_device_names_read_back_as_themselves():
    """Records are minimised on every save, so a name must give itself."""
    for agent in (FIREFOX_ANDROID, SAFARI_IPHONE, CHROME_LINUX, "curl/8.5", ""):
        name = device_name(agent)
        assert device_name(name) == name
    assert device_name(CHROME_LINUX) == "Chrome on Linux"
    assert device_name("curl/8.5") == "Unknown browser"


def test_the_export_lists_where_i_am_signed_in(bob, alice):
    phone = log_in("bob@example.com", FIREFOX_ANDROID)
    log_in("alice@example.com", SAFARI_IPHONE)
    data = json.loads(phone.get("/profile/export/").content)
    assert [(s["device"], s["network"]) for s in data["signed_in"]] == [("Firefox on Android", "127.0.0.0")]
    assert set(data["signed_in"][0]) == {"device", "network", "logged_in_at", "last_seen_at"}
