"""The couple's week: Monday to Sunday in its own time zone, across
daylight-saving changes; the reminder moment; the streak."""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import time_machine
from hypothesis import given
from hypothesis import strategies as st

from couples import weeks
from couples.models import Couple

BERLIN = "Europe/Berlin"


def couple_in(tz: str, checkin_day: int = 6) -> Couple:
    return Couple(time_zone=tz, checkin_day=checkin_day)  # unsaved: week math needs no database


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_current_week_is_named_by_its_monday():
    assert weeks.current_week(couple_in("UTC"), utc(2026, 11, 25, 12)) == date(2026, 11, 23)  # a Wednesday
    assert weeks.current_week(couple_in("UTC"), utc(2026, 11, 23, 0)) == date(2026, 11, 23)
    assert weeks.current_week(couple_in("UTC"), utc(2026, 11, 29, 23, 59)) == date(2026, 11, 23)


def test_the_week_turns_at_local_midnight():
    berlin = couple_in(BERLIN)
    # Sunday 23:30 in Berlin is still the old week; 00:30 on Monday is the new one.
    assert weeks.current_week(berlin, utc(2026, 11, 29, 22, 30)) == date(2026, 11, 23)
    assert weeks.current_week(berlin, utc(2026, 11, 29, 23, 30)) == date(2026, 11, 30)
    # The same instant is still Sunday in UTC.
    assert weeks.current_week(couple_in("UTC"), utc(2026, 11, 29, 23, 30)) == date(2026, 11, 23)


def test_one_instant_can_be_in_different_weeks_for_different_couples():
    moment = utc(2026, 11, 29, 12)  # Sunday noon UTC: already Monday in Auckland
    assert weeks.current_week(couple_in("Pacific/Auckland"), moment) == date(2026, 11, 30)
    assert weeks.current_week(couple_in("America/Los_Angeles"), moment) == date(2026, 11, 23)


def test_current_week_defaults_to_now():
    with time_machine.travel(utc(2026, 11, 29, 23, 30), tick=False):
        assert weeks.current_week(couple_in(BERLIN)) == date(2026, 11, 30)


def test_unknown_time_zone_falls_back_to_utc():
    assert weeks.current_week(couple_in("Not/AZone"), utc(2026, 11, 29, 23, 30)) == date(2026, 11, 23)


def test_hour_after_the_change_is_still_the_same_week():
    berlin = couple_in(BERLIN)
    with time_machine.travel(utc(2026, 10, 25, 22, 30), tick=False):  # Sunday 23:30 CET, after fall-back
        assert weeks.current_week(berlin) == date(2026, 10, 19)
    with time_machine.travel(utc(2026, 10, 25, 23, 0), tick=False):  # Monday 00:00 CET
        assert weeks.current_week(berlin) == date(2026, 10, 26)


def local_midnight(tz: str, day: date) -> datetime:
    """Built from the calendar date, so a daylight-saving change cannot shift it;
    in UTC, because Python subtracts two datetimes of one zone by their wall clocks."""
    return datetime.combine(day, time(0), tzinfo=zoneinfo.ZoneInfo(tz)).astimezone(UTC)


TIME_ZONES = ["UTC", BERLIN, "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham"]


@given(
    tz=st.sampled_from(TIME_ZONES),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 31)),
)
def test_weeks_tile_time_without_gaps_or_overlaps(tz, day):
    couple = couple_in(tz)
    week = weeks.monday_of(day)
    start, end = local_midnight(tz, week), local_midnight(tz, week + timedelta(weeks=1))
    assert timedelta(hours=166) <= end - start <= timedelta(hours=170)
    assert weeks.current_week(couple, start) == week
    assert weeks.current_week(couple, end - timedelta(microseconds=1)) == week
    assert weeks.current_week(couple, end) == week + timedelta(weeks=1)


def test_reminder_is_due_from_nine_on_the_checkin_day():
    sunday = couple_in(BERLIN, checkin_day=6)
    berlin = zoneinfo.ZoneInfo(BERLIN)
    assert not weeks.reminder_due(sunday, datetime(2026, 11, 28, 12, tzinfo=berlin))  # Saturday
    assert not weeks.reminder_due(sunday, datetime(2026, 11, 29, 8, 59, tzinfo=berlin))
    assert weeks.reminder_due(sunday, datetime(2026, 11, 29, 9, 0, tzinfo=berlin))
    assert weeks.reminder_due(sunday, datetime(2026, 11, 29, 23, 59, tzinfo=berlin))
    assert not weeks.reminder_due(sunday, datetime(2026, 11, 30, 10, tzinfo=berlin))  # a new week


def test_reminder_day_passed_stays_due_for_the_rest_of_the_week():
    wednesday = couple_in("UTC", checkin_day=2)
    assert not weeks.reminder_due(wednesday, utc(2026, 11, 24, 20))  # Tuesday
    assert weeks.reminder_due(wednesday, utc(2026, 11, 27, 3))  # Friday night


W = date(2026, 11, 23)  # the current week in the streak tests


def ago(n: int) -> date:
    return W - timedelta(weeks=n)


def test_streak_of_nothing_is_zero():
    assert weeks.streak([], W) == 0


def test_streak_counts_the_current_week_when_both_checked_in():
    assert weeks.streak([W, ago(1), ago(2)], W) == 3


def test_open_current_week_does_not_break_the_streak():
    assert weeks.streak([ago(1), ago(2)], W) == 2


def test_a_missed_week_ends_the_streak():
    assert weeks.streak([W, ago(1), ago(3), ago(4)], W) == 2
    assert weeks.streak([ago(2), ago(3)], W) == 0


def test_only_the_current_week():
    assert weeks.streak([W], W) == 1
    assert weeks.streak([W, ago(2)], W) == 1
