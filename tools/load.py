"""`make load`: 32 partners at once against gunicorn + PostgreSQL on loopback,
driven by Locust, then proof that every write the site acknowledged is in
the database.

A private PostgreSQL cluster (initdb in a temporary directory, removed at
the end), collectstatic and migrate, `seed_demo` with 16 generated couples
and six weeks of check-ins, gunicorn with production settings (DEBUG off,
gunicorn.conf.py). Each partner logs in through the real form, then Locust
runs one user per partner, without pauses, for LOAD_SECONDS (60): the
dashboard most, edits of this week's check-in (on the check-in page, or from
the dashboard with htmx and its two panels refreshing), single questionnaire
answers, the check-in history (`tools.client.Partner.MIX`). Every edit and
answer carries values that are recorded; afterwards the database must hold
the last acknowledged value of each. Exits non-zero on any failed request or
lost write; gunicorn and the cluster are always stopped.

Settings: LOAD_SECONDS (60), LOAD_COUPLES (16), WEB_CONCURRENCY (gunicorn's
workers; gunicorn.conf.py's 2 x CPUs + 1 if unset).
"""

import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import gevent
from locust import User, constant, task
from locust.env import Environment

from tools.client import Result, log_in, seeded_partners, verify_writes
from tools.server import Gunicorn, PostgresCluster, cpu_seconds, manage, prepare, production_env


def say(message: str) -> None:
    print(f"load: {message}", flush=True)


class PartnerUser(User):
    """One logged-in partner, browsing without pauses; each of its requests
    goes into Locust's statistics under its kind."""

    wait_time = constant(0)
    waiting: list = []  # partners logged in before the run, one per user

    def on_start(self) -> None:
        self.partner = self.waiting.pop()
        self.partner.on_result = self.report
        self.rng = random.Random(self.partner.index)

    def report(self, result: Result) -> None:
        self.environment.events.request.fire(
            request_type=result.method,
            name=result.kind,
            response_time=result.seconds * 1000,
            response_length=result.length,
            exception=None if result.ok else AssertionError(f"answered {result.status or result.error}"),
            context={},
        )

    @task
    def browse(self) -> None:
        self.partner.step(self.rng)


def run(user_count: int, seconds: float) -> Environment:
    environment = Environment(user_classes=[PartnerUser], stop_timeout=30)  # users finish the step they are in
    runner = environment.create_local_runner()
    runner.start(user_count, spawn_rate=user_count)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    return environment


def latency_table(environment: Environment, seconds: float) -> list[str]:
    """Requests, requests/s and p50/p95/p99 in ms per kind and overall, from Locust's statistics."""
    entries = sorted(environment.stats.entries.values(), key=lambda e: -e.num_requests)
    lines = [f"  {'request':<14} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"]
    for entry in [*entries, environment.stats.total]:
        name = "all" if entry is environment.stats.total else entry.name
        lines.append(
            f"  {name:<14} {entry.num_requests:>7} {entry.num_requests / seconds:>7.1f} "
            + " ".join(f"{entry.get_response_time_percentile(p):>8.0f}" for p in (0.5, 0.95, 0.99))
            + f" {entry.num_failures:>7}"
        )
    return lines


def machine(cluster: PostgresCluster, workers: int) -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.process_cpu_count()} CPUs, {memory:.0f} GiB, Python {platform.python_version()}, "
        f"{cluster.version}, gunicorn {workers} sync workers"
    )


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent not idle since boot."""
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def cpu_use(server: Gunicorn, cluster: PostgresCluster) -> dict[str, float]:
    """CPU seconds so far: gunicorn, PostgreSQL, this client, the whole machine.
    The machine is shared, so what is left over is other people's work."""
    return {
        "gunicorn": cpu_seconds(server.process.pid),
        "PostgreSQL": cpu_seconds(cluster.postmaster),
        "load client": sum(os.times()[:2]),
        "machine": busy_cpu_seconds(),
    }


def main() -> int:
    seconds = float(os.environ.get("LOAD_SECONDS", "60"))
    couples = int(os.environ.get("LOAD_COUPLES", "16"))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="rekindle-load-") as tmp, PostgresCluster() as cluster:
        say(f"private PostgreSQL cluster on 127.0.0.1:{cluster.port}")
        workers = os.environ.get("WEB_CONCURRENCY") or str(2 * os.process_cpu_count() + 1)  # as gunicorn.conf.py
        env = production_env(cluster.url, Path(tmp) / "static", WEB_CONCURRENCY=workers)
        prepare(env)
        manage(env, "seed_demo", "--couples", str(couples + 1), "--weeks", "6", "-v0")
        partners = seeded_partners(cluster.url)
        say(f"seeded {couples} couples ({len(partners)} partners), six weeks of check-ins each")
        with Gunicorn(env, Path(tmp) / "gunicorn.log") as server:
            if server.process.poll() is not None:
                say("gunicorn did not come up:\n" + server.log[-3000:])
                return 1
            say(machine(cluster, len(server.workers())))
            if problems := log_in(partners, server.url, cluster.url):
                say("log-in failed: " + "; ".join(problems[:5]))
                return 1
            say(f"{len(partners)} partners logged in; Locust runs them for {seconds:.0f} s")
            PartnerUser.waiting = list(partners)
            before = cpu_use(server, cluster)
            run_started = time.monotonic()
            environment = run(len(partners), seconds)
            elapsed = time.monotonic() - run_started
            cpu = {what: used - before[what] for what, used in cpu_use(server, cluster).items()}
        total = environment.stats.total
        say(f"{total.num_requests} requests in {elapsed:.1f} s: {total.num_requests / elapsed:.1f} requests/s")
        print("\n".join(latency_table(environment, elapsed)))
        ours = cpu["gunicorn"] + cpu["PostgreSQL"] + cpu["load client"]
        say(
            f"CPU during the run, of {os.process_cpu_count()} x {elapsed:.0f} = {os.process_cpu_count() * elapsed:.0f} CPU-s: "
            + ", ".join(f"{what} {cpu[what]:.0f} s" for what in ("gunicorn", "PostgreSQL", "load client"))
            + f", other processes on the machine {max(0, cpu['machine'] - ours):.0f} s"
        )
        say(
            f"CPU per request: gunicorn {cpu['gunicorn'] / max(1, total.num_requests) * 1000:.1f} ms, "
            f"PostgreSQL {cpu['PostgreSQL'] / max(1, total.num_requests) * 1000:.1f} ms"
        )
        for error in list(environment.stats.errors.values())[:10]:
            say(f"failed: {error.name} {error.error} ({error.occurrences} times)")

        verified = verify_writes(partners, cluster.url)
        writes = [w for p in partners for w in p.writes]
        say(f"writes acknowledged: {sum(w.ok for w in writes)} of {len(writes)} sent")
        say(f"writes verified: {verified.matched}/{verified.checked} final values in the database equal the last acknowledged write")
        for problem in verified.problems[:10]:
            say(f"lost or wrong write: {problem}")
    say(f"done in {time.monotonic() - started:.0f} s (gunicorn and PostgreSQL stopped)")
    if total.num_failures or not total.num_requests or verified.problems or verified.matched != verified.checked:
        say(f"FAILED: {total.num_failures} failed requests, {verified.checked - verified.matched} writes not as acknowledged")
        return 1
    say("passed: no errors, every acknowledged write is stored")
    return 0


if __name__ == "__main__":
    sys.exit(main())
