"""`make prod-check`: the production path without a container engine.

collectstatic into a temporary STATIC_ROOT, migrate a PostgreSQL database
(PROD_CHECK_DATABASE_URL, created if missing), gunicorn with DEBUG off and
gunicorn.conf.py on a free loopback port, then check what a browser would
get: health endpoint, compressed and far-future-cached static files, security
headers and cookies, no-store on private pages, no secrets in the access log.
gunicorn is always stopped; the exit status is non-zero if any check failed.
"""

import gzip
import os
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from _server import Checks, Gunicorn, Site, create_database_if_missing, prepare, production_env

DATABASE_URL = os.environ.get(
    "PROD_CHECK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rekindle_prodcheck"
)
ONE_YEAR = 365 * 24 * 3600
check = Checks("prod-check")


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
    with tempfile.TemporaryDirectory(prefix="rekindle-prodcheck-") as tmp:
        env = production_env(DATABASE_URL, Path(tmp) / "static", WEB_CONCURRENCY="2")
        print(f"prod-check: database {urlsplit(DATABASE_URL).path.lstrip('/')}, static files in {env['STATIC_ROOT']}")
        if create_database_if_missing(DATABASE_URL):
            print(f"prod-check: created database {urlsplit(DATABASE_URL).path.lstrip('/')}")
        prepare(env)

        log_path = Path(tmp) / "gunicorn.log"
        server = Gunicorn(env, log_path)
        try:
            with server:
                print(f"prod-check: gunicorn (pid {server.process.pid}) on 127.0.0.1:{server.port}")
                run_checks(Site(server.port), log_path)
        except Exception as error:  # a crash is a failed check, and gunicorn still stops
            check("checks ran to the end", False, repr(error))
        print(f"prod-check: gunicorn stopped (exit {server.process.returncode})")
        if check.failures:
            print("gunicorn log:\n" + log_path.read_text()[-3000:])
    return check.verdict()


if __name__ == "__main__":
    sys.exit(main())
