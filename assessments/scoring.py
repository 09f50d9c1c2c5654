"""Scoring: pure functions from a complete set of answers to stored scores.

Scores are computed once, when a questionnaire is submitted, and stored with
the submission; pages read them and never recompute from raw answers.
docs/questionnaires.md explains the rules for readers who are not programmers.
"""

from dataclasses import dataclass
from fractions import Fraction

from assessments.instruments import Instrument, Item, Role

# Every cut-off below is derived, in docs/questionnaires.md ("Cut-offs"), from
# the resolution of the items and one stated estimate of wobble: between two
# sittings of one person, or between two people, an answer moving one category
# on any item is ordinary and means nothing. So everything is counted in item
# points (one category = one point), never in 0-100 steps.
WOBBLE = 1  # categories an answer may move on any one item without meaning anything

# Closeness bands: the average answer per item rounded to the nearest category
# (0-4 points), with the two categories on each side grouped and an exact half
# kept in the middle. As a share of the most points: above 5/8 is "strong"
# (nearer "Agree" than "In between"), below 3/8 is "low", the rest "mixed".
STRONG_ABOVE = (5, 8)
LOW_BELOW = (3, 8)

# Pulling away: a behaviour's band is the answer itself (0 never ... 4 very
# often). A difference between two views of one behaviour is named only when it
# is at least this many categories AND one side reaches OFTEN (for a behaviour
# that draws a couple closer, `positive`, one side at RARELY or less).
CALLOUT_APART = 2 * WOBBLE
OFTEN = 3
RARELY = 1

HOW_OFTEN = ("never", "rarely", "sometimes", "often", "very often")


class IncompleteAnswers(ValueError):
    """A draft with unanswered items is never scored."""

    def __init__(self, missing: list[str]):
        super().__init__(f"{len(missing)} unanswered item(s): {', '.join(missing)}")
        self.missing = missing


def check_answers(instrument: Instrument, answers: dict[str, int]) -> None:
    """Raise ValueError for an unknown item or an out-of-range value, IncompleteAnswers for gaps."""
    for key, value in answers.items():
        item = instrument.item(key)
        if item is None:
            raise ValueError(f"Unknown item {key!r} for {instrument.key} v{instrument.version}")
        if type(value) is not int or value not in item.scale.values:
            raise ValueError(f"{value!r} is out of range for {key!r}")
    missing = [item.key for item in instrument.items if item.key not in answers]
    if missing:
        raise IncompleteAnswers(missing)


def points(item: Item, value: int) -> int:
    """Points above the bottom of the scale, reverse-worded items flipped."""
    return item.scale.high - value if item.reverse else value - item.scale.low


def percent(items: list[Item], answers: dict[str, int]) -> int:
    """The items' points as a whole number from 0 to 100.

    An exact half goes to the even number, so that mirrored answers give
    mirrored scores (12.5 and 87.5 become 12 and 88). Halves happen only with
    two or four items on a 1-5 scale (8 or 16 points); three items (12 points)
    and single frequency items never land on one, so version 1 scores read
    the same under this rule as under the "halves up" it was sent with."""
    got = sum(points(item, answers[item.key]) for item in items)
    most = sum(item.scale.high - item.scale.low for item in items)
    return round(Fraction(100 * got, most))


def score(instrument: Instrument, answers: dict[str, int]) -> dict[str, dict[str, int]]:
    """Scores per role and dimension, e.g. for intimacy
    {"dimensions": {"touch": 75, ...}, "importance": {"touch": 4, ...}} and for
    distancing {"self": {"criticism": 25, ...}, "partner": {"criticism": 50, ...}}."""
    check_answers(instrument, answers)
    scores: dict[str, dict[str, int]] = {}
    for role in instrument.roles:
        group = scores.setdefault(role.value, {})
        for dimension in instrument.dimensions:
            items = [i for i in instrument.items if i.role == role and i.dimension == dimension.key]
            if not items:
                continue
            if role == Role.IMPORTANCE:
                group[dimension.key] = answers[items[0].key]  # kept on its own 1-5 scale
            else:
                group[dimension.key] = percent(items, answers)
    return scores


