"""The shared dashboard: what two partners see together on their home page.

The reveal rule is applied here, not in templates: a questionnaire's
comparison (and anything else drawn from the partner's scores) exists only
once both partners have submitted it; before that, the viewer gets their own
scores and nothing of the partner's. Check-in data comes through
`couples.checkins`, which never reads the partner's private answers.

The module has two halves: pure functions (labels, ranking, trend, chart
geometry), tested on hand-computed cases, and `Dashboard`, which loads data
lazily so that a panel fragment runs only the queries its panel needs.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.instruments import get_instrument
from assessments.models import Submission
from assessments.scoring import DIFFERENT_GAP, NOISE_BELOW, change, compare
from assessments.services import submission_histories
from couples import checkins, weeks
from couples.access import Pair
from couples.checkins import SharedWeek, WeekCloseness
from steps.content import STEPS
from steps.progress import steps_seen_by

# Fragment names: each is a `{% partialdef %}` in couples/dashboard.html.
PANELS = ("status", "intimacy", "distancing", "progress", "this-week")

TALK_FIRST = 3  # how many elements the dashboard suggests talking about first
CHART_WEEKS = 52  # the chart shows up to a year; older weeks stay on the history page
TREND_WEEKS = 6  # the caption compares the older and newer half of this many check-ins
TREND_STEP = 0.5  # on the 1-10 closeness scale, smaller moves read as "steady"
# One row of the chart's data table: day, month, year, then each partner's closeness.
CHART_ROW = '<tr><th scope="row">{} {} {}</th><td class="num">{}</td><td class="num">{}</td></tr>'

LABELS = {"strength": "Shared strength", "growth": "Shared growth area", "different": "Seen differently"}
# How much an element matters (importance 1-5), in words that fit "matters to you: ...".
MATTERS = {1: "not much", 2: "a little", 3: "fairly", 4: "very much", 5: "essential"}
# Distancing scores are 0, 25, ... 100: the frequency answered, shown in words.
HOW_OFTEN = ("never", "rarely", "sometimes", "often", "very often")

# A question to start with, per intimacy element: open, about "us", never "you always".
PROMPTS = {
    "touch": "What kind of touch feels welcome to you these days, and what feels like too much?",
    "eye_contact": "Sit facing each other for five minutes with your phones in another room. Afterwards: what was that like?",
    "openness": "Is there something you've been keeping to yourself to keep the peace? Listen to the whole answer before you reply.",
    "ease": "When do you feel most yourself with me, and when do you feel you have to be careful?",
    "positivity": "Name one thing the other did this month that you were glad of. Then talk about one moment that felt hard, and what made it hard.",
    "connection": "What's something going on inside you lately that you think I don't know about?",
    "care": "When did you last feel I had your back? What would help you feel that more often?",
    "appreciation": "Which decisions would you like us to make more together? And what do you appreciate in me that often goes unsaid?",
}


# ---------------------------------------------------------------- pure parts


@dataclass(frozen=True)
class Element:
    """One intimacy element, both partners' scores and importance side by side."""

    key: str
    title: str
    mine: int
    theirs: int
    my_importance: int
    their_importance: int

    @property
    def label(self) -> str | None:
        return compare(self.mine, self.theirs)

    @property
    def gap(self) -> int:
        return abs(self.mine - self.theirs)

    @property
    def weight(self) -> float:
        """The gap, weighted by how much the element matters to both (1-5 each):
        a gap both call essential counts in full, one neither cares about a fifth."""
        return self.gap * (self.my_importance + self.their_importance) / 10

    @property
    def label_text(self) -> str:
        return LABELS.get(self.label, "")

    @property
    def prompt(self) -> str:
        return PROMPTS[self.key]

    @property
    def matters_to_me(self) -> str:
        return MATTERS[self.my_importance]

    @property
    def matters_to_them(self) -> str:
        return MATTERS[self.their_importance]


def talk_first(elements: list[Element], count: int = TALK_FIRST) -> list[Element]:
    """The elements to talk about first: the largest weighted gaps, leaving out
    gaps too small to mean anything. Ties go to the element the two care about
    more, then to the questionnaire's own order."""
    candidates = [(e, n) for n, e in enumerate(elements) if e.gap >= NOISE_BELOW]
    candidates.sort(key=lambda pair: (-pair[0].weight, -(pair[0].my_importance + pair[0].their_importance), pair[1]))
    return [e for e, _ in candidates[:count]]


@dataclass(frozen=True)
class Behaviour:
    """One distancing behaviour in one person: how they see it in themselves
    beside how their partner sees it in them (both 0-100, higher = more often)."""

    key: str
    title: str
    self_view: int
    other_view: int

    @property
    def self_words(self) -> str:
        return how_often(self.self_view)

    @property
    def other_words(self) -> str:
        return how_often(self.other_view)

    @property
    def difference(self) -> int:
        """Positive: the partner sees it more than the person does."""
        return self.other_view - self.self_view


def how_often(score: int) -> str:
    return HOW_OFTEN[min(4, max(0, round(score / 25)))]


