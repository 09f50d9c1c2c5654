"""The bare project `make bench` measures the app against (tools/ceiling):
its settings load, it answers a signed-in person hello and sends everyone
else to log in. In a process of its own, since this one runs the app's
settings; on an in-memory SQLite database with the two tables it reads."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_ceiling_says_hello_to_a_signed_in_person_only():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tools.ceiling.settings",
        "SECRET_KEY": "ceiling-test-secret",
        "DATABASE_URL": "sqlite://:memory:",
    }
    command = [sys.executable, "-c", "from tests.test_ceiling import in_the_ceiling; in_the_ceiling()"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def in_the_ceiling() -> None:
    """Runs under the ceiling's settings (the test above starts it)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tools.ceiling.models import User
    from tools.ceiling.signin import session_for

    setup_test_environment()
    call_command("migrate", "sessions", verbosity=0)
    with connection.schema_editor() as editor:
        editor.create_model(User)  # the app's migrations own the real table
    User.objects.create(email="sam@example.com", display_name="Sam", password="!")

    signed_in = Client()
    signed_in.cookies["sessionid"] = session_for("sam@example.com")
    hello = signed_in.get("/")
    assert (hello.status_code, hello.content) == (200, b"Hello, Sam."), hello

    stranger = Client()
    stranger.cookies["sessionid"] = "not-a-session"
    for client in (Client(), stranger):
        anonymous = client.get("/")
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/"), anonymous
    assert Client().get("/healthz").status_code == 200
    print("ok")
