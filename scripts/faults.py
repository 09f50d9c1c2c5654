"""`make faults`: the site under light load while its database restarts and
while a gunicorn worker is killed in the middle of a request.

Everything runs against a private PostgreSQL cluster (initdb in a temporary
directory, removed at the end), so stopping the database disturbs no one;
gunicorn runs with production settings and 3 workers. Eight partners browse
throughout (as in `make load`, with 20 ms between requests).

1. Database restart: `pg_ctl restart -m fast`, then later the database
   stopped for 3 s and started again. Every request that fails must get
   the calm 503 page (Retry-After, its heading, no traceback or error
   names); no 500s, no dropped connections. Once PostgreSQL is back, the
   same gunicorn (no restart) must answer every request started more than
   RECOVERY_LIMIT seconds later.
2. Worker killed mid-request: a ninth partner saves a check-in while the
   script holds a lock on that row, so the worker serving it waits inside
   its transaction; that worker (found by the socket it holds) is killed
   with SIGKILL. That request gets no answer and its values are not stored;
   every other request succeeds; the master starts a new worker.

Then every write is checked against the database: each stored check-in and
answer is exactly a value some request sent (never a mix), and no older than
the last acknowledged write. Exits non-zero if anything fails.
"""

import http.client
import os
import random
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

from _partners import CHECKIN_FIELDS, Partner, Write, browse, log_in, seed, verify_writes
from _server import Checks, Gunicorn, PostgresCluster, Site, prepare, production_env, setup_django

RECOVERY_LIMIT = 5.0  # seconds after PostgreSQL is back
THINK = 0.02
check = Checks("faults")


def say(message: str) -> None:
    print(f"faults: {message}", flush=True)


class Load:
    """Partners browsing in the background until the block ends."""

    def __init__(self, partners: list[Partner], seed: int):
        self.partners, self.seed = partners, seed
        self.stop = threading.Event()

    def __enter__(self) -> "Load":
        for partner in self.partners:
            partner.results = []
        self.thread = threading.Thread(
            target=browse, args=(self.partners, 600), kwargs={"seed": self.seed, "think": THINK, "stop": self.stop}
        )
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()

    @property
    def results(self):
        return sorted((r for p in self.partners for r in p.results), key=lambda r: r.started)


def database_restart(cluster: PostgresCluster, partners: list[Partner]) -> None:
    say("1. PostgreSQL restarts while 8 partners browse")
    outages = []
    with Load(partners, seed=2) as load:
        time.sleep(4)
        down = time.monotonic()
        cluster.restart()
        outages.append(("pg_ctl restart -m fast", down, time.monotonic()))
        time.sleep(8)
        down = time.monotonic()
        cluster.stop()
        time.sleep(3)
        cluster.start()
        outages.append(("stopped 3 s, then started", down, time.monotonic()))
        time.sleep(8)
    results = load.results

    bad = [r for r in results if not r.ok and not r.clean_503]
    check(
        "every failed request got the clean 503 page (Retry-After, heading, no traceback); no 500s, no dropped connections",
        not bad,
        ", ".join(f"{r.kind}: {r.status or r.error}" for r in bad[:5]) or f"{len(results)} requests",
    )
    first_down = outages[0][1]
    before = [r for r in results if r.ended < first_down]
    check("before the first outage every request succeeded", all(r.ok for r in before), f"{sum(r.ok for r in before)}/{len(before)}")
    for n, (how, down, up) in enumerate(outages):
        # This outage's requests: those that ended after it began and before the next one began.
        until = outages[n + 1][1] if n + 1 < len(outages) else float("inf")
        window = [r for r in results if down <= r.ended < until]
        failed = [r for r in window if not r.ok]
        late = [r for r in window if r.started > up + RECOVERY_LIMIT]
        first_ok = min((r.ended for r in window if r.ok and r.started >= up), default=float("nan"))
        seen = f"t{min(r.started for r in failed) - down:+.2f} s to t{max(r.ended for r in failed) - down:+.2f} s" if failed else "none"
        print(
            f"  outage {n + 1} ({how}), t = pg_ctl called: database back at t{up - down:+.2f} s; "
            f"{len(failed)} of {len(window)} requests answered 503, {seen}; "
            f"first success after it was back at t{first_ok - down:+.2f} s",
            flush=True,
        )
        check(
            f"outage {n + 1}: every request started {RECOVERY_LIMIT:.0f}+ s after the database was back succeeded (same gunicorn)",
            bool(late) and all(r.ok for r in late),
            f"{sum(r.ok for r in late)}/{len(late)}",
        )
    check("the long outage was seen: some requests got the 503 page", any(r.clean_503 for r in results))


