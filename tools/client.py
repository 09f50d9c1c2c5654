"""The one client: what `make load`, `make faults`, `make bench` and the
production tests (tests/prod/) use to talk to the running site.

`Browser` is a requests session that talks to gunicorn as a browser behind a
TLS proxy would: `X-Forwarded-Proto: https` and `X-Forwarded-For` on every
request, Secure `__Host-` cookies kept (the proxy holds the TLS), redirects
not followed, CSRF origin headers on posts, the real log-in form.

`Partner` is a seeded partner who browses as a person would (the mix below)
and remembers every write it sent and whether the site acknowledged it, so
that `verify_writes` can check the database against that record.
"""

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
import requests

from assessments.instruments import get_instrument

# seed_demo's generated partners and their shared password (tests/test_seed_demo.py)
PASSWORD = "rekindle-demo"
SEEDED = "%@bulk.rekindle.example"
QUESTIONNAIRE = "intimacy"
PAGE_503_HEADING = "Rekindle is taking a short break"
LEAKS = ("Traceback", "OperationalError", "InterfaceError", "psycopg", 'File "')
CHECKIN_FIELDS = ("closeness", "appreciated", "pulled_away", "appreciation_note", "private_note")
NOTES = ["Thanks for the coffee.", "You listened.", "Our walk on Sunday.", ""]
PLAIN_HTTP = {"X-Forwarded-Proto": None}  # per request: as if no proxy had put it


class Browser(requests.Session):
    def __init__(self, base_url: str, *, client_ip: str = "203.0.113.10", timeout: float = 10):
        super().__init__()
        self.base_url, self.timeout = base_url, timeout
        self.origin = "https://" + base_url.split("://", 1)[1]
        self.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": client_ip})

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs["allow_redirects"] = False  # Session.get asks for them; a browser test looks at each answer
        kwargs.setdefault("timeout", self.timeout)
        if method == "POST":
            kwargs["headers"] = {"Origin": self.origin, "Referer": self.origin + path} | (kwargs.get("headers") or {})
        return super().request(method, self.base_url + path, **kwargs)

    def send(self, request, **kwargs) -> requests.Response:
        response = super().send(request, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False  # the browser speaks HTTPS to the proxy: Secure cookies go back through it
        return response

    @property
    def csrf_token(self) -> str:
        """The CSRF secret from the cookie: Django takes it as the form token too."""
        return self.cookies.get("__Host-csrftoken", "")

    @staticmethod
    def form_token(page: requests.Response) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def log_in(self, email: str, password: str = PASSWORD) -> requests.Response:
        token = self.form_token(self.get("/accounts/login/"))
        return self.post("/accounts/login/", data={"csrfmiddlewaretoken": token, "login": email, "password": password})


@dataclass
class Result:
    kind: str
    method: str
    started: float  # time.monotonic()
    seconds: float
    status: int | None  # None: no HTTP response at all
    ok: bool  # the status this kind of request answers when it worked
    length: int = 0
    clean_503: bool = False  # the calm "taking a short break" page, nothing leaked
    error: str = ""

    @property
    def ended(self) -> float:
        return self.started + self.seconds


@dataclass
class Write:
    values: tuple
    ok: bool = False  # acknowledged; until the answer comes, it may or may not be stored


@dataclass
class Partner:
    index: int
    email: str
    user_id: int
    week: str  # this week's Monday, as the check-in form sends it
    seeded: tuple  # this week's check-in as seeded
    browser: Browser | None = None
    draft: str = ""
    checkins: list[Write] = field(default_factory=list)
    answers: dict[str, list[Write]] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)
    on_result: Callable[[Result], None] | None = None  # Locust's statistics

    @property
    def writes(self) -> list[Write]:
        return [*self.checkins, *(w for item in self.answers.values() for w in item)]

    def call(self, kind: str, method: str, path: str, expect: int, form=None, headers=None, trigger=None) -> Result:
        """One request; it worked if it answered `expect` (and, for htmx, sent the `trigger` event)."""
        started = time.monotonic()
        try:
            response = self.browser.request(method, path, data=form, headers=headers)
        except requests.RequestException as error:
            result = Result(kind, method, started, time.monotonic() - started, None, False, error=type(error).__name__)
        else:
            clean_503 = (
                response.status_code == 503
                and "Retry-After" in response.headers
                and PAGE_503_HEADING in response.text
                and not any(leak in response.text for leak in LEAKS)
            )
            ok = response.status_code == expect and (trigger is None or response.headers.get("HX-Trigger") == trigger)
            result = Result(kind, method, started, time.monotonic() - started, response.status_code, ok, len(response.content), clean_503)
        self.results.append(result)
        if self.on_result:
            self.on_result(result)
        return result

    # What a partner does -------------------------------------------------

    def dashboard(self, rng: random.Random) -> None:
        self.call("dashboard", "GET", "/", 200)

    def history(self, rng: random.Random) -> None:
        self.call("history", "GET", "/checkin/history/", 200)

    def checkin(self, rng: random.Random) -> None:
        """Open the form, then save an edit of this week's check-in."""
        self.call("checkin form", "GET", "/checkin/", 200)
        self.save_checkin(self.next_checkin(rng), "checkin save", 302)

    def dashboard_checkin(self, rng: random.Random) -> None:
        """Save this week's check-in from the dashboard (htmx): the status
        and progress panels then refresh themselves."""
        self.save_checkin(self.next_checkin(rng), "checkin htmx", 200, {"HX-Request": "true"}, trigger="checkin-saved")
        for panel in ("status", "progress"):
            self.call("panel", "GET", f"/dashboard/panel/{panel}/", 200, headers={"HX-Request": "true"})

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
        return {"csrfmiddlewaretoken": self.browser.csrf_token, "week": self.week} | {
            name: str(value) for name, value in zip(CHECKIN_FIELDS, values)
        }

    def save_checkin(self, values: tuple, kind: str, expect: int, headers=None, trigger=None) -> None:
        write = Write(values)
        self.checkins.append(write)  # before sending: a request cut off may still be stored
        write.ok = self.call(kind, "POST", "/checkin/", expect, self.checkin_form(values), headers, trigger).ok

    def answer(self, rng: random.Random) -> None:
        """One questionnaire answer, saved as soon as it is given (htmx)."""
        instrument = get_instrument(QUESTIONNAIRE)
        item = rng.choice(instrument.items)
        write = Write(rng.choice(item.scale.values))
        self.answers.setdefault(item.key, []).append(write)
        form = {"csrfmiddlewaretoken": self.browser.csrf_token, "version": str(instrument.version), item.key: str(write.values)}
        write.ok = self.call("answer", "POST", f"/questionnaires/drafts/{self.draft}/answer/", 200, form, {"HX-Request": "true"}).ok

    MIX = [(dashboard, 50), (checkin, 8), (dashboard_checkin, 7), (answer, 25), (history, 10)]

    def step(self, rng: random.Random) -> None:
        actions, weights = zip(*self.MIX)
        rng.choices(actions, weights)[0](self, rng)


