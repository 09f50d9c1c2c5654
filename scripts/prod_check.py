"""`make prod-check`: the production path without a container engine.

collectstatic into a temporary STATIC_ROOT, migrate a PostgreSQL database
(PROD_CHECK_DATABASE_URL, created if missing), gunicorn with DEBUG off and
gunicorn.conf.py on a free loopback port, then check what a browser would
get: health endpoint, compressed and far-future-cached static files, security
headers and cookies, no-store on private pages, no secrets in the access log.
gunicorn is always stopped; the exit status is non-zero if any check failed.
"""

import gzip
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get(
    "PROD_CHECK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rekindle_prodcheck"
)
ONE_YEAR = 365 * 24 * 3600
failures: list[str] = []


def check(name: str, passed: bool, detail: str = "") -> None:
    print(f"  {'ok  ' if passed else 'FAIL'}  {name}" + (f"  [{detail}]" if detail != "" else ""))
    if not passed:
        failures.append(name)


def create_database_if_missing(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"prod-check: created database {name}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    """Plain HTTP to gunicorn; `https=True` is what a TLS proxy would forward."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method, path, *, https=True, headers=None, form=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = dict(headers or {})
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            }
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.content = response.read()
        conn.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, form, **kwargs):
        return self.request("POST", path, form=form, **kwargs)


def set_cookie(response, name: str) -> str:
    for cookie in response.headers.get_all("Set-Cookie") or []:
        if cookie.startswith(name + "="):
            return cookie
    return ""


def check_cookie(response, name: str) -> None:
    cookie = set_cookie(response, name)
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    check(
        f"cookie {name}: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain",
        bool(cookie)
        and "secure" in attributes
        and "httponly" in attributes
        and attributes.get("samesite", "").lower() == "samesite=lax"
        and attributes.get("path") == "Path=/"
        and "domain" not in attributes,
        re.sub(r"=[^;]*", "=…", cookie, count=1) or "not set",  # attributes, not the value
    )


def max_age(cache_control: str) -> int:
    match = re.search(r"max-age=(\d+)", cache_control or "")
    return int(match.group(1)) if match else 0


def run_checks(site: Site, log_path: Path) -> None:
    health = site.get("/healthz", https=False)
    check("/healthz answers 200 over plain HTTP (exempt from the redirect)", health.status == 200, health.status)
    plain = site.get("/", https=False)
    check(
        "plain HTTP is redirected to HTTPS",
        plain.status == 301 and plain.headers["Location"] == f"https://127.0.0.1:{site.port}/",
        f"{plain.status} {plain.headers['Location']}",
    )

    home = site.get("/")
    h = home.headers
    print(f"home page: {home.status}")
    check("home page answers 200", home.status == 200, home.status)
    csp = h["Content-Security-Policy"] or ""
    nonce = re.search(r"'nonce-([^']+)'", csp)
    check("CSP with a nonce used by the page's script", bool(nonce) and f'nonce="{nonce.group(1)}"' in home.content.decode(), csp)
    check("CSP has no unsafe-* source", "unsafe" not in csp and "frame-ancestors 'none'" in csp, csp)
    hsts = h["Strict-Transport-Security"] or ""
    check(
        "HSTS: max-age >= 1 year, includeSubDomains, preload",
        max_age(hsts) >= ONE_YEAR and "includeSubDomains" in hsts and "preload" in hsts,
        hsts,
    )
    for header, value in [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]:
        check(f"{header}: {value}", h[header] == value, h[header])
    check("home page is no-store", "no-store" in (h["Cache-Control"] or ""), h["Cache-Control"])

    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', home.content.decode())
    check("home page links a hashed stylesheet", bool(css))
    if css:
        static = site.get(css.group(1), headers={"Accept-Encoding": "br, gzip"})
        encoding = static.headers["Content-Encoding"]
        cache = static.headers["Cache-Control"] or ""
        check(f"{css.group(1)} answers 200", static.status == 200, static.status)
        check("static CSS is compressed (gzip or br)", encoding in ("gzip", "br"), encoding)
        if encoding == "gzip":
            check("gzip body is the stylesheet", b"Rekindle" in gzip.decompress(static.content)[:200])
        check("static CSS cached for a year, immutable", max_age(cache) >= ONE_YEAR and "immutable" in cache, cache)
        check("static CSS has Cross-Origin-Resource-Policy", static.headers["Cross-Origin-Resource-Policy"] == "same-origin")

    login = site.get("/accounts/login/")
    check_cookie(login, "__Host-csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.content.decode()).group(1)
    password = secrets.token_urlsafe(16)
    signup = site.post(
        "/accounts/signup/",
        {
            "csrfmiddlewaretoken": token,
            "display_name": "Prod Check",
            "email": f"prod-check-{secrets.token_hex(6)}@example.com",
            "password1": password,
            "password2": password,
        },
    )
    check("sign-up succeeds", signup.status == 302, signup.status)
    check_cookie(signup, "__Host-sessionid")
    profile = site.get("/profile/")
    check("signed in: /profile/ answers 200", profile.status == 200 and b"Your profile" in profile.content, profile.status)
    check("signed-in page is no-store", "no-store" in (profile.headers["Cache-Control"] or ""), profile.headers["Cache-Control"])

    secret = "prodcheck" + secrets.token_urlsafe(24)
    invite = site.get(f"/invite/{secret}/")
    check("invite link page sends Referrer-Policy: no-referrer", invite.headers["Referrer-Policy"] == "no-referrer")
    time.sleep(0.5)  # let gunicorn flush its access log line
    log = log_path.read_text()
    check("access log redacts the invite token", "/invite/[redacted]/" in log and secret not in log)
    check("access log has no query strings", "?" not in "".join(re.findall(r'"(?:GET|POST|HEAD) [^"]*"', log)))


def main() -> int:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "SECURE_PROXY_SSL_HEADER": "1",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("SMTP_HOST", None)
    with tempfile.TemporaryDirectory(prefix="rekindle-prodcheck-") as tmp:
        env["STATIC_ROOT"] = str(Path(tmp) / "static")
        print(f"prod-check: database {urlsplit(DATABASE_URL).path.lstrip('/')}, static files in {env['STATIC_ROOT']}")
        create_database_if_missing(DATABASE_URL)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

        port = free_port()
        log_path = Path(tmp) / "gunicorn.log"
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "rekindle.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            print(f"prod-check: gunicorn (pid {server.pid}) on 127.0.0.1:{port}")
            site = Site(port)
            for _ in range(100):
                try:
                    if site.get("/healthz", https=False).status == 200:
                        break
                except OSError:
                    pass
                if server.poll() is not None:
                    break
                time.sleep(0.2)
            run_checks(site, log_path)
        except Exception as error:  # a crash is a failed check, and gunicorn still stops
            check("checks ran to the end", False, repr(error))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            print(f"prod-check: gunicorn stopped (exit {server.returncode})")
            if failures:
                print("gunicorn log:\n" + log_path.read_text()[-3000:])

    if failures:
        print(f"prod-check: {len(failures)} check(s) failed: " + "; ".join(failures))
        return 1
    print("prod-check: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
