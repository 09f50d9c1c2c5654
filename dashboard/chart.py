"""The weekly closeness chart: pure geometry and wording, no database, no HTML.

`closeness_chart` computes what the SVG in templates/dashboard/home.html
draws; `table_rows` the data table beside it; `trend` and `trend_caption`
the honest sentence under it. Tested on hand-computed cases."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format

from couples.checkins import WeekCloseness

CHART_WEEKS = 52  # the chart shows up to a year; older weeks stay on the history page
TREND_WEEKS = 6  # the caption compares the older and newer half of this many check-ins
TREND_STEP = 0.5  # on the 1-10 closeness scale, smaller moves read as "steady"


@dataclass(frozen=True)
class ChartPoint:
    week_start: date
    mine: int | None
    theirs: int | None  # None also while their number waits for my check-in (mutual reveal)
    theirs_checked_in: bool = False


@dataclass(frozen=True)
class Series:
    path: str  # an SVG path: one "M" per run of weeks without a gap; markers draw the dots


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    bottom: int
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, date]]
    you: Series
    partner: Series
    dot: float  # dot diameter: bigger while there are only a few weeks to show

    @property
    def y_label_x(self) -> int:
        """Where the 1-10 labels end, just left of the plot."""
        return self.left - 6

    @property
    def x_label_y(self) -> int:
        """The baseline of the week labels, under the axis."""
        return self.height - 6


def closeness_chart(points: list[ChartPoint], width: int = 360, height: int = 200) -> Chart:
    """Geometry of the weekly closeness chart (1-10), one x step per calendar week.

    Pure arithmetic; the template draws it. A week someone skipped is a gap in
    their line rather than a line drawn through it."""
    left, right, top, bottom = 26, width - 8, 10, height - 24
    n = len(points)
    step = (right - left) / (n - 1) if n > 1 else 0

    def x(i: int) -> float:
        return round(left + i * step, 1) if n > 1 else (left + right) / 2

    def y(value: int) -> float:
        return round(top + (10 - value) * (bottom - top) / 9, 1)

    def series(values: list[int | None]) -> Series:
        parts, drawing = [], False
        for i, value in enumerate(values):
            if value is None:
                drawing = False
                continue
            parts.append(f"{'L' if drawing else 'M'}{x(i)} {y(value)}")
            drawing = True
        return Series(" ".join(parts))

    x_ticks = [(x(0), points[0].week_start)] if points else []
    if n > 1:
        x_ticks.append((x(n - 1), points[-1].week_start))
    if n > 6:
        x_ticks.insert(1, (x(n // 2), points[n // 2].week_start))
    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        bottom=bottom,
        y_ticks=[(y(v), v) for v in (1, 4, 7, 10)],
        x_ticks=x_ticks,
        you=series([p.mine for p in points]),
        partner=series([p.theirs for p in points]),
        dot=8 if n <= 12 else 5,
    )


def chart_points(recent: list[WeekCloseness], current_week: date, count: int = CHART_WEEKS) -> list[ChartPoint]:
    """The calendar weeks from the first check-in (or `count` weeks back) to
    this week, with each partner's closeness where they checked in."""
    if not recent:
        return []
    first = max(recent[-1].week_start, current_week - timedelta(weeks=count - 1))
    by_week = {w.week_start: w for w in recent}
    points = []
    week = first
    while week <= current_week:
        shared = by_week.get(week)
        points.append(
            ChartPoint(week, shared.mine, shared.partner, shared.partner_checked_in or shared.partner is not None)
            if shared
            else ChartPoint(week, None, None)
        )
        week += timedelta(weeks=1)
    return points


# The partner's cell for a week they checked in but whose number waits for my
# check-in (mutual reveal): what "not revealed yet" looks like, nothing more.
CHECKED_IN = "Checked in"


@dataclass(frozen=True)
class TableRow:
    week: str  # "3 Mar 2025"
    mine: int | str  # the closeness, or a dash for a week without a check-in
    theirs: int | str  # also "Checked in" for a week whose number waits for my check-in


def table_rows(points: list[ChartPoint]) -> list[TableRow]:
    """The chart's data table, newest week first, weeks with a check-in only.
    A year of rows is the one part of the page that grows with the history:
    one `date_format` per month, not per row, keeps it cheap."""
    months: dict[int, str] = {}
    rows = []
    for p in reversed(points):
        if p.mine or p.theirs or p.theirs_checked_in:
            day = p.week_start
            if day.month not in months:
                months[day.month] = date_format(day, "M")
            theirs = p.theirs or (CHECKED_IN if p.theirs_checked_in else "–")
            rows.append(TableRow(f"{day.day} {months[day.month]} {day.year}", p.mine or "–", theirs))
    return rows


def trend(values: list[int]) -> int | None:
    """Which way closeness is going over the last TREND_WEEKS check-ins: 1 up,
    0 steady, -1 down; None with fewer than four check-ins to go on."""
    recent = values[-TREND_WEEKS:]
    if len(recent) < 4:
        return None
    half = len(recent) // 2
    older, newer = recent[:half], recent[-half:]
    delta = sum(newer) / half - sum(older) / half
    if delta >= TREND_STEP:
        return 1
    if delta <= -TREND_STEP:
        return -1
    return 0


def trend_caption(mine: int | None, theirs: int | None, partner_name: str) -> str:
    """An honest sentence about where closeness is heading (see `trend`)."""
    if mine is None and theirs is None:
        return "After a few more weeks of check-ins, you'll see here which way things are moving."
    if mine == theirs:
        return {
            1: "Over your last few check-ins, you have both been feeling closer.",
            0: "Over your last few check-ins, closeness has stayed about level for both of you.",
            -1: "Over your last few check-ins, you have both been feeling less close. That happens to every couple: "
            "talking about what these weeks have been like, without looking for someone to blame, is a good start.",
        }[mine]
    you = {
        1: "Lately you have been feeling closer",
        0: "Lately your closeness has stayed about level",
        -1: "Lately you have been feeling less close",
        None: "You haven't checked in often enough yet to show a direction",
    }[mine]
    them = {
        1: f"{partner_name} has been feeling closer",
        0: f"for {partner_name} it has stayed about level",
        -1: f"{partner_name} has been feeling less close",
        # Also when they checked in but I did not: their numbers show only for weeks we both did.
        None: f"there aren't yet enough weeks you've both checked in to show how it's going for {partner_name}",
    }[theirs]
    caption = f"{you}, and {them}."
    if -1 in (mine, theirs):
        caption += f" The same weeks can feel quite different to each of you: ask {partner_name} how these ones have been."
    return caption
