"""Helpers for the check-in tests: a valid form submission, and rows made directly."""

import re
from datetime import date

from couples import weeks
from couples.models import CheckIn, Couple


def form_data(couple: Couple, **overrides) -> dict:
    data = {
        "week": weeks.current_week(couple).isoformat(),
        "closeness": "7",
        "appreciated": "4",
        "pulled_away": "1",
        "appreciation_note": "",
        "private_note": "",
    }
    return data | overrides


def make_checkin(couple: Couple, user, week_start: date, **fields) -> CheckIn:
    values = {"closeness": 6, "appreciated": 3, "pulled_away": 1} | fields
    return CheckIn.objects.create(couple=couple, user=user, week_start=week_start, **values)


def checked(page: str, name: str) -> list[str]:
    """The values of the radio buttons named `name` that are checked on the page."""
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"[^>]* checked', page)
