"""Partners for the load and fault scripts: seeded couples, each partner a
thread that browses the running site as a person would and remembers every
write it sent and whether the site acknowledged it, so that the database can
be checked against that record afterwards.

Needs Django set up (`_server.setup_django`) on the database gunicorn uses.
"""

import http.client
import math
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from _server import Site

PASSWORD = "load-test-passphrase-7"
DOMAIN = "load.rekindle.example"
QUESTIONNAIRE = "intimacy"
PAGE_503_HEADING = "Rekindle is taking a short break"
LEAKS = ("Traceback", "OperationalError", "InterfaceError", "psycopg", 'File "')
CHECKIN_FIELDS = ("closeness", "appreciated", "pulled_away", "appreciation_note", "private_note")
NOTES = ["Thanks for the coffee.", "You listened.", "Our walk on Sunday.", ""]


@dataclass
class Result:
    kind: str
    started: float  # time.monotonic()
    seconds: float
    status: int | None  # None: no HTTP response at all
    ok: bool  # the status this kind of request answers when it worked
    clean_503: bool = False  # the calm "taking a short break" page, nothing leaked
    error: str = ""

    @property
    def ended(self) -> float:
        return self.started + self.seconds


@dataclass
class Write:
    values: tuple
    ok: bool


@dataclass
class Partner:
    index: int
    email: str
    user_id: int
    week: str  # this week's Monday, as the check-in form sends it
    seeded: tuple  # this week's check-in as seeded
    site: Site = None
    draft: str = ""
    checkins: list[Write] = field(default_factory=list)
    answers: dict[str, list[Write]] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)

    @property
    def writes(self) -> list[Write]:
        return [*self.checkins, *(w for item in self.answers.values() for w in item)]

    def call(self, kind: str, method: str, path: str, expect: int, form: dict | None = None, headers=None, trigger=None) -> Result:
        """One request; it worked if it answered `expect` (and, for htmx, sent the `trigger` event)."""
        started = time.monotonic()
        try:
            response = self.site.request(method, path, form=form, headers=headers)
        except (OSError, http.client.HTTPException) as error:
            result = Result(kind, started, time.monotonic() - started, None, False, error=type(error).__name__)
        else:
            body = response.content.decode(errors="replace")
            clean_503 = (
                response.status == 503
                and response.headers["Retry-After"] is not None
                and PAGE_503_HEADING in body
                and not any(leak in body for leak in LEAKS)
            )
            ok = response.status == expect and (trigger is None or response.headers["HX-Trigger"] == trigger)
            result = Result(kind, started, time.monotonic() - started, response.status, ok, clean_503)
        self.results.append(result)
        return result

    # What a partner does -------------------------------------------------

    def dashboard(self, rng: random.Random) -> None:
        self.call("dashboard", "GET", "/", 200)

    def history(self, rng: random.Random) -> None:
        self.call("history", "GET", "/checkin/history/", 200)

    def checkin(self, rng: random.Random) -> None:
        """Open the form, then save an edit of this week's check-in."""
        self.call("checkin form", "GET", "/checkin/", 200)
        self.save_checkin(self.next_checkin(rng))

    def dashboard_checkin(self, rng: random.Random) -> None:
        """Save this week's check-in from the dashboard (htmx): the status
        and progress panels then refresh themselves."""
        values = self.next_checkin(rng)
        htmx = {"HX-Request": "true"}
        result = self.call("checkin htmx", "POST", "/checkin/", 200, self.checkin_form(values), htmx, trigger="checkin-saved")
        self.checkins.append(Write(values, result.ok))
        for panel in ("status", "progress"):
            self.call("panel", "GET", f"/dashboard/panel/{panel}/", 200, headers=htmx)

    def next_checkin(self, rng: random.Random) -> tuple:
        """Values never sent before: the private note is numbered."""
        return (
            rng.randint(1, 10),
            rng.randint(1, 5),
            rng.randint(0, 4),
            rng.choice(NOTES),
            f"partner {self.index} edit {len(self.checkins) + 1}",
        )

    def checkin_form(self, values: tuple) -> dict:
        return {"csrfmiddlewaretoken": self.site.csrf_token, "week": self.week} | {
            name: str(value) for name, value in zip(CHECKIN_FIELDS, values)
        }

    def save_checkin(self, values: tuple) -> None:
        result = self.call("checkin save", "POST", "/checkin/", 302, self.checkin_form(values))
        self.checkins.append(Write(values, result.ok))

    def answer(self, rng: random.Random) -> None:
        """One questionnaire answer, saved as soon as it is given (htmx)."""
        from assessments.instruments import get_instrument

        instrument = get_instrument(QUESTIONNAIRE)
        item = rng.choice(instrument.items)
        value = rng.choice(item.scale.values)
        form = {"csrfmiddlewaretoken": self.site.csrf_token, "version": str(instrument.version), item.key: str(value)}
        result = self.call("answer", "POST", f"/questionnaires/drafts/{self.draft}/answer/", 200, form, {"HX-Request": "true"})
        self.answers.setdefault(item.key, []).append(Write(value, result.ok))

    MIX = [(dashboard, 50), (checkin, 8), (dashboard_checkin, 7), (answer, 25), (history, 10)]

    def browse(self, until: float, stop: threading.Event, seed: int, think: float = 0.0) -> None:
        rng = random.Random(seed * 1000 + self.index)
        actions, weights = zip(*self.MIX)
        while time.monotonic() < until and not stop.is_set():
            rng.choices(actions, weights)[0](self, rng)
            if think:
                time.sleep(think)


