"""Shared fixtures: two partners (Alice and Bob), an outsider couple (Carol
and Dan), a signed-in user without a couple (Lone), Alice's questionnaire
draft, and the header htmx sends."""

import socket
from datetime import datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client, TestCase
from django.utils import timezone

from accounts.models import User
from couples.models import Couple, Membership
from tests.questionnaires import make_draft

PASSWORD = "a-long-test-passphrase-9"
# What htmx sends with every request it makes: `request.htmx` is then true.
HTMX = {"HX-Request": "true"}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file rather than memory, so that the
    mail worker tests/test_mail_queue.py starts in a process of its own sees
    it. (On PostgreSQL it is a database anyway.)"""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Tasks (every e-mail is one) run in the test's own process as they are
    queued, so Django's locmem outbox has them; mail goes out once the
    transaction commits, so a test inside one captures its on-commit
    callbacks. tests/test_mail_queue.py runs the real queue and its worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def committed():
    """Run the on-commit callbacks (queued mail) of the block when it ends, as
    the real request's commit would: a test runs in a transaction that never
    commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def make_user(name: str, **extra) -> User:
    return User.objects.create_user(
        email=f"{name.lower()}@example.com", password=PASSWORD, display_name=name, **extra
    )


def make_couple(a: User, b: User | None = None, joined_at: datetime | None = None, **extra) -> Couple:
    """A couple formed a year ago (or at `joined_at`): answers the tests date
    weeks back were given within it, so they count for the two of them."""
    joined_at = joined_at or timezone.now() - timedelta(days=365)
    couple = Couple.objects.create(created_by=a, created_at=joined_at, **extra)
    Membership.objects.create(couple=couple, user=a, joined_at=joined_at)
    if b is not None:
        Membership.objects.create(couple=couple, user=b, joined_at=joined_at)
    return couple


def client_for(user: User | None) -> Client:
    """Signed in as if with "Keep me signed in", so tests that move the clock
    by hours stay signed in (the idle timeout: tests/test_sessions.py)."""
    client = Client()
    if user is not None:
        client.force_login(user)
        session = client.session
        session.set_expiry(django_settings.SESSION_COOKIE_AGE)
        session.save()
    return client


@pytest.fixture
def alice(db):
    return make_user("Alice")


@pytest.fixture
def bob(db):
    return make_user("Bob")


@pytest.fixture
def couple(alice, bob):
    return make_couple(alice, bob)


@pytest.fixture
def carol(db):
    """The outsider: a partner in another couple."""
    return make_user("Carol")


@pytest.fixture
def other_couple(carol):
    return make_couple(carol, make_user("Dan"))


@pytest.fixture
def lone(db):
    """Signed in, but not in any couple."""
    return make_user("Lone")


@pytest.fixture
def alice_client(alice):
    return client_for(alice)


@pytest.fixture
def bob_client(bob):
    return client_for(bob)


@pytest.fixture
def carol_client(carol):
    return client_for(carol)


@pytest.fixture
def lone_client(lone):
    return client_for(lone)


@pytest.fixture
def anon_client():
    return Client()


@pytest.fixture
def draft(alice, couple):
    """Alice's closeness questionnaire, started: one answer given."""
    return make_draft(alice, "intimacy", {"touch_1": 4})


@pytest.fixture
def mail_server_down(settings):
    """Django's real SMTP backend, pointed at a local port nobody listens on:
    every send fails the way it does when the mail server is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
