import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import get_hashers, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import override_settings

from rekindle import settings as project_settings

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "rekindle.example",
    "SMTP_HOST": "smtp.rekindle.example",
}


# Not inherited: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves.
NOT_INHERITED = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")


def run(*args, **env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in NOT_INHERITED} | env,
        capture_output=True,
        text=True,
    )


def test_debug_off_refuses_the_development_secret_key():
    result = run("manage.py", "check", DEBUG="0")
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_debug_off_refuses_the_placeholder_secret_key_of_env_example():
    (placeholder,) = [
        line.split("=", 1)[1] for line in (ROOT / ".env.example").read_text().splitlines() if line.startswith("SECRET_KEY=")
    ]
    result = run("manage.py", "check", **PRODUCTION | {"SECRET_KEY": placeholder})
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_debug_off_starts_with_a_real_secret_key():
    result = run("manage.py", "check", DEBUG="0", SECRET_KEY="x" * 60, SMTP_HOST="smtp.rekindle.example")
    assert result.returncode == 0, result.stderr


def test_deploy_check_passes_with_production_settings():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_debug_off_refuses_mail_on_the_console():
    """In production, mail that only reaches the console means nobody gets a
    reset link or reminder, and the links sit in the log: the app does not
    start (not even for `check`, unlike Django's deploy check mail.E001)."""
    env = {k: v for k, v in PRODUCTION.items() if k != "SMTP_HOST"}
    for smtp_host in (None, ""):
        result = run("manage.py", "check", **env, **({} if smtp_host is None else {"SMTP_HOST": smtp_host}))
        assert result.returncode != 0
        assert "set SMTP_HOST" in result.stderr


def settings_in_subprocess(names: str, **env) -> list[str]:
    script = f"import django; django.setup(); from django.conf import settings as s; print(*[getattr(s, n) for n in {names.split()!r}])"
    result = run("-c", script, DJANGO_SETTINGS_MODULE="rekindle.settings", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_email_verification_is_mandatory_in_production_and_optional_in_development():
    """Mandatory verification is what lets sign-up with a taken address answer
    like any other (tests/test_enumeration.py)."""
    assert settings_in_subprocess("ACCOUNT_EMAIL_VERIFICATION", **PRODUCTION) == ["mandatory"]
    assert settings_in_subprocess("ACCOUNT_EMAIL_VERIFICATION", DEBUG="1") == ["optional"]
    assert settings_in_subprocess("ACCOUNT_EMAIL_VERIFICATION", DEBUG="1", ACCOUNT_EMAIL_VERIFICATION="mandatory") == ["mandatory"]


def test_trusted_proxy_count_reaches_allauth():
    assert settings_in_subprocess("ALLAUTH_TRUSTED_PROXY_COUNT", **PRODUCTION) == ["0"]
    assert settings_in_subprocess("ALLAUTH_TRUSTED_PROXY_COUNT", **PRODUCTION, TRUSTED_PROXY_COUNT="1") == ["1"]


def test_compose_runs_the_app_behind_one_proxy():
    compose = (ROOT / "docker-compose.yml").read_text()
    web = compose.split("\n  web:\n")[1].split("\n  scheduler:")[0]
    assert "TRUSTED_PROXY_COUNT: 1" in web


def test_hsts_preload_is_a_switch():
    result = run("manage.py", "check", "--deploy", **PRODUCTION, SECURE_HSTS_PRELOAD="0")
    assert "security.W021" in result.stdout + result.stderr


def test_production_cookies_and_https():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_REDIRECT_EXEMPT, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = PRODUCTION | {"DJANGO_SETTINGS_MODULE": "rekindle.settings", "SECURE_PROXY_SSL_HEADER": "1"}
    result = run("-c", script, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 8) == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "['^healthz$']",
        "('HTTP_X_FORWARDED_PROTO', 'https')\n",
    ]


def test_argon2_hashes_new_passwords():
    # The project's own list (tests swap in a fast hasher; see conftest).
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        assert get_hashers()[0].algorithm == "argon2"
        assert make_password("a-long-test-passphrase-9").startswith("argon2$argon2id$")


def test_passwords_need_ten_characters_and_must_not_be_common():
    for weak, message in [("Sh0rt-pw!", "at least 10 characters"), ("password123", "too common"), ("1234567890", "too common")]:
        try:
            validate_password(weak)
        except ValidationError as error:
            assert any(message in m for m in error.messages), error.messages
        else:
            raise AssertionError(f"{weak!r} was accepted")
    validate_password("a-long-test-passphrase-9")


def test_help_page_is_public(anon_client):
    response = anon_client.get("/help/")
    assert response.status_code == 200
    assert b"If you are not safe" in response.content


def test_help_page_does_not_promise_where_leave_quickly_goes(anon_client, settings):
    # LEAVE_QUICKLY_URL is the operator's choice: the page names no kind of site.
    settings.LEAVE_QUICKLY_URL = "https://news.example/"
    content = anon_client.get("/help/").content.decode()
    assert "an ordinary page that has nothing to do with Rekindle" in content
    assert "weather" not in content


@pytest.mark.parametrize("value, expected", [("1", True), ("on", True), (" Yes ", True), ("TRUE", True), ("0", False), ("off", False), ("no", False), ("False", False)])
def test_envbool_reads_yes_and_no(monkeypatch, value, expected):
    monkeypatch.setenv("REKINDLE_TEST_SWITCH", value)
    assert project_settings.envbool("REKINDLE_TEST_SWITCH", "0") is expected


@pytest.mark.parametrize("value", ["ture", "2", "", "enabled"])
def test_envbool_refuses_what_it_does_not_understand(monkeypatch, value):
    monkeypatch.setenv("REKINDLE_TEST_SWITCH", value)
    with pytest.raises(ImproperlyConfigured, match="REKINDLE_TEST_SWITCH"):
        project_settings.envbool("REKINDLE_TEST_SWITCH", "0")


def test_envbool_and_envint_take_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("REKINDLE_TEST_SWITCH", raising=False)
    assert project_settings.envbool("REKINDLE_TEST_SWITCH", "1") is True
    assert project_settings.envint("REKINDLE_TEST_SWITCH", "7") == 7


@pytest.mark.parametrize("value", ["seven", "7.5", ""])
def test_envint_refuses_what_is_not_a_whole_number(monkeypatch, value):
    monkeypatch.setenv("REKINDLE_TEST_NUMBER", value)
    with pytest.raises(ImproperlyConfigured, match="REKINDLE_TEST_NUMBER"):
        project_settings.envint("REKINDLE_TEST_NUMBER", "7")


def test_a_typo_in_a_production_switch_stops_the_start_with_its_name():
    result = run("manage.py", "check", **PRODUCTION, SECURE_SSL_REDIRECT="ture")
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT='ture' is not a yes or no" in result.stderr
