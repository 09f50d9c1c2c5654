"""The production path with its mail queue: gunicorn with DEBUG off and
gunicorn.conf.py, the mail worker and a real SMTP server, on PostgreSQL
(PROD_CHECK_DATABASE_URL, created if missing). A mail asked for through the
site arrives, once; a body Django cannot parse gets the 400 page."""

import http.client
import os
import re
import secrets
import subprocess
import sys
import time
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest

from tests.mailqueue import ROOT, SmtpSink, free_port, mail_env, start_worker, stop_worker, wait_for

pytestmark = pytest.mark.prodcheck

DATABASE_URL = os.environ.get("PROD_CHECK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rekindle_prodcheck")


def create_database_if_missing(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(port, sink): gunicorn and the worker on one database, mail to the sink."""
    tmp = tmp_path_factory.mktemp("prod")
    create_database_if_missing(DATABASE_URL)
    sink = SmtpSink(free_port())
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "SECURE_PROXY_SSL_HEADER": "1",
        "STATIC_ROOT": str(tmp / "static"),
        "WEB_CONCURRENCY": "2",
        **mail_env(sink.port),
    }
    for command in (["collectstatic", "--noinput", "-v0"], ["migrate", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    port = free_port()
    with open(tmp / "gunicorn.log", "wb") as log:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "rekindle.wsgi"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    sink.start()
    worker = start_worker(env, tmp / "worker.log")
    try:
        wait_for(lambda: answers(port), what="gunicorn")
        yield port, sink
    finally:
        stop_worker(worker)
        gunicorn.terminate()
        gunicorn.wait(30)
        sink.stop()


def answers(port: int) -> bool:
    try:
        return request(port, "GET", "/healthz")[0] == 200
    except OSError:
        return False


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """(status, headers, body), as a TLS proxy in front would forward it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers={"X-Forwarded-Proto": "https", **(headers or {})})
    response = conn.getresponse()
    content = response.read().decode()
    conn.close()
    return response.status, response.headers, content


def form_page(port: int, path: str) -> tuple[str, str]:
    """The CSRF cookie and form token a browser would have from the page."""
    _, headers, page = request(port, "GET", path)
    cookie = next(c.split(";")[0] for c in headers.get_all("Set-Cookie") if c.startswith("__Host-csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return cookie, token


def post(port: int, path: str, cookie: str, body: bytes, content_type: str):
    origin = f"https://127.0.0.1:{port}"
    headers = {"Cookie": cookie, "Content-Type": content_type, "Origin": origin, "Referer": origin + path}
    return request(port, "POST", path, body, headers)


def test_a_mail_asked_for_arrives_once(site):
    port, sink = site
    address = f"nobody-{secrets.token_hex(4)}@example.com"
    cookie, token = form_page(port, "/accounts/password/reset/")
    body = urlencode({"csrfmiddlewaretoken": token, "email": address}).encode()
    status, headers, _ = post(port, "/accounts/password/reset/", cookie, body, "application/x-www-form-urlencoded")
    assert status == 302, headers

    wait_for(lambda: any(m["To"] == address for m in sink.messages), what="the mail")
    time.sleep(1.5)  # a few more polls of the worker: nothing is sent twice
    (mail,) = [m for m in sink.messages if m["To"] == address]
    assert mail["Subject"] == "Rekindle: Your request for a new password"


def test_a_latin_1_post_gets_the_400_page(site):
    port, _ = site
    cookie, token = form_page(port, "/accounts/login/")
    body = f"csrfmiddlewaretoken={token}&login=jos%E9@example.com&password=x".encode()
    status, _, page = post(port, "/accounts/login/", cookie, body, "application/x-www-form-urlencoded; charset=latin-1")
    assert status == 400
    assert "We could not make sense of that request" in page