def seen_differently(behaviours: list[Behaviour], count: int = 2) -> list[Behaviour]:
    """The behaviours where the two views of one person differ most (a clear gap only)."""
    clear = [b for b in behaviours if abs(b.difference) >= DIFFERENT_GAP]
    return sorted(clear, key=lambda b: -abs(b.difference))[:count]


@dataclass(frozen=True)
class Change:
    title: str
    then: int
    now: int

    @property
    def delta(self) -> int | None:
        return change(self.then, self.now)


@dataclass(frozen=True)
class ChangeSet:
    """One partner's closeness scores, then and now, element by element."""

    person: "Person"
    rows: list[Change]

    def _count(self, sign: int) -> int:
        return sum(1 for r in self.rows if r.delta is not None and (r.delta > 0) == (sign > 0))

    @property
    def up(self) -> int:
        return self._count(1)

    @property
    def down(self) -> int:
        return self._count(-1)

    @property
    def same(self) -> int:
        return sum(1 for r in self.rows if r.delta is None)


def changes(submissions: list[Submission]) -> list[Change]:
    """Each intimacy element between the last two submissions; empty with fewer than two."""
    if len(submissions) < 2:
        return []
    then, now = submissions[-2].scores["dimensions"], submissions[-1].scores["dimensions"]
    definition = submissions[-1].definition
    return [Change(d.title, then[d.key], now[d.key]) for d in definition.dimensions if d.key in now and d.key in then]


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


@dataclass(frozen=True)
class ChartPoint:
    week_start: date
    mine: int | None
    theirs: int | None


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
        points.append(ChartPoint(week, shared.mine, shared.partner) if shared else ChartPoint(week, None, None))
        week += timedelta(weeks=1)
    return points


# ------------------------------------------------------------ loading, lazily


@dataclass(frozen=True)
class Person:
    """One side of a panel: "you" or "partner", with a name to print beside the colour."""

    role: str
    name: str


@dataclass(frozen=True)
class QuestionnaireStatus:
    key: str
    title: str
    mine: Submission | None  # my latest, whatever my sharing
    theirs: Submission | None  # my partner's latest that they shared
    compared: tuple[Submission, Submission] | None  # both sides as shared: set only once both are

    @property
    def both(self) -> bool:
        return self.compared is not None

    @property
    def minutes(self) -> int:
        return get_instrument(self.key).minutes


def keys_in_order(definition, scores: dict) -> list[str]:
    """The scored dimensions in the questionnaire's own order: JSON fields on
    PostgreSQL (jsonb) do not keep the order their keys were written in."""
    return [d.key for d in definition.dimensions if d.key in scores]


def shared(user, submissions: list[Submission]) -> list[Submission]:
    """The submissions `user` lets their partner see: while they pause sharing,
    nothing they sent after pausing."""
    paused = user.sharing_paused_at
    return submissions if paused is None else [s for s in submissions if s.submitted_at <= paused]


