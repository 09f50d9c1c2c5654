"""A couple's weeks: Monday to Sunday, in the couple's own time zone.

A week is named by the date of its Monday (`week_start`), a plain `date`
that means the same thing whatever time zone it is read in: a moment is
turned into its week through the local calendar date, so a week that
contains a daylight-saving change is simply 167 or 169 hours long.

Pure functions of a couple's `time_zone` and `checkin_day` and a moment:
no database access here.
"""

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# Reminders go out from this local time on the check-in day, not at midnight.
REMINDER_TIME = time(9, 0)


def zone(couple) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(couple.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_now(couple, now: datetime | None = None) -> datetime:
    return (now or timezone.now()).astimezone(zone(couple))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def current_week(couple, now: datetime | None = None) -> date:
    """The Monday of the couple's week that contains `now` (default: this moment)."""
    return monday_of(local_now(couple, now).date())


def previous_week(week_start: date) -> date:
    return week_start - timedelta(weeks=1)


def last_day(week_start: date) -> date:
    return week_start + timedelta(days=6)


def reminder_due(couple, now: datetime | None = None) -> bool:
    """Has this week's check-in day (from REMINDER_TIME, local) been reached?"""
    local = local_now(couple, now)
    due_day = monday_of(local.date()) + timedelta(days=couple.checkin_day)
    return local.replace(tzinfo=None) >= datetime.combine(due_day, REMINDER_TIME)


def streak(complete_weeks: Iterable[date], current: date) -> int:
    """How many weeks in a row, up to `current`, are in `complete_weeks`.

    `complete_weeks` are the weeks both partners checked in. A current week
    that is not complete yet does not break the run (the week isn't over):
    counting then starts from the week before.
    """
    weeks = set(complete_weeks)
    week = current if current in weeks else previous_week(current)
    count = 0
    while week in weeks:
        count += 1
        week = previous_week(week)
    return count