def seed(couples: int, weeks_back: int = 6) -> list[Partner]:
    """Couples with a few weeks of check-ins, this week's included, all
    sharing one password (hashed once)."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from couples import weeks
    from couples.models import CheckIn, Couple, Membership

    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [
            User(email=f"p{n}@{DOMAIN}", display_name=f"Partner {n}", password=password)
            for n in range(2 * couples)
        ]
    )
    pairs = Couple.objects.bulk_create([Couple(created_by=users[2 * n]) for n in range(couples)])
    Membership.objects.bulk_create([Membership(couple=c, user=users[2 * n + s]) for n, c in enumerate(pairs) for s in (0, 1)])
    rng = random.Random(couples)
    partners, rows = [], []
    for n, user in enumerate(users):
        couple = pairs[n // 2]
        current = weeks.current_week(couple)
        for back in reversed(range(weeks_back)):  # this week last: `values` is its check-in
            values = (rng.randint(3, 9), rng.randint(2, 5), rng.randint(0, 3), rng.choice(NOTES), "")
            rows.append(CheckIn(couple=couple, user=user, week_start=current - timedelta(weeks=back), **dict(zip(CHECKIN_FIELDS, values))))
        partners.append(Partner(n, user.email, user.pk, current.isoformat(), seeded=values))
    CheckIn.objects.bulk_create(rows)
    return partners


def log_in(partners: list[Partner], port: int) -> list[str]:
    """Each partner logs in through the real form and opens a questionnaire draft.

    allauth allows 30 log-ins a minute from one address, and every partner
    here comes from 127.0.0.1: its counters (in the database cache) are
    cleared every 20 log-ins. Returns what went wrong."""
    from django.core.cache import cache

    problems = []
    for n, partner in enumerate(partners):
        if n and n % 20 == 0:
            cache.clear()
        partner.site = Site(port, timeout=30)
        response = partner.site.log_in(partner.email, PASSWORD)
        if response.status != 302 or "__Host-sessionid" not in partner.site.cookies:
            problems.append(f"{partner.email}: log-in answered {response.status}")
            continue
        start = partner.site.post(f"/questionnaires/{QUESTIONNAIRE}/start/", {"csrfmiddlewaretoken": partner.site.csrf_token})
        location = start.headers["Location"] or ""
        if start.status != 302 or "/drafts/" not in location:
            problems.append(f"{partner.email}: starting the questionnaire answered {start.status}")
            continue
        partner.draft = location.rstrip("/").rsplit("/", 1)[1]
    return problems


def browse(partners: list[Partner], seconds: float, *, seed: int = 1, think: float = 0.0, stop: threading.Event | None = None) -> float:
    """Every partner browses in its own thread until the time is up (or
    `stop` is set). Returns the wall-clock seconds it took."""
    stop = stop or threading.Event()
    started = time.monotonic()
    threads = [
        threading.Thread(target=p.browse, args=(started + seconds, stop, seed, think), name=f"partner-{p.index}")
        for p in partners
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def _allowed(writes: list[Write], before) -> list:
    """What may be stored after these writes: the last acknowledged one, or
    one sent after it whose answer was lost; with none acknowledged, also
    what was there before."""
    acked = [n for n, w in enumerate(writes) if w.ok]
    if acked:
        return [w.values for w in writes[acked[-1] :]]
    return [before] + [w.values for w in writes]


@dataclass
class Verified:
    checked: int  # final values with an acknowledged write
    matched: int  # of those, equal to the last acknowledged write
    stored_unacknowledged: int  # final values from a write whose answer was an error
    problems: list[str]


def verify_writes(partners: list[Partner]) -> Verified:
    """Compare the database with what the partners sent.

    Each stored check-in and answer must be exactly one value some request
    sent, whole (never a mix of two), and no older than the last write the
    site acknowledged. Returns (final values checked, of those equal to the
    last acknowledged write, problems)."""
    from django.db import connections

    from assessments.models import Answer
    from couples.models import CheckIn

    connections.close_all()  # this process's connection may predate a restart
    stored = {
        row[0]: tuple(row[1:])
        for row in CheckIn.objects.filter(user_id__in=[p.user_id for p in partners], week_start__in={p.week for p in partners}).values_list("user_id", *CHECKIN_FIELDS)
    }
    answers: dict[str, dict[str, int]] = {}
    for draft, item, value in Answer.objects.filter(draft_id__in=[p.draft for p in partners if p.draft]).values_list("draft_id", "item", "value"):
        answers.setdefault(str(draft), {})[item] = value

    result = Verified(0, 0, 0, [])

    def compare(what: str, writes: list[Write], before, now) -> None:
        if not writes:
            return
        last_acked = next((w.values for w in reversed(writes) if w.ok), None)
        if now not in _allowed(writes, before):
            result.problems.append(f"{what}: stored {now!r} is not a value the site may keep (sent {len(writes)})")
        elif now != (before if last_acked is None else last_acked):
            result.stored_unacknowledged += 1
        if last_acked is not None:
            result.checked += 1
            result.matched += now == last_acked

    for p in partners:
        compare(f"{p.email} check-in", p.checkins, p.seeded, stored.get(p.user_id))
        mine = answers.get(p.draft, {})
        for item, writes in p.answers.items():
            compare(f"{p.email} answer {item}", writes, None, mine.get(item))
        if unsent := set(mine) - set(p.answers):
            result.problems.append(f"{p.email}: answers stored that were never sent: {sorted(unsent)}")
    return result


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    return sorted_values[max(1, math.ceil(p / 100 * len(sorted_values))) - 1]


def latency_table(results: list[Result], seconds: float) -> list[str]:
    """Requests, requests/s and p50/p95/p99 in ms per kind and overall."""
    kinds = sorted({r.kind for r in results}, key=lambda k: -sum(r.kind == k for r in results))
    lines = [f"  {'request':<14} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"]
    for kind in [*kinds, "all"]:
        group = [r for r in results if kind in ("all", r.kind)]
        times = sorted(r.seconds * 1000 for r in group)
        lines.append(
            f"  {kind:<14} {len(group):>7} {len(group) / seconds:>7.1f} "
            + " ".join(f"{percentile(times, p):>8.1f}" for p in (50, 95, 99))
            + f" {sum(not r.ok for r in group):>7}"
        )
    return lines
