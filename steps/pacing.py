"""One step a week: when each of the five steps opens for a couple.

Step 1 opens on the day the couple has both partners (in the couple's time
zone, couples/weeks.py), and each next step a week after the one before,
plus a week for every "give us another week" (`ExtraWeek`) asked while that
step was the newest one open. The dates belong to the couple: both partners
see the same ones, whoever asked.

A step also stays open for me once I have worked on it (marked it done, or
written something in it): steps I started before pairing, while waiting for
my partner, or before pacing existed keep what I wrote in reach. That rule is
mine alone, so my partner's dates never tell them what I have done.

Before the partner joins there is no rhythm yet: steps 1-4 are open for the
one person there, and step 5, the couple's own list, waits for the two.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, Max, Q, Value

from couples.access import Pair
from couples.models import Couple
from couples.weeks import local_now
from steps.content import STEPS, Step
from steps.models import ConnectionIdea, ExtraWeek, Hope, Interest, MyPart, Resentment, SharedValue, StepDone, WeeklyAction

LAST = len(STEPS)
SOLO_STEPS = 4  # open to one person while the partner has not joined yet

# What I may have written in each step, as (model, the field naming me).
WORK = {
    1: [(Interest, "author"), (SharedValue, "author")],
    2: [(MyPart, "author")],
    3: [(Resentment, "author")],
    4: [(Hope, "author")],
    5: [(ConnectionIdea, "added_by"), (WeeklyAction, "user")],
}


@dataclass(frozen=True)
class Schedule:
    """The couple's opening dates, as seen on `today` (a date in their time zone)."""

    today: date
    opens_on: dict[int, date] = field(default_factory=dict)  # empty until both partners are there

    @property
    def started(self) -> bool:
        return bool(self.opens_on)

    def is_open(self, number: int) -> bool:
        if not self.started:
            return number <= SOLO_STEPS
        return self.opens_on[number] <= self.today

    @property
    def current(self) -> int | None:
        """The newest step open for the couple: this week's step."""
        if not self.started:
            return None
        return max(n for n, day in self.opens_on.items() if day <= self.today)

    @property
    def step(self) -> Step | None:
        """This week's step (`current`) itself, or None before pairing."""
        return STEPS[self.current - 1] if self.current else None

    @property
    def next(self) -> tuple[int, date] | None:
        """The next step to open, and when; None once all five are open (or before pairing)."""
        if not self.started or self.current == LAST:
            return None
        number = self.current + 1
        return number, self.opens_on[number]


def schedule(pair: Pair, today: date | None = None) -> Schedule:
    """The couple's opening dates, in one query."""
    couple = pair.couple
    today = today or local_now(couple).date()
    active = Q(memberships__active=True)
    row = Couple.objects.filter(pk=couple.pk).aggregate(
        members=Count("memberships", filter=active, distinct=True),
        paired_at=Max("memberships__joined_at", filter=active),
        **{f"extra_{n}": Count("extra_weeks", filter=Q(extra_weeks__step=n), distinct=True) for n in range(1, LAST)},
    )
    if row["members"] < 2:
        return Schedule(today)
    opens_on = {1: local_now(couple, row["paired_at"]).date()}
    for n in range(1, LAST):
        opens_on[n + 1] = opens_on[n] + timedelta(weeks=1 + row[f"extra_{n}"])
    return Schedule(today, opens_on)


@dataclass(frozen=True)
class Walk:
    """The five steps as I see them: the couple's schedule, my own done marks,
    and the steps I keep open because I worked on them."""

    schedule: Schedule
    done: dict[int, datetime]  # step -> when I marked it done
    worked_on: frozenset[int]

    def is_open(self, number: int) -> bool:
        return self.schedule.is_open(number) or number in self.worked_on

    @property
    def current(self) -> int | None:
        return self.schedule.current

    @property
    def next(self) -> tuple[int, date] | None:
        return self.schedule.next

    def opens_on(self, number: int) -> date | None:
        return self.schedule.opens_on.get(number)

    @property
    def all_five_done(self) -> bool:
        """All five steps are open for the couple and I have marked all five
        done: then the weekly conversation takes over. Only my own marks count,
        so it never tells me where my partner is."""
        return self.schedule.started and self.schedule.is_open(LAST) and len(self.done) == LAST


def walk(pair: Pair, today: date | None = None, plan: Schedule | None = None) -> Walk:
    """My view of the five steps: the schedule (one query, unless given), my
    done marks (one), and, only when a step is still closed for the couple,
    one more query for whether I wrote anything in it."""
    plan = plan or schedule(pair, today)
    done = dict(StepDone.objects.filter(user=pair.me, couple=pair.couple).values_list("step", "done_at"))
    closed = [n for n in range(1, LAST + 1) if not plan.is_open(n) and n not in done]
    return Walk(plan, done, frozenset(done) | _written_in(pair, closed))


def _written_in(pair: Pair, numbers: list[int]) -> frozenset[int]:
    """Which of these steps I wrote something in, in one query (UNION keeps one row a step)."""
    parts = [
        model.objects.filter(couple=pair.couple, **{who: pair.me}).values_list(Value(n, output_field=IntegerField()))
        for n in numbers
        for model, who in WORK[n]
    ]
    if not parts:
        return frozenset()
    first, *rest = parts
    return frozenset(n for (n,) in first.union(*rest))


def current_step(pair: Pair, today: date | None = None) -> Step | None:
    """The step open for the couple this week (the newest one open), or None
    before the partner has joined. One query."""
    return schedule(pair, today).step


def after_all_five(pair: Pair, today: date | None = None) -> bool:
    """`Walk.all_five_done`, for callers without a walk of their own."""
    return walk(pair, today).all_five_done


def another_week(pair: Pair, moved_from: date, today: date | None = None) -> bool:
    """Open the next step a week later than `moved_from`, the date the asker
    saw. False when that is no longer the next opening (a resent form, the
    partner asked at the same moment, or the step opened meanwhile): nothing
    changes then."""
    plan = schedule(pair, today)
    if plan.next is None or plan.next[1] != moved_from:
        return False
    try:
        with transaction.atomic():
            ExtraWeek.objects.create(couple=pair.couple, step=plan.current, moved_from=moved_from)
    except IntegrityError:  # the same date, asked a moment earlier
        return False
    return True
