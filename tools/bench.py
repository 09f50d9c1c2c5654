"""`make bench`: seed PostgreSQL, serve the app with gunicorn (production
settings) on loopback, and measure the pages of the weekly flow against a
bare signed-in Django page (tools/ceiling) served the same way, with wrk.

Each page is measured, then the ceiling, then the next page and the ceiling
again, so that both see the same machine; a page's ratio is to the ceiling
run that followed it. All of it at 1 connection, then at 32.

Settings by environment: COUPLES (10), WEEKS (4), BENCH_SECONDS (10 a run),
BENCH_CONNECTIONS (1,32), BENCH_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/rekindle_bench). The database is dropped
and created afresh on every run.
"""

import gzip
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from tools.client import Browser
from tools.server import ROOT, Gunicorn, create_database, manage, prepare, production_env

COUPLES = int(os.environ.get("COUPLES", "10"))
WEEKS = int(os.environ.get("WEEKS", "4"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "1,32").split(",")]
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rekindle_bench")
LOGIN = "sam@demo.rekindle.example"  # seed_demo's demo partner
PAGES = [
    ("This week", "/"),
    ("Check-in", "/checkin/"),
    ("History", "/checkin/history/"),
    ("Together", "/together/"),
]
CONFIG = str(ROOT / "tools" / "bench_gunicorn.conf.py")


def step(message: str) -> None:
    print(f"bench: {message}", flush=True)


def wrk(url: str, cookie: str, connections: int) -> dict[str, float]:
    threads = min(2, connections)  # wrk itself needs a core's share at 32
    # A slow page at 32 connections is measured, not counted as failed: wrk's
    # default timeout (2 s) is under what 32 requests queued for 2 workers can take.
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{SECONDS}s", "--timeout", "10s"]
    command += ["-s", str(ROOT / "tools" / "bench_report.lua")]
    command += ["-H", "X-Forwarded-Proto: https", "-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    result = {k: float(v) for k, v in (item.split("=") for item in line.split()[1:])}
    result["rps"] = result["requests"] / result["seconds"]
    return result


def ceiling_env() -> dict[str, str]:
    """The bare project on the bench's database, with a secret of its own."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tools.ceiling.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": DATABASE_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }


def ceiling_cookie(env: dict[str, str], url: str) -> str:
    key = subprocess.run(
        [sys.executable, "-m", "tools.ceiling.signin", LOGIN], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    cookie = f"sessionid={key}"
    hello = Browser(url).get("/", headers={"Cookie": cookie})
    assert hello.status_code == 200 and hello.text.startswith("Hello, "), f"the ceiling answered {hello.status_code}"
    return cookie


def download_bytes(browser: Browser) -> tuple[int, list[str]]:
    """HTML gzipped (as a proxy would serve it) plus every CSS and JS file as WhiteNoise serves it compressed."""
    html = browser.get("/").content
    total, parts = len(gzip.compress(html)), [f"HTML {len(html)} B, {len(gzip.compress(html))} B gzipped"]
    for asset in re.findall(rb'(?:src|href)="(/static/[^"]+\.(?:css|js))"', html):
        response = browser.get(asset.decode(), headers={"Accept-Encoding": "gzip"}, stream=True)
        body = response.raw.read()  # as sent, not decompressed
        total += len(body)
        parts.append(f"{asset.decode()} {len(body)} B ({response.headers.get('Content-Encoding', 'identity')})")
    return total, parts


def main() -> None:
    step(f"fresh database {urlsplit(DATABASE_URL).path.lstrip('/')}")
    create_database(DATABASE_URL, fresh=True)
    with tempfile.TemporaryDirectory(prefix="rekindle-bench-") as tmp:
        env = production_env(DATABASE_URL, Path(tmp) / "static", WEB_CONCURRENCY="2", LOG_LEVEL="WARNING")
        prepare(env)
        step(f"seeding {COUPLES} couples x {WEEKS} weeks")
        started = time.monotonic()
        manage(env, "seed_demo", "--couples", str(COUPLES), "--weeks", str(WEEKS))
        seeded = time.monotonic() - started
        # Statistics for the planner, and the visibility map that lets index-only
        # scans skip the table: autovacuum would see to both in production, but
        # may be off (or not have run yet) on a bench machine.
        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        step("starting gunicorn for the app and for the ceiling (2 workers each, DEBUG=0, no access log)")
        args = ("--log-level", "warning")
        with (
            Gunicorn(env, Path(tmp) / "app.log", config=CONFIG, args=args) as server,
            Gunicorn(ceiling_env(), Path(tmp) / "ceiling.log", config=CONFIG, args=args, app="tools.ceiling.wsgi") as ceiling,
        ):
            browser = Browser(server.url, timeout=30)
            if browser.log_in(LOGIN).status_code != 302:
                sys.exit("bench: logging in failed")
            cookie = f"__Host-sessionid={browser.cookies['__Host-sessionid']}"
            assert "<h1>This week</h1>" in browser.get("/").text, "This week did not render"
            for _, path in PAGES:
                status = browser.get(path).status_code
                assert status == 200, f"{path} answered {status}, not the page"
            bare = ceiling_cookie(ceiling.env, ceiling.url)
            wrk(server.url + "/", cookie, 4)  # warm up both servers' workers
            wrk(ceiling.url + "/", bare, 4)
            runs = len(PAGES) * len(CONNECTIONS) * 2
            step(f"measuring {runs} runs of {SECONDS} s: each page, then the ceiling, at {' and '.join(map(str, CONNECTIONS))} connections")
            results = []  # (page, connections, the page's figures, the ceiling's right after)
            for connections in CONNECTIONS:
                for name, path in PAGES:
                    page = wrk(server.url + path, cookie, connections)
                    results.append((f"{name} ({path})", connections, page, wrk(ceiling.url + "/", bare, connections)))
            total, parts = download_bytes(browser)
    report(results, seeded, total, parts)


def report(results: list, seeded: float, total: int, parts: list[str]) -> None:
    print(f"\nRekindle bench: {COUPLES} couples x {WEEKS} weeks (seeded in {seeded:.0f} s), {os.cpu_count()} CPUs, {SECONDS} s a run")
    print("Ceiling: a bare signed-in Django page (tools/ceiling), measured right after each page.")
    print("Ratios: the page's requests/s over the ceiling's (1.00 would be as fast), its p50 over the ceiling's.\n")
    header = f"{'':30} {'conns':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}  {'ceiling':>8} {'p50 ms':>7}  {'req/s ratio':>11} {'p50 ratio':>9}"
    print(header)
    for name, connections, r, c in results:
        print(
            f"{name:30} {connections:5d} {r['rps']:8.1f} {r['p50']:8.2f} {r['p95']:8.2f} {int(r['errors']):6d}  "
            f"{c['rps']:8.1f} {c['p50']:7.2f}  {r['rps'] / c['rps']:11.2f} {r['p50'] / c['p50']:8.1f}x"
        )
    for connections in CONNECTIONS:
        runs = [c for _, n, _, c in results if n == connections]
        rps = [c["rps"] for c in runs]
        print(
            f"{'Ceiling, median of ' + str(len(runs)):30} {connections:5d} {statistics.median(rps):8.1f} "
            f"{statistics.median(c['p50'] for c in runs):8.2f} {statistics.median(c['p95'] for c in runs):8.2f} "
            f"{sum(int(c['errors']) for c in runs):6d}  (req/s {min(rps):.1f} to {max(rps):.1f})"
        )
    print(f"\nDashboard download, compressed: {total / 1000:.1f} kB")
    for part in parts:
        print(f"  {part}")


if __name__ == "__main__":
    main()