def worker_kill(cluster: PostgresCluster, server: Gunicorn, partners: list[Partner], victim: Partner) -> None:
    say("2. A gunicorn worker is killed in the middle of a request while 8 partners browse")
    before = server.workers()
    values = victim.next_checkin(random.Random(9))
    outcome: dict = {}
    with Load(partners, seed=3) as load, psycopg.connect(cluster.url) as holder, psycopg.connect(cluster.url, autocommit=True) as watch:
        time.sleep(2)
        # Hold the victim's check-in row, so saving it waits inside the worker's transaction.
        holder.execute(
            "SELECT 1 FROM couples_checkin WHERE user_id = %s AND week_start = %s FOR UPDATE", [victim.user_id, victim.week]
        )
        headers, body = victim.site.prepare("POST", "/checkin/", form=victim.checkin_form(values))
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.connect()
        client_port = conn.sock.getsockname()[1]

        def send():
            try:
                conn.request("POST", "/checkin/", body=body, headers=headers)
                outcome["status"] = victim.site.receive(conn).status
            except (OSError, http.client.HTTPException) as error:
                outcome["error"] = type(error).__name__

        sender = threading.Thread(target=send)
        sender.start()
        worker = waiting = None
        for _ in range(100):
            worker = worker or server.worker_serving(client_port)
            waiting = watch.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").fetchone()[0]
            if worker and waiting:
                break
            time.sleep(0.05)
        check("the worker serving the check-in is found and waits on the row lock, mid-transaction", bool(worker and waiting), f"pid {worker}")
        killed_at = time.monotonic()
        if worker:
            os.kill(worker, signal.SIGKILL)
        sender.join(10)
        holder.rollback()  # let go of the row
        respawn = None
        while respawn is None and time.monotonic() - killed_at < 15:
            now = server.workers()
            if len(now) == len(before) and worker not in now:
                respawn = time.monotonic() - killed_at
            time.sleep(0.01)
        time.sleep(4)
    victim.checkins.append(Write(values, outcome.get("status") == 302))
    results = load.results
    during = [r for r in results if killed_at - 1 <= r.started <= killed_at + 1]

    check("the killed request got no answer (connection closed), never a success", "error" in outcome, outcome.get("error") or f"HTTP {outcome.get('status')}")
    check(
        "every other request succeeded, during and after the kill",
        all(r.ok for r in results),
        f"{sum(r.ok for r in results)}/{len(results)}; {len(during)} within 1 s of the kill",
    )
    check("the master started a new worker", respawn is not None, f"{respawn:.2f} s after the kill" if respawn else "none in 15 s")
    check("the other workers were not restarted", set(before) - {worker} <= set(server.workers()))

    from django.db import connections

    from couples.models import CheckIn

    connections.close_all()  # ours predates the database restart
    stored = CheckIn.objects.filter(user_id=victim.user_id, week_start=victim.week).values_list(*CHECKIN_FIELDS).get()
    check("the killed request's check-in was not stored (its transaction rolled back)", stored == victim.seeded)


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="rekindle-faults-") as tmp, PostgresCluster() as cluster:
        say(f"private PostgreSQL cluster on 127.0.0.1:{cluster.port} ({cluster.version})")
        env = production_env(cluster.url, Path(tmp) / "static", WEB_CONCURRENCY="3")
        prepare(env)
        setup_django(env)
        partners = seed(5)
        log_path = Path(tmp) / "gunicorn.log"
        with Gunicorn(env, log_path) as server:
            check("gunicorn answers /healthz", Site(server.port).get("/healthz", https=False).status == 200)
            problems = log_in(partners, server.port)
            check("10 partners logged in", not problems, "; ".join(problems[:3]))
            if not check.failures:
                database_restart(cluster, partners[:8])
                worker_kill(cluster, server, partners[:8], partners[8])
        say("3. Writes against the database")
        verified = verify_writes(partners)
        writes = [w for p in partners for w in p.writes]
        check(
            "every stored check-in and answer is whole, a value that was sent, and no older than the last acknowledged write",
            not verified.problems,
            "; ".join(verified.problems[:3]) or f"{len(writes)} writes sent, {sum(not w.ok for w in writes)} not acknowledged",
        )
        print(
            f"  {verified.matched}/{verified.checked} final values equal the last acknowledged write; "
            f"{verified.stored_unacknowledged} final values come from a later write that got the 503 page",
            flush=True,
        )
        if check.failures:
            print("gunicorn log (end):\n" + log_path.read_text()[-4000:])
    say(f"done in {time.monotonic() - started:.0f} s (gunicorn and PostgreSQL stopped)")
    return check.verdict()


if __name__ == "__main__":
    sys.exit(main())
