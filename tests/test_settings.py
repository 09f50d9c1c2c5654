import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")} | env,
        capture_output=True,
        text=True,
    )


def test_debug_off_refuses_the_development_secret_key():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_debug_off_starts_with_a_real_secret_key():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr


def test_help_page_is_public(anon_client):
    response = anon_client.get("/help/")
    assert response.status_code == 200
    assert b"If you are not safe" in response.content
