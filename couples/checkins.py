"""Weekly check-ins as one partner sees them.

From the partner's rows only the week, the closeness and the appreciation
note are ever read, and the closeness and note are handed on only for weeks
both have checked in (`sharing.week_revealed`); for the others the viewer
learns only that the partner checked in. Their other answers and their
private note never leave the database for this user. Which rows reach the
viewer (pause sharing, mutual reveal) is decided in `couples.sharing`,
through `CheckIn.objects.visible_to`, `of_partner` and `week_revealed`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from couples import sharing, weeks
from couples.access import Pair
from couples.models import CheckIn

ANSWER_FIELDS = ["closeness", "appreciated", "pulled_away", "did_step_action", "appreciation_note", "private_note"]


@dataclass(frozen=True)
class SharedWeek:
    """One week for one partner: their own check-in, and the partner's shared part."""

    week_start: date
    mine: CheckIn | None
    partner_checked_in: bool
    partner_closeness: int | None  # None until both have checked in that week (mutual reveal)
    partner_note: str | None  # None until both have checked in that week
    revealed: bool = False  # my check-in of the week reaches my partner: theirs reaches me

    @property
    def both_checked_in(self) -> bool:
        return self.mine is not None and self.partner_checked_in

    @property
    def last_day(self) -> date:
        return weeks.last_day(self.week_start)


@dataclass(frozen=True)
class History:
    current_week: date
    weeks: list[SharedWeek]  # newest first; only weeks where someone checked in, within the months shown
    streak: int
    months: list[date] = field(default_factory=list)  # the first day of each month shown, newest first
    older: date | None = None  # the month to ask for next (?before=), if any week is older

    @property
    def this_week(self) -> SharedWeek:
        # Not simply the newest: moving the couple to a time zone further west
        # can leave a check-in dated a week ahead of the current week.
        return next(
            (w for w in self.weeks if w.week_start == self.current_week),
            SharedWeek(self.current_week, None, False, None, None),
        )

    @property
    def by_month(self) -> list[tuple[date, list[SharedWeek]]]:
        """The weeks grouped by the month they start in, newest first (empty months left out)."""
        groups: dict[date, list[SharedWeek]] = {}
        for week in self.weeks:
            groups.setdefault(week.week_start.replace(day=1), []).append(week)
        return list(groups.items())


def _shared_weeks(
    pair: Pair, only_week: date | None = None, since: date | None = None, until: date | None = None
) -> list[SharedWeek]:
    """Two queries, whatever the number of weeks: my rows, then the partner's
    shared columns; of one week, or of the weeks from `since` to before `until`."""
    mine = CheckIn.objects.filter(couple=pair.couple, user=pair.me)
    theirs = CheckIn.objects.of_partner(pair)
    if only_week is not None:
        mine, theirs = mine.filter(week_start=only_week), theirs.filter(week_start=only_week)
    if since is not None:
        mine, theirs = mine.filter(week_start__gte=since), theirs.filter(week_start__gte=since)
    if until is not None:
        mine, theirs = mine.filter(week_start__lt=until), theirs.filter(week_start__lt=until)
    my_rows = {row.week_start: row for row in mine}
    their_rows = {row["week_start"]: row for row in theirs.values("week_start", "closeness", "appreciation_note")}
    result = []
    for week in sorted(my_rows.keys() | their_rows.keys(), reverse=True):
        mine_row, their_row = my_rows.get(week), their_rows.get(week)
        revealed = sharing.week_revealed(pair, mine_row.updated_at if mine_row else None)
        result.append(
            SharedWeek(
                week_start=week,
                mine=mine_row,
                partner_checked_in=their_row is not None,
                partner_closeness=their_row["closeness"] if their_row and revealed else None,
                partner_note=their_row["appreciation_note"] if their_row and revealed else None,
                revealed=revealed,
            )
        )
    return result


HISTORY_MONTHS = 3  # a page of the history: a year of weeks is never one long page


