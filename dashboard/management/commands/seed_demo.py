"""Demo data: one couple with two known logins and a year of plausible history,
and, with --couples, many more couples for benchmarks.

    python manage.py seed_demo                          # the demo couple, 52 weeks
    python manage.py seed_demo --couples 10000 --weeks 104

The demo couple is replaced on every run. Generated couples are written with
bulk inserts in batches, so 10,000 couples x 104 weeks (about two million
check-ins) take a few minutes on PostgreSQL; they go into a database that has
none yet.
"""

import random
import uuid
from datetime import timedelta
from itertools import islice

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from assessments.instruments import get_instrument
from assessments.models import SafetyCheck, Submission
from assessments.scoring import score
from couples import weeks
from couples.models import CheckIn, Couple, Membership
from steps.models import StepDone

DEMO_PASSWORD = "rekindle-demo"
DEMO_PEOPLE = [("sam@demo.rekindle.example", "Sam"), ("alex@demo.rekindle.example", "Alex")]
BULK_DOMAIN = "bulk.rekindle.example"
BATCH = 5000

NOTES = [
    "You made coffee before I woke up on Saturday.",
    "Thank you for listening on Tuesday night without trying to fix it.",
    "I loved our walk by the river.",
    "You remembered my meeting and asked how it went.",
    "Thanks for handling the school run when I was stuck.",
    "The way you laughed at dinner on Friday.",
    "You held my hand in the car. Small, but I noticed.",
    "",
    "",
]
PRIVATE_NOTES = ["I went quiet again on Wednesday.", "Work is eating me. Not their fault.", "", "", ""]


def _intimacy_answers(rng: random.Random, level: float) -> dict[str, int]:
    """Answers whose element scores sit around `level` (0-1), with some spread."""
    instrument = get_instrument("intimacy")
    answers = {}
    for item in instrument.items:
        if item.role == "importance":
            answers[item.key] = rng.choice([2, 3, 4, 4, 5, 5])
            continue
        points = min(4, max(0, round(level * 4 + rng.uniform(-1.3, 1.3))))
        answers[item.key] = item.scale.high - points if item.reverse else points + item.scale.low
    return answers


def _distancing_answers(rng: random.Random, level: float) -> dict[str, int]:
    """How often, around `level` (0-1) of distance: the ways of coming closer the other way round."""
    instrument = get_instrument("distancing")
    answers = {}
    for item in instrument.items:
        often = 1 - level if instrument.dimension(item.dimension).positive else level
        answers[item.key] = min(4, max(0, round(often * 4 + rng.uniform(-1.5, 1.5))))
    return answers


def _submission(user_id: int, key: str, answers: dict[str, int], when) -> Submission:
    instrument = get_instrument(key)
    return Submission(
        user_id=user_id,
        instrument=key,
        version=instrument.version,
        draft=uuid.uuid4(),
        answers=answers,
        scores=score(instrument, answers),
        submitted_at=when,
    )


def _closeness_walk(rng: random.Random, count: int, start: float) -> list[int]:
    """A week-by-week closeness (1-10) that drifts, dips and recovers like real weeks do."""
    values, level = [], start
    for n in range(count):
        level += rng.uniform(-0.9, 0.9) + (0.08 if n > count / 2 else -0.04)
        level = min(9.5, max(2.5, level))
        values.append(round(level))
    return values


