"""What a browser gets from the production path: health endpoint, HTTPS,
compressed and far-future-cached static files, security headers and
cookies, no-store on private pages, no secrets in the access log."""

import gzip
import re
import secrets
import time

import psycopg
import pytest

from tools.client import PLAIN_HTTP

pytestmark = pytest.mark.prodcheck

ONE_YEAR = 365 * 24 * 3600


def max_age(cache_control: str) -> int:
    match = re.search(r"max-age=(\d+)", cache_control)
    return int(match.group(1)) if match else 0


def cookie_attributes(response, name: str) -> dict[str, str]:
    """The attributes of the `name` cookie the response sets, lower-cased names."""
    for cookie in response.raw.headers.getlist("Set-Cookie"):
        if cookie.startswith(name + "="):
            return {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    raise AssertionError(f"{name} not set")


def assert_host_cookie(response, name: str) -> None:
    attributes = cookie_attributes(response, name)
    assert "secure" in attributes and "httponly" in attributes, attributes
    assert attributes.get("samesite") == "SameSite=Lax" and attributes.get("path") == "Path=/", attributes
    assert "domain" not in attributes, attributes


@pytest.fixture(scope="module")
def home(production):
    return production.browser().get("/")


@pytest.fixture(scope="module")
def signed_up(production):
    """A browser that has just signed up, and the sign-up's response."""
    browser = production.browser()
    login = browser.get("/accounts/login/")
    token = browser.form_token(login)
    password = secrets.token_urlsafe(16)
    form = {
        "csrfmiddlewaretoken": token,
        "display_name": "Prod Check",
        "email": f"prod-check-{secrets.token_hex(6)}@example.com",
        "password1": password,
        "password2": password,
    }
    signup = browser.post("/accounts/signup/", data=form)
    # Production confirms addresses before log-in; the confirmation mail waits
    # in the queue (no worker here), so confirm it in the database as its link would.
    with psycopg.connect(production.env["DATABASE_URL"], autocommit=True) as db:
        db.execute("UPDATE account_emailaddress SET verified = true WHERE email = %s", (form["email"],))
    page = browser.get("/accounts/login/")
    browser.post(
        "/accounts/login/",
        data={"csrfmiddlewaretoken": browser.form_token(page), "login": form["email"], "password": password},
    )
    return browser, login, signup


def test_healthz_answers_over_plain_http(production):
    assert production.browser().get("/healthz", headers=PLAIN_HTTP).status_code == 200


def test_plain_http_is_redirected_to_https(production):
    response = production.browser().get("/", headers=PLAIN_HTTP)
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{production.gunicorn.port}/"


def test_home_page_csp_has_a_nonce_and_no_unsafe_source(home):
    assert home.status_code == 200
    csp = home.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and f'nonce="{nonce.group(1)}"' in home.text, csp
    assert "unsafe" not in csp and "frame-ancestors 'none'" in csp, csp


def test_home_page_hsts_a_year_with_subdomains_and_preload(home):
    hsts = home.headers["Strict-Transport-Security"]
    assert max_age(hsts) >= ONE_YEAR and "includeSubDomains" in hsts and "preload" in hsts, hsts


@pytest.mark.parametrize(
    "header, value",
    [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ],
)
def test_home_page_security_header(home, header, value):
    assert home.headers.get(header) == value


def test_home_page_is_no_store(home):
    assert "no-store" in home.headers["Cache-Control"]


def test_hashed_stylesheet_is_compressed_and_cached_for_a_year(production, home):
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', home.text)
    assert css, "the home page links no hashed stylesheet"
    static = production.browser().get(css.group(1), headers={"Accept-Encoding": "gzip"}, stream=True)
    assert static.status_code == 200
    assert static.headers["Content-Encoding"] == "gzip"
    assert b"Rekindle" in gzip.decompress(static.raw.read())[:200]
    cache = static.headers["Cache-Control"]
    assert max_age(cache) >= ONE_YEAR and "immutable" in cache, cache
    assert static.headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_csrf_cookie_is_a_host_cookie(signed_up):
    browser, login, signup = signed_up
    assert_host_cookie(login, "__Host-csrftoken")


def test_sign_up_sets_a_host_session_cookie(signed_up):
    browser, login, signup = signed_up
    assert signup.status_code == 302
    assert_host_cookie(signup, "__Host-sessionid")


def test_signed_in_page_is_no_store(signed_up):
    browser, login, signup = signed_up
    profile = browser.get("/profile/")
    assert profile.status_code == 200 and "Your profile" in profile.text
    assert "no-store" in profile.headers["Cache-Control"]


def test_invite_page_sends_no_referrer_and_the_access_log_redacts_its_token(production):
    secret = "prodcheck" + secrets.token_urlsafe(24)
    invite = production.browser().get(f"/invite/{secret}/")
    assert invite.headers["Referrer-Policy"] == "no-referrer"
    time.sleep(0.5)  # let gunicorn flush its access log line
    log = production.gunicorn.log
    assert "/invite/[redacted]/" in log and secret not in log


def test_access_log_has_no_query_strings(production):
    production.browser().get("/help/?from=prod-check")
    time.sleep(0.5)
    requests_logged = re.findall(r'"(?:GET|POST|HEAD) [^"]*"', production.gunicorn.log)
    assert requests_logged and not any("?" in line for line in requests_logged)


@pytest.mark.parametrize("job", ["send_checkin_reminders", "clearsessions"])
def test_the_schedulers_jobs_run_on_the_production_path(production, job):
    """What docker-compose's scheduler runs every hour, on the same settings and database."""
    run = production.start(job, job)
    assert run.process.wait(timeout=120) == 0, run.log[-2000:]
