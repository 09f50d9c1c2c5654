"""make bench: seed PostgreSQL, serve with gunicorn (production settings) on
loopback, and measure the logged-in dashboard against a minimal page.

Settings by environment: COUPLES (10), WEEKS (4), BENCH_SECONDS (10),
BENCH_CONNECTIONS (4), BENCH_PORT (8765), BENCH_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/rekindle_bench). The database is dropped
and created afresh on every run.
"""

import gzip
import http.client
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
COUPLES = int(os.environ.get("COUPLES", "10"))
WEEKS = int(os.environ.get("WEEKS", "4"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rekindle_bench")
LOGIN, PASSWORD = "sam@demo.rekindle.example", "rekindle-demo"  # from seed_demo

ENV = os.environ | {
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
    # Production settings redirect plain HTTP to HTTPS: play the TLS-terminating
    # proxy instead, by sending the header a trusted proxy would set.
    "SECURE_PROXY_SSL_HEADER": "1",
}
PROXY = {"X-Forwarded-Proto": "https"}


def step(message: str) -> None:
    print(f"bench: {message}", flush=True)


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def fresh_database() -> None:
    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    with psycopg.connect(DATABASE_URL.replace(url.path, "/postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def request(method: str, path: str, headers: dict | None = None, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request(method, path, body=body, headers=PROXY | (headers or {}))
    response = conn.getresponse()
    return response, response.read()


def cookie(response, name: str) -> str | None:
    """`name=value` from the Set-Cookie headers, read by hand: production cookies
    are Secure and may carry the __Host- prefix."""
    for header in response.headers.get_all("Set-Cookie") or []:
        pair = header.split(";", 1)[0].strip()
        if pair.split("=", 1)[0].removeprefix("__Host-") == name:
            return pair
    return None


def log_in() -> str:
    response, body = request("GET", "/accounts/login/")
    csrf = cookie(response, "csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode({"login": LOGIN, "password": PASSWORD, "csrfmiddlewaretoken": token})
    response, _ = request(
        "POST",
        "/accounts/login/",
        {"Cookie": csrf, "Content-Type": "application/x-www-form-urlencoded", "Referer": f"https://127.0.0.1:{PORT}/accounts/login/"},
        form,
    )
    session = cookie(response, "sessionid")
    if response.status != 302 or not session:
        sys.exit(f"bench: logging in failed (HTTP {response.status})")
    return session


def wrk(path: str, cookie: str | None) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(ROOT / "bench" / "report.lua")]
    command += ["-H", "X-Forwarded-Proto: https"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    values = dict(item.split("=") for item in line.split()[1:])
    result = {k: float(v) for k, v in values.items()}
    result["rps"] = result["requests"] / result["seconds"]
    return result


def download_bytes(cookie: str) -> tuple[int, list[str]]:
    """HTML gzipped (as a proxy would serve it) plus every CSS and JS file as WhiteNoise serves it compressed."""
    _, html = request("GET", "/", {"Cookie": cookie})
    total, parts = len(gzip.compress(html)), [f"HTML {len(html)} B, {len(gzip.compress(html))} B gzipped"]
    for asset in re.findall(rb'(?:src|href)="(/static/[^"]+\.(?:css|js))"', html):
        response, body = request("GET", asset.decode(), {"Accept-Encoding": "gzip"})
        total += len(body)
        parts.append(f"{asset.decode()} {len(body)} B ({response.headers.get('Content-Encoding', 'identity')})")
    return total, parts


def main() -> None:
    step(f"fresh database {urlparse(DATABASE_URL).path.lstrip('/')}")
    fresh_database()
    manage("migrate", "--noinput", "-v0")
    step(f"seeding {COUPLES} couples x {WEEKS} weeks")
    started = time.monotonic()
    manage("seed_demo", "--couples", str(COUPLES), "--weeks", str(WEEKS))
    seeded = time.monotonic() - started
    manage("collectstatic", "--noinput", "-v0")
    # Statistics for the planner, and the visibility map that lets index-only
    # scans skip the table: autovacuum would see to both in production, but
    # may be off (or not have run yet) on a bench machine.
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    step("starting gunicorn (2 workers, DEBUG=0, no access log)")
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "rekindle.wsgi", "--config", str(ROOT / "bench" / "gunicorn.conf.py"),
         "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(50):
            try:
                request("GET", "/help/")
                break
            except OSError:
                time.sleep(0.2)
        cookie = log_in()
        response, body = request("GET", "/", {"Cookie": cookie})
        assert response.status == 200 and b"<h1>You and Alex</h1>" in body, "the dashboard did not render"
        request("GET", "/help/")
        wrk("/", cookie)  # warm up both workers
        step(f"measuring for {SECONDS} s each, {CONNECTIONS} connections")
        dashboard = wrk("/", cookie)
        ceiling = wrk("/help/", None)
        total, parts = download_bytes(cookie)
    finally:
        server.terminate()
        server.wait()
    rows = [("Dashboard, logged in (/)", dashboard), ("Ceiling: /help/, anonymous", ceiling)]
    print(f"\nRekindle bench: {COUPLES} couples x {WEEKS} weeks (seeded in {seeded:.0f} s), {os.cpu_count()} CPUs")
    print(f"{'':28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for name, r in rows:
        print(f"{name:28} {r['rps']:8.1f} {r['p50']:8.2f} {r['p95']:8.2f} {int(r['errors']):7d}")
    print(f"Ratio dashboard/ceiling: {dashboard['rps'] / ceiling['rps']:.2f} of the requests/s, "
          f"{dashboard['p50'] / ceiling['p50']:.2f}x the p50 latency")
    print(f"Dashboard download, compressed: {total / 1000:.1f} kB")
    for part in parts:
        print(f"  {part}")


if __name__ == "__main__":
    main()
