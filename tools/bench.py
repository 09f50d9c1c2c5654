"""`make bench`: seed PostgreSQL, serve with gunicorn (production settings) on
loopback, and measure the logged-in dashboard against a minimal page with wrk.

Settings by environment: COUPLES (10), WEEKS (4), BENCH_SECONDS (10),
BENCH_CONNECTIONS (4), BENCH_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/rekindle_bench). The database is dropped
and created afresh on every run.
"""

import gzip
import os
import re
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
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rekindle_bench")
LOGIN = "sam@demo.rekindle.example"  # seed_demo's demo partner


def step(message: str) -> None:
    print(f"bench: {message}", flush=True)


def wrk(url: str, cookie: str | None) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(ROOT / "tools" / "bench_report.lua")]
    command += ["-H", "X-Forwarded-Proto: https"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    result = {k: float(v) for k, v in (item.split("=") for item in line.split()[1:])}
    result["rps"] = result["requests"] / result["seconds"]
    return result


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
        step("starting gunicorn (2 workers, DEBUG=0, no access log)")
        config = str(ROOT / "tools" / "bench_gunicorn.conf.py")
        with Gunicorn(env, Path(tmp) / "gunicorn.log", config=config, args=("--log-level", "warning")) as server:
            browser = Browser(server.url, timeout=30)
            if browser.log_in(LOGIN).status_code != 302:
                sys.exit("bench: logging in failed")
            cookie = f"__Host-sessionid={browser.cookies['__Host-sessionid']}"
            assert "<h1>You and Alex</h1>" in browser.get("/").text, "the dashboard did not render"
            wrk(server.url + "/", cookie)  # warm up both workers
            step(f"measuring for {SECONDS} s each, {CONNECTIONS} connections")
            dashboard = wrk(server.url + "/", cookie)
            ceiling = wrk(server.url + "/help/", None)
            total, parts = download_bytes(browser)
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
