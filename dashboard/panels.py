"""The shared dashboard's data, loaded lazily: a panel fragment runs only the
queries its panel needs, and the whole page a fixed number however long the
history. What of the partner's is read at all is decided in `couples.sharing`;
the wording and ranking are in `couples.comparison` and `dashboard.chart`."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from django.db.models import CharField, Count, F, Q, Value
from django.urls import reverse

from assessments.instruments import Role, get_instrument
from assessments.scoring import how_often, measure
from assessments.models import Draft, Submission
from couples import checkins, sharing, weeks
from couples.access import Pair
from couples.checkins import SharedWeek, WeekCloseness
from dashboard import support
from dashboard.chart import (
    CHART_WEEKS,
    Chart,
    ChartPoint,
    TableRow,
    chart_points,
    closeness_chart,
    table_rows,
    trend,
    trend_caption,
)
from couples.comparison import (
    Behaviour,
    ChangeSet,
    Element,
    Opening,
    Person,
    all_low,
    changes,
    elements,
    keys_in_order,
    opening,
    seen_differently,
    talk_first,
)
from steps import pacing
from steps.content import VALUES, Step
from steps.models import Hope, Interest, MyPart, Resentment, SharedValue, WeeklyAction

# Fragment name -> the page whose `{% partialdef %}` it is (templates/dashboard/).
PANELS = {
    "status": "together",
    "intimacy": "together",
    "distancing": "together",
    "progress": "progress",
    "this-week": "home",
    "glance": "home",
    "next": "home",
}

# What my partner may share with me from steps 1-4: (model, kind, step, its words).
SHAREABLE = [
    (Interest, "interest", 1, "text"),
    (SharedValue, "value", 1, "key"),
    (MyPart, "part", 2, None),
    (Resentment, "resentment", 3, "text"),
    (Hope, "hope", 4, "growth"),
]
SHARED_SHOWN = 5  # the home page lists this many; the steps pages hold them all


@dataclass(frozen=True)
class SharedItem:
    kind: str
    step: int
    words: str
    shared_at: datetime

    @property
    def url(self) -> str:
        return reverse(f"step{self.step}")

@dataclass(frozen=True)
class QuestionnaireStatus:
    key: str
    title: str
    mine: Submission | None  # my latest, whatever my sharing
    theirs: Submission | None  # my partner's latest that they shared
    compared: tuple[Submission, Submission] | None  # both sides as shared: set only once both are
    # What holds my side back, for my own panel to say: "off", "check", "paused" or None.
    waits: str | None = None

    @property
    def both(self) -> bool:
        return self.compared is not None

    @property
    def minutes(self) -> int:
        return get_instrument(self.key).minutes


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
    # check-in, the partner's shared part of it). Each reads only what
    # `couples.sharing` lets reach `pair.me`.
    @cached_property
    def _histories(self) -> dict[str, dict[int, list[Submission]]]:  # both questionnaires, one query
        return sharing.submission_histories(self.pair)

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
    def step_schedule(self) -> pacing.Schedule:
        """The couple's step dates (one query), read once for both properties below."""
        return pacing.schedule(self.pair)

    @property
    def step_this_week(self) -> Step | None:
        """The couple's step this week (steps.pacing): one for both, so no page compares where each partner is."""
        return self.step_schedule.step

    @cached_property
    def my_walk(self) -> pacing.Walk:
        """The step dates and my own done marks, for the home page's next thing:
        one query beside the schedule (two while a step is still closed)."""
        return pacing.walk(self.pair, plan=self.step_schedule)

    @cached_property
    def hopes(self) -> list[int]:
        """Step 4's hope: mine, and my partner's only if they shared it (one query)."""
        return list(Hope.objects.seen_by(self.pair).values_list("hope", flat=True))

    @cached_property
    def drafts(self) -> list[Draft]:
        """My questionnaires started and not sent, each with `answered` (one query)."""
        answered = Count("answers", filter=Q(answers__value__isnull=False))
        return list(Draft.objects.filter(user=self.pair.me).annotate(answered=answered).order_by("started_at"))

    @cached_property
    def draft_progress(self) -> dict[str, dict]:
        """For each questionnaire I left part way: {"answered", "total", "url"}."""
        return {
            d.instrument: {"answered": d.answered, "total": len(d.definition.items), "url": d.get_absolute_url()}
            for d in self.drafts
            if d.answered
        }

    @cached_property
    def one_thing(self) -> WeeklyAction | None:
        """My step-5 choice for this week (one query; private to me)."""
        return WeeklyAction.objects.filter(
            user=self.pair.me, couple=self.pair.couple, week_start=self.this_week.week_start
        ).first()

    @cached_property
    def shared_since(self) -> list[SharedItem]:
        """What my partner shared with me from the steps since my last visit
        home (all of it on a first visit), newest first, in one query: each
        kind through `shared_with`, so only shared items, as pause sharing
        lets them reach me."""
        since = self.pair.last_seen_home_at
        parts = []
        for model, kind, step, words in SHAREABLE:
            rows = model.objects.shared_with(self.pair)
            if since is not None:
                rows = rows.filter(updated_at__gt=since)
            rows = rows.annotate(
                item_kind=Value(kind, output_field=CharField()),
                item_words=F(words) if words else Value("", output_field=CharField()),
            )
            parts.append(rows.values_list("item_kind", "item_words", "updated_at"))
        union = parts[0].union(*parts[1:], all=True).order_by("-updated_at")[:SHARED_SHOWN]
        steps = {kind: step for _, kind, step, _ in SHAREABLE}
        values = dict(VALUES)
        return [
            SharedItem(kind, steps[kind], values.get(words, words) if kind == "value" else words, at)
            for kind, words, at in union
        ]

    # Panels.
    def _status(self, key: str, history: dict[int, list[Submission]]) -> QuestionnaireStatus:
        mine, theirs = history.get(self.pair.me.pk, []), history.get(self.pair.partner.pk, [])
        return QuestionnaireStatus(
            key,
            get_instrument(key).title,
            mine[-1] if mine else None,
            theirs[-1] if theirs else None,
            sharing.comparable(self.pair, mine, theirs),
            sharing.my_side_waits(self.pair, mine),
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

    @cached_property
    def elements(self) -> list[Element]:
        """Both partners' intimacy scores, element by element; empty until both submitted."""
        return elements(self.intimacy_status.compared)

    @property
    def talk_first(self) -> list[Element]:
        return talk_first(self.elements)

    @property
    def opening(self) -> Opening:
        return opening(self.elements)

    @property
    def all_low(self) -> bool:
        return all_low(self.elements)

    @property
    def my_intimacy(self) -> list[tuple[str, str]]:
        """My own bands, for the time before my partner has answered (exact
        scores are on my results page, which only I can open)."""
        mine = self.intimacy_status.mine
        if mine is None:
            return []
        definition, scores = mine.definition, mine.scores["dimensions"]
        return [
            (definition.dimension(k).title, measure(definition, Role.DIMENSIONS, k).band(scores[k]))
            for k in keys_in_order(definition, scores)
        ]

    @cached_property
    def distancing(self) -> list[tuple[Person, list[Behaviour], list[Behaviour]]]:
        """For each partner: (person, every behaviour, every difference worth naming). Empty until both submitted."""
        if not self.distancing_status.both:
            return []
        my_submission, their_submission = self.distancing_status.compared
        mine, theirs = my_submission.scores, their_submission.scores
        definition = my_submission.definition
        result = []
        # My self-view beside how my partner sees me; then theirs beside how I see them.
        for person, own, other in ((self.you, mine, theirs), (self.partner, theirs, mine)):
            rows = [
                Behaviour(
                    k,
                    definition.dimension(k).title,
                    own["self"][k],
                    other["partner"][k],
                    definition.dimension(k).positive,
                )
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
    def chart_rows(self) -> list[TableRow]:
        return table_rows(self.chart_points)

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
            result.append((self.partner, changes(self.intimacy_history.get(self.pair.partner.pk, []))))
        return [ChangeSet(person, rows) for person, rows in result if rows]

    @property
    def progress_caption(self) -> str:
        return trend_caption(*self.trends, self.partner.name)

    @property
    def support_reasons(self) -> list[str]:
        """Why the counselor card shows (dashboard.support): from the data above
        and my hope, nothing of my partner's I cannot already see."""
        return support.reasons(
            elements=self.elements,
            weeks=self.recent_weeks,
            current_week=self.current_week,
            my_distancing=self.distancing_status.mine,
            compared_distancing=self.distancing_status.compared,
            hopes=self.hopes,
        )