def seeded_partners(database_url: str) -> list[Partner]:
    """The partners `seed_demo --couples N` generated, with this week's check-in as seeded."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            f"""SELECT DISTINCT ON (u.id) u.id, u.email, c.week_start, {", ".join(f"c.{f}" for f in CHECKIN_FIELDS)}
            FROM accounts_user u JOIN couples_checkin c ON c.user_id = u.id
            WHERE u.email LIKE %s ORDER BY u.id, c.week_start DESC""",
            [SEEDED],
        ).fetchall()
    return [Partner(n, email, pk, week.isoformat(), tuple(values)) for n, (pk, email, week, *values) in enumerate(rows)]


def log_in(partners: list[Partner], base_url: str, database_url: str) -> list[str]:
    """Each partner logs in through the real form and opens a questionnaire draft.

    allauth allows 30 log-ins a minute from one address, and every partner
    here comes from 127.0.0.1: its counters (in the database cache) are
    cleared every 20 log-ins. Returns what went wrong."""
    problems = []
    for n, partner in enumerate(partners):
        if n and n % 20 == 0:
            with psycopg.connect(database_url) as conn:
                conn.execute("DELETE FROM rekindle_cache")
        partner.browser = Browser(base_url, timeout=30)
        response = partner.browser.log_in(partner.email)
        if response.status_code != 302 or "__Host-sessionid" not in partner.browser.cookies:
            problems.append(f"{partner.email}: log-in answered {response.status_code}")
            continue
        start = partner.browser.post(f"/questionnaires/{QUESTIONNAIRE}/start/", data={"csrfmiddlewaretoken": partner.browser.csrf_token})
        location = start.headers.get("Location", "")
        if start.status_code != 302 or "/drafts/" not in location:
            problems.append(f"{partner.email}: starting the questionnaire answered {start.status_code}")
            continue
        partner.draft = location.rstrip("/").rsplit("/", 1)[1]
    return problems


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


def verify_writes(partners: list[Partner], database_url: str) -> Verified:
    """Compare the database with what the partners sent.

    Each stored check-in and answer must be exactly one value some request
    sent, whole (never a mix of two), and no older than the last write the
    site acknowledged."""
    with psycopg.connect(database_url) as conn:
        stored = {
            row[0]: tuple(row[1:])
            for row in conn.execute(
                f"SELECT user_id, {', '.join(CHECKIN_FIELDS)} FROM couples_checkin WHERE user_id = ANY(%s) AND week_start = ANY(%s::date[])",
                [[p.user_id for p in partners], sorted({p.week for p in partners})],
            )
        }
        answers: dict[str, dict[str, int]] = {}
        for draft, item, value in conn.execute(
            "SELECT draft_id::text, item, value FROM assessments_answer WHERE draft_id = ANY(%s::uuid[])",
            [[p.draft for p in partners if p.draft]],
        ):
            answers.setdefault(draft, {})[item] = value

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