def _batches(iterable, size=BATCH):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class Command(BaseCommand):
    help = "Create a demo couple with a year of history (and, with --couples, many generated couples)."

    def add_arguments(self, parser):
        parser.add_argument("--couples", type=int, default=1, help="Couples in all, the demo couple included.")
        parser.add_argument("--weeks", type=int, default=52, help="Weeks of check-in history per couple.")
        parser.add_argument("--seed", type=int, default=7, help="Random seed, for repeatable data.")

    def handle(self, *args, couples: int, weeks: int, seed: int, **options):
        if couples < 1 or weeks < 1:
            raise CommandError("--couples and --weeks must be at least 1.")
        self.verbosity = options["verbosity"]
        rng = random.Random(seed)
        now = timezone.now()
        self._demo_couple(rng, weeks, now)
        if couples > 1:
            if User.objects.filter(email__endswith=f"@{BULK_DOMAIN}").exists():
                raise CommandError("This database already has generated couples: seed them into a fresh one.")
            started = timezone.now()
            self._bulk(rng, couples - 1, weeks, now)
            seconds = (timezone.now() - started).total_seconds()
            self._say(f"Generated {couples - 1} more couples with {weeks} weeks each in {seconds:.0f} s.")
        self._say(
            "Demo couple ready. Log in as either partner:\n"
            + "".join(f"  {email}  password: {DEMO_PASSWORD}\n" for email, _ in DEMO_PEOPLE)
        )

    def _say(self, message: str) -> None:
        if self.verbosity:  # -v0: the tools seed quietly
            self.stdout.write(message)

    @transaction.atomic
    def _demo_couple(self, rng: random.Random, count: int, now) -> None:
        old = User.objects.filter(email__in=[email for email, _ in DEMO_PEOPLE])
        Couple.objects.filter(memberships__user__in=old).delete()
        old.delete()
        sam, alex = (
            User.objects.create_user(
                email=email, password=DEMO_PASSWORD, display_name=name, time_zone="Europe/London",
                comparison_cleared_at=now,
            )
            for email, name in DEMO_PEOPLE
        )
        _confirm_addresses([sam, alex])
        _cleared_checks([sam, alex], now)
        couple = Couple.objects.create(
            created_by=sam, time_zone="Europe/London", created_at=now - timedelta(weeks=count + 1)
        )
        # Paired from the start: the dashboard counts only answers given since.
        Membership.objects.bulk_create(
            [Membership(couple=couple, user=person, joined_at=couple.created_at) for person in (sam, alex)]
        )

        this_week = weeks.current_week(couple, now)
        rows = []
        for person, start in ((sam, 6.0), (alex, 5.0)):
            walk = _closeness_walk(rng, count, start)
            for n, closeness in enumerate(walk):
                week = this_week - timedelta(weeks=count - 1 - n)
                is_this_week = week == this_week
                if (is_this_week and person == sam) or (not is_this_week and rng.random() < 0.08):
                    continue  # a missed week now and then; Sam hasn't checked in yet this week
                rows.append(
                    CheckIn(
                        couple=couple,
                        user=person,
                        week_start=week,
                        closeness=closeness,
                        appreciated=min(5, max(1, round(closeness / 2))),
                        pulled_away=max(0, min(4, 5 - closeness // 2 + rng.randint(-1, 0))),
                        appreciation_note=rng.choice(NOTES),
                        private_note=rng.choice(PRIVATE_NOTES),
                    )
                )
        CheckIn.objects.bulk_create(rows)

        # Closeness answered three times over the year, a little warmer each time;
        # pulling away at the start and again recently.
        submissions = []
        for person, warmth in ((sam, 0.05), (alex, -0.05)):
            for weeks_ago, level in ((count, 0.45), (count // 2, 0.5), (3, 0.62)):
                answers = _intimacy_answers(rng, level + warmth)
                submissions.append(_submission(person.pk, "intimacy", answers, now - timedelta(weeks=weeks_ago)))
            for weeks_ago, level in ((count, 0.5), (2, 0.35)):
                answers = _distancing_answers(rng, level - warmth)
                submissions.append(_submission(person.pk, "distancing", answers, now - timedelta(weeks=weeks_ago)))
        Submission.objects.bulk_create(submissions)
        StepDone.objects.bulk_create(
            [StepDone(user=sam, couple=couple, step=s) for s in (1, 2)] + [StepDone(user=alex, couple=couple, step=1)]
        )

    def _bulk(self, rng: random.Random, count: int, weeks_back: int, now) -> None:
        password = make_password(DEMO_PASSWORD)  # hashed once: every generated person shares it
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"c{n}{side}@{BULK_DOMAIN}", display_name=f"{name} {n}", password=password,
                        comparison_cleared_at=now,
                    )
                    for n in range(count)
                    for side, name in (("a", "Robin"), ("b", "Kim"))
                ],
                batch_size=BATCH,
            )
            _confirm_addresses(users)
            _cleared_checks(users, now)
            paired = now - timedelta(weeks=weeks_back + 1)  # before their first answers, which count only since
            couples = Couple.objects.bulk_create(
                [Couple(created_by=users[2 * n], created_at=paired) for n in range(count)], batch_size=BATCH
            )
            Membership.objects.bulk_create(
                [
                    Membership(couple=c, user=users[2 * n + side], joined_at=paired)
                    for n, c in enumerate(couples)
                    for side in (0, 1)
                ],
                batch_size=BATCH,
            )
        # Generated couples keep the default UTC week.
        this_week = weeks.monday_of(now.date())
        first = this_week - timedelta(weeks=weeks_back - 1)

        columns = ("couple_id", "user_id", "week_start", "closeness", "appreciated", "pulled_away",
                   "appreciation_note", "private_note", "created_at", "updated_at")

        def checkins():
            for n, couple in enumerate(couples):
                for side in (0, 1):
                    walk = _closeness_walk(rng, weeks_back, rng.uniform(3, 8))
                    for i, closeness in enumerate(walk):
                        yield (couple.pk, users[2 * n + side].pk, first + timedelta(weeks=i), closeness,
                               min(5, max(1, closeness // 2)), rng.randint(0, 4), NOTES[(n + i) % len(NOTES)], "", now, now)

        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT for millions of rows.
            with transaction.atomic(), connection.cursor() as cursor:
                sql = f"COPY {CheckIn._meta.db_table} ({', '.join(columns)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in checkins():
                        copy.write_row(row)
        else:
            for batch in _batches(checkins()):
                with transaction.atomic():
                    CheckIn.objects.bulk_create([CheckIn(**dict(zip(columns, row))) for row in batch])

        # A few answer sets, reused: scoring every generated person separately adds nothing.
        templates = [
            (_intimacy_answers(rng, rng.uniform(0.2, 0.9)), _distancing_answers(rng, rng.uniform(0.1, 0.7)))
            for _ in range(20)
        ]
        scored = [
            (a, score(get_instrument("intimacy"), a), d, score(get_instrument("distancing"), d)) for a, d in templates
        ]

        def submissions():
            for n, user in enumerate(users):
                intimacy, intimacy_scores, distancing, distancing_scores = scored[n % len(scored)]
                for weeks_ago in (weeks_back, weeks_back // 2):
                    yield Submission(
                        user_id=user.pk, instrument="intimacy", version=get_instrument("intimacy").version, draft=uuid.uuid4(),
                        answers=intimacy, scores=intimacy_scores, submitted_at=now - timedelta(weeks=weeks_ago),
                    )
                yield Submission(
                    user_id=user.pk, instrument="distancing", version=get_instrument("distancing").version, draft=uuid.uuid4(),
                    answers=distancing, scores=distancing_scores, submitted_at=now - timedelta(weeks=weeks_back),
                )

        for batch in _batches(submissions()):
            with transaction.atomic():
                Submission.objects.bulk_create(batch)


def _confirm_addresses(users: list[User]) -> None:
    """Demo addresses count as confirmed, so the demo partners can log in
    where production asks for confirmation first (ACCOUNT_EMAIL_VERIFICATION)."""
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users], batch_size=BATCH
    )


def _cleared_checks(users: list[User], now) -> None:
    """Each demo person answered the safety check with no yes (their
    `comparison_cleared_at` is `now`), so the demo couples keep their comparison."""
    no = SafetyCheck.NO
    SafetyCheck.objects.bulk_create(
        [
            SafetyCheck(user=user, token=uuid.uuid4(), answered_at=now, afraid=no, harmed=no, controlled=no, self_harm=no)
            for user in users
        ],
        batch_size=BATCH,
    )