class Dashboard:
    """Everything the dashboard shows to `pair.me`, computed on first use.

    Each panel reads only the data it needs, so a fragment costs only its
    own queries and the whole page a fixed number, however long the history."""

    def __init__(self, pair: Pair, now: datetime | None = None):
        self.pair = pair
        self.now = now
        self.you = Person("you", "You")
        self.partner = Person("partner", pair.partner.display_name)
        self._ids = [pair.me.pk, pair.partner.pk]
        self.current_week = weeks.current_week(pair.couple, now)

    # Data, loaded on first use: one query each, but two for `this_week` (my
    # check-in, the partner's shared part of it). Answers from a partner's
    # earlier couple were about someone else and do not count
    # (access.Pair.answers_since).
    @cached_property
    def _histories(self) -> dict[str, dict[int, list[Submission]]]:  # both questionnaires, one query
        return submission_histories(self._ids, ["intimacy", "distancing"], since=self.pair.answers_since)

    @property
    def intimacy_history(self) -> dict[int, list[Submission]]:
        return self._histories["intimacy"]

    @property
    def distancing_history(self) -> dict[int, list[Submission]]:
        return self._histories["distancing"]

    @cached_property
    def recent_weeks(self) -> list[WeekCloseness]:
        return checkins.recent_closeness(self.pair, since=self.current_week - timedelta(weeks=CHART_WEEKS - 1))

    @cached_property
    def streak(self) -> int:
        return checkins.streak(self.pair, self.current_week)

    @cached_property
    def this_week(self) -> SharedWeek:
        return checkins.this_week(self.pair, self.now)

    @cached_property
    def steps(self) -> dict[int, int | None]:
        return steps_seen_by(self.pair)  # leaves out a partner who pauses sharing

    # Panels.
    def _status(self, key: str, history: dict[int, list[Submission]]) -> QuestionnaireStatus:
        me, partner = self.pair.me, self.pair.partner
        mine = history.get(me.pk, [])
        my_shared, theirs = shared(me, mine), shared(partner, history.get(partner.pk, []))
        return QuestionnaireStatus(
            key,
            get_instrument(key).title,
            mine[-1] if mine else None,
            theirs[-1] if theirs else None,
            (my_shared[-1], theirs[-1]) if my_shared and theirs else None,
        )

    @cached_property
    def intimacy_status(self) -> QuestionnaireStatus:
        return self._status("intimacy", self.intimacy_history)

    @cached_property
    def distancing_status(self) -> QuestionnaireStatus:
        return self._status("distancing", self.distancing_history)

    @property
    def questionnaires(self) -> list[QuestionnaireStatus]:
        return [self.intimacy_status, self.distancing_status]

    @property
    def step_list(self) -> list[tuple[Person, object]]:
        """(person, step or None when all five are done) for each partner."""
        by_number = {s.number: s for s in STEPS}
        mine, theirs = (self.steps.get(uid) for uid in self._ids)
        return [(self.you, by_number.get(mine)), (self.partner, by_number.get(theirs))]

    @cached_property
    def elements(self) -> list[Element]:
        """Both partners' intimacy scores, element by element; empty until both submitted."""
        if not self.intimacy_status.both:
            return []
        my_submission, their_submission = self.intimacy_status.compared
        mine, theirs = my_submission.scores, their_submission.scores
        definition = my_submission.definition
        return [
            Element(
                key,
                definition.dimension(key).title,
                mine["dimensions"][key],
                theirs["dimensions"][key],
                mine["importance"][key],
                theirs["importance"][key],
            )
            for key in keys_in_order(definition, mine["dimensions"])
            if key in theirs["dimensions"]
        ]

    @property
    def talk_first(self) -> list[Element]:
        return talk_first(self.elements)

    @property
    def my_intimacy(self) -> list[tuple[str, int]]:
        """My own scores, for the time before my partner has answered."""
        mine = self.intimacy_status.mine
        if mine is None:
            return []
        scores = mine.scores["dimensions"]
        return [(mine.definition.dimension(k).title, scores[k]) for k in keys_in_order(mine.definition, scores)]

    @cached_property
    def distancing(self) -> list[tuple[Person, list[Behaviour], list[Behaviour]]]:
        """For each partner: (person, every behaviour, the clearest differences). Empty until both submitted."""
        if not self.distancing_status.both:
            return []
        my_submission, their_submission = self.distancing_status.compared
        mine, theirs = my_submission.scores, their_submission.scores
        definition = my_submission.definition
        result = []
        # My self-view beside how my partner sees me; then theirs beside how I see them.
        for person, own, other in ((self.you, mine, theirs), (self.partner, theirs, mine)):
            rows = [
                Behaviour(k, definition.dimension(k).title, own["self"][k], other["partner"][k])
                for k in keys_in_order(definition, own["self"])
                if k in other["partner"]
            ]
            result.append((person, rows, seen_differently(rows)))
        return result

    @property
    def my_distancing(self) -> list[tuple[str, str, str]]:
        """How often I said I and my partner did each thing, before my partner has answered."""
        mine = self.distancing_status.mine
        if mine is None:
            return []
        scores = mine.scores
        return [
            (mine.definition.dimension(k).title, how_often(scores["self"][k]), how_often(scores["partner"][k]))
            for k in keys_in_order(mine.definition, scores["self"])
        ]

    @cached_property
    def chart_points(self) -> list[ChartPoint]:
        return chart_points(self.recent_weeks, self.current_week)

    @property
    def chart_rows(self) -> SafeString:
        """The chart's data table body, newest week first. Built here rather than
        in a template loop: a year of rows is the one part of the page that grows
        with the history, and this keeps it cheap. Plain `str.format` and one
        `date_format` per month, because `format_html` and `date_format` per row
        cost several times as much: every value is an integer, a dash or a month
        name escaped here."""
        months: dict[int, str] = {}
        rows = []
        for p in reversed(self.chart_points):
            if p.mine or p.theirs:
                day = p.week_start
                if day.month not in months:
                    months[day.month] = escape(date_format(day, "M"))
                rows.append(CHART_ROW.format(day.day, months[day.month], day.year, p.mine or "–", p.theirs or "–"))
        return mark_safe("\n".join(rows))

    @property
    def chart(self) -> Chart | None:
        return closeness_chart(self.chart_points) if self.chart_points else None

    @property
    def trends(self) -> tuple[int | None, int | None]:
        points = self.chart_points
        return (
            trend([p.mine for p in points if p.mine is not None]),
            trend([p.theirs for p in points if p.theirs is not None]),
        )

    @property
    def intimacy_changes(self) -> list[ChangeSet]:
        """Change since the previous submission: my own always; my partner's only
        once both of us have submitted (the comparison rule)."""
        result = [(self.you, changes(self.intimacy_history.get(self.pair.me.pk, [])))]
        if self.intimacy_status.both:
            partner = self.pair.partner
            result.append((self.partner, changes(shared(partner, self.intimacy_history.get(partner.pk, [])))))
        return [ChangeSet(person, rows) for person, rows in result if rows]

    @property
    def progress_caption(self) -> str:
        return trend_caption(*self.trends, self.partner.name)


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
        None: f"{partner_name} hasn't checked in often enough yet to show a direction",
    }[theirs]
    caption = f"{you}, and {them}."
    if -1 in (mine, theirs):
        caption += f" The same weeks can feel quite different to each of you: ask {partner_name} how these ones have been."
    return caption