@dataclass(frozen=True)
class Measure:
    """How one dimension's 0-100 score was made: from `items` answers worth 0 to
    `most` points together. Scores step by 100/most; the wobble of one category
    on every item is `items` points, an average of one category per item."""

    items: int
    most: int

    def points(self, score: int) -> int:
        """The points behind a stored 0-100 score (exact: steps are at least 6.25 apart)."""
        return (2 * score * self.most + 100) // 200

    def band(self, score: int) -> str:
        """"strong", "mixed" or "low": what a partner may see of a closeness score."""
        p = self.points(score)
        if p * STRONG_ABOVE[1] > STRONG_ABOVE[0] * self.most:
            return "strong"
        if p * LOW_BELOW[1] < LOW_BELOW[0] * self.most:
            return "low"
        return "mixed"

    def average(self, score: int) -> Fraction:
        """The average answer per item, in categories above the bottom (0 to 4)."""
        return Fraction(self.points(score), self.items)

    def compare(self, mine: int, theirs: int) -> str | None:
        """How two partners' scores on one element relate (see `compare`)."""
        return compare(self, mine, self, theirs)

    def change(self, then: int, now: int, before: "Measure | None" = None) -> int | None:
        """The change from `then` (made as `before`, if another version) to `now`,
        or None when it is within wobble: one category on every item or less."""
        moved = self.average(now) - (before or self).average(then)
        return None if abs(moved) <= WOBBLE else now - then

    def change_words(self, then: int, now: int, before: "Measure | None" = None) -> str:
        """For the author's own results page: "about the same", "up 17" or "down 17"."""
        delta = self.change(then, now, before)
        if delta is None:
            return "about the same"
        return f"up {delta}" if delta > 0 else f"down {-delta}"

    def direction(self, then: int, now: int, before: "Measure | None" = None) -> str:
        """For pages a partner can see: "about the same", "higher" or "lower", no numbers."""
        delta = self.change(then, now, before)
        if delta is None:
            return "about the same"
        return "higher" if delta > 0 else "lower"


def compare(my_measure: Measure, mine: int, their_measure: Measure, theirs: int) -> str | None:
    """How two partners' scores on one element relate: "strength" (both
    strong), "growth" (both low), "different" (more apart than one category on
    every item), or None when none of these stands out. In that order. Each
    side is read with its own version's items, so a version 1 and a version 2
    answer compare fairly: average answers per item, never raw points."""
    bands = my_measure.band(mine), their_measure.band(theirs)
    if bands == ("strong", "strong"):
        return "strength"
    if bands == ("low", "low"):
        return "growth"
    if abs(my_measure.average(mine) - their_measure.average(theirs)) > WOBBLE:
        return "different"
    return None


def measure(instrument: Instrument, role: Role | str, dimension: str) -> Measure:
    """How `dimension`'s score in `role` is made in this instrument (version)."""
    items = [i for i in instrument.items if i.role == role and i.dimension == dimension]
    return Measure(len(items), sum(i.scale.high - i.scale.low for i in items))


def frequency(score: int) -> int:
    """The answer (0 never ... 4 very often) behind a single-item score."""
    return min(4, max(0, (score + 12) // 25))


def how_often(score: int) -> str:
    """A single-item frequency score (0, 25, ... 100) as the answer it came from, in words."""
    return HOW_OFTEN[frequency(score)]


def worth_naming(self_view: int, other_view: int, positive: bool = False) -> bool:
    """Whether two views of one behaviour differ enough to call out: at least two
    categories apart, and one side at "often" or more (for a positive behaviour,
    at "rarely" or less, where too little of it is what matters)."""
    a, b = frequency(self_view), frequency(other_view)
    if abs(a - b) < CALLOUT_APART:
        return False
    return min(a, b) <= RARELY if positive else max(a, b) >= OFTEN