def _month_shift(month: date, by: int) -> date:
    index = month.year * 12 + month.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


def history(pair: Pair, now: datetime | None = None, before: date | None = None) -> History:
    """This couple's check-ins, newest first, `HISTORY_MONTHS` months of them:
    up to this month, or up to the month before `before` (a first of the
    month). Five queries however long the history: my weeks, the partner's
    shared part, the streak (dates only), and whether any week is older."""
    current = weeks.current_week(pair.couple, now)
    # A check-in can be dated a week ahead of the current week (a move west).
    until = before or _month_shift((current + timedelta(weeks=1)).replace(day=1), 1)
    since = _month_shift(until, -HISTORY_MONTHS)
    rows = _shared_weeks(pair, since=since, until=until)
    older = CheckIn.objects.visible_to(pair).filter(week_start__lt=since).exists()
    months = [_month_shift(until, -n) for n in range(1, HISTORY_MONTHS + 1)]
    return History(
        current_week=current,
        weeks=rows,
        streak=streak(pair, current),
        months=months,
        older=since if older else None,
    )


@dataclass(frozen=True)
class WeekCloseness:
    week_start: date
    mine: int | None
    partner: int | None  # None while the partner's check-in is held back by a pause, or not revealed to me yet
    partner_checked_in: bool = False  # true also when their number is not revealed to me yet


def recent_closeness(pair: Pair, since: date) -> list[WeekCloseness]:
    """Both partners' closeness in each week from `since` where either checked
    in, newest first: one query of dates and closeness, never the notes. The
    partner's number only for weeks `sharing.week_revealed` opens to me."""
    by_week: dict[date, dict[int, tuple[int, datetime]]] = {}  # week -> user id -> (closeness, saved at)
    rows = (
        CheckIn.objects.visible_to(pair)
        .filter(week_start__gte=since)
        .values_list("user_id", "week_start", "closeness", "updated_at")
    )
    for user_id, week_start, value, saved_at in rows:
        by_week.setdefault(week_start, {})[user_id] = (value, saved_at)
    result = []
    for week, values in sorted(by_week.items(), reverse=True):
        mine, theirs = values.get(pair.me.pk), values.get(pair.partner.pk)
        revealed = sharing.week_revealed(pair, mine[1] if mine else None)
        result.append(
            WeekCloseness(
                week,
                mine[0] if mine else None,
                theirs[0] if theirs and revealed else None,
                partner_checked_in=theirs is not None,
            )
        )
    return result


def streak(pair: Pair, current: date) -> int:
    """The weeks in a row up to `current` that both partners checked in,
    however far back: one query of dates only, grouped in a single pass over
    the unique index (a week with both partners' rows is complete). Joining the
    partner's weeks to mine instead ran as a nested loop, whose cost grew with
    the square of the history."""
    complete = CheckIn.objects.visible_to(pair).values("week_start").annotate(rows=Count("*")).filter(rows=2)
    return weeks.streak(complete.values_list("week_start", flat=True), current)


def this_week(pair: Pair, now: datetime | None = None) -> SharedWeek:
    """The current week only: for the check-in form and the dashboard's status."""
    current = weeks.current_week(pair.couple, now)
    rows = _shared_weeks(pair, only_week=current)
    return rows[0] if rows else SharedWeek(current, None, False, None, None)


def save_checkin(pair: Pair, week_start: date, answers: dict) -> CheckIn:
    """Create or update my check-in for the week: never a second row.

    update_or_create locks an existing row; when two submits race to create
    it, the loser's insert hits the unique constraint and Django's
    get_or_create catches that IntegrityError inside a savepoint and updates
    the winner's row instead.
    """
    values = {field: answers[field] for field in ANSWER_FIELDS if field in answers}
    with transaction.atomic():
        checkin, _ = CheckIn.objects.update_or_create(
            couple=pair.couple,
            user=pair.me,
            week_start=week_start,
            defaults={**values, "updated_at": timezone.now()},
        )
    return checkin
