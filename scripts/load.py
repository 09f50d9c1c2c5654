"""`make load`: 32 partners at once against gunicorn + PostgreSQL on loopback,
then proof that every write the site acknowledged is in the database.

A private PostgreSQL cluster (initdb in a temporary directory, removed at
the end), collectstatic and migrate, 16 seeded couples with six weeks of
check-ins, gunicorn with production settings (DEBUG off, gunicorn.conf.py).
Each partner logs in through the real form, then, in its own thread and
without pauses, browses for LOAD_SECONDS (60): the dashboard most, edits of
this week's check-in (on the check-in page, or from the dashboard with htmx
and its two panels refreshing), single questionnaire answers, the check-in
history. Every edit and answer carries values that are
recorded; afterwards the database must hold the last acknowledged value of
each. Exits non-zero on any failed request or lost write; gunicorn and the
cluster are always stopped.

Settings: LOAD_SECONDS (60), LOAD_COUPLES (16), WEB_CONCURRENCY (gunicorn's
workers; gunicorn.conf.py's 2 x CPUs + 1 if unset).
"""

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from _partners import browse, latency_table, log_in, seed, verify_writes
from _server import Gunicorn, PostgresCluster, Site, cpu_seconds, prepare, production_env, setup_django


def say(message: str) -> None:
    print(f"load: {message}", flush=True)


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
        setup_django(env)
        partners = seed(couples)
        say(f"seeded {couples} couples ({len(partners)} partners), six weeks of check-ins each")
        with Gunicorn(env, Path(tmp) / "gunicorn.log") as server:
            if Site(server.port).get("/healthz", https=False).status != 200:
                say("gunicorn did not come up:\n" + (Path(tmp) / "gunicorn.log").read_text()[-3000:])
                return 1
            say(machine(cluster, len(server.workers())))
            if problems := log_in(partners, server.port):
                say("log-in failed: " + "; ".join(problems[:5]))
                return 1
            say(f"{len(partners)} partners logged in; browsing for {seconds:.0f} s")
            before = cpu_use(server, cluster)
            elapsed = browse(partners, seconds)
            cpu = {what: used - before[what] for what, used in cpu_use(server, cluster).items()}
        results = [r for p in partners for r in p.results]
        say(f"{len(results)} requests in {elapsed:.1f} s: {len(results) / elapsed:.1f} requests/s")
        print("\n".join(latency_table(results, elapsed)))
        ours = cpu["gunicorn"] + cpu["PostgreSQL"] + cpu["load client"]
        say(
            f"CPU during the run, of {os.process_cpu_count()} x {elapsed:.0f} = {os.process_cpu_count() * elapsed:.0f} CPU-s: "
            + ", ".join(f"{what} {cpu[what]:.0f} s" for what in ("gunicorn", "PostgreSQL", "load client"))
            + f", other processes on the machine {max(0, cpu['machine'] - ours):.0f} s"
        )
        say(
            f"CPU per request: gunicorn {cpu['gunicorn'] / len(results) * 1000:.1f} ms, "
            f"PostgreSQL {cpu['PostgreSQL'] / len(results) * 1000:.1f} ms"
        )
        failed = [r for r in results if not r.ok]
        for r in failed[:10]:
            say(f"failed: {r.kind} answered {r.status or r.error}")

        verified = verify_writes(partners)
        writes = [w for p in partners for w in p.writes]
        say(f"writes acknowledged: {sum(w.ok for w in writes)} of {len(writes)} sent")
        say(f"writes verified: {verified.matched}/{verified.checked} final values in the database equal the last acknowledged write")
        for problem in verified.problems[:10]:
            say(f"lost or wrong write: {problem}")
    say(f"done in {time.monotonic() - started:.0f} s (gunicorn and PostgreSQL stopped)")
    if failed or verified.problems or verified.matched != verified.checked:
        say(f"FAILED: {len(failed)} failed requests, {verified.checked - verified.matched} writes not as acknowledged")
        return 1
    say("passed: no errors, every acknowledged write is stored")
    return 0


if __name__ == "__main__":
    sys.exit(main())
