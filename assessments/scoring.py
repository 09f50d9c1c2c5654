"""Scoring: pure functions from a complete set of answers to stored scores.

Scores are computed once, when a questionnaire is submitted, and stored with
the submission; pages read them and never recompute from raw answers.
docs/questionnaires.md explains the rules for readers who are not programmers.
"""

from fractions import Fraction

from assessments.instruments import Instrument, Item, Role

# The bounds the shared dashboard uses to compare two partners' 0-100 scores.
STRENGTH_AT_LEAST = 70  # both partners at or above: a shared strength
GROWTH_AT_MOST = 45  # both partners at or below: a shared growth area
DIFFERENT_GAP = 25  # a gap of at least this: seen differently
NOISE_BELOW = 5  # changes or gaps smaller than this are not worth mentioning


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


def compare(mine: int, theirs: int) -> str | None:
    """How two partners' 0-100 scores on one dimension relate, for the dashboard:
    "strength", "growth", "different", or None when none of these stands out."""
    if mine >= STRENGTH_AT_LEAST and theirs >= STRENGTH_AT_LEAST:
        return "strength"
    if mine <= GROWTH_AT_MOST and theirs <= GROWTH_AT_MOST:
        return "growth"
    if abs(mine - theirs) >= DIFFERENT_GAP:
        return "different"
    return None


def change(then: int, now: int) -> int | None:
    """The change between two scores, or None when it is too small to mean anything."""
    delta = now - then
    return None if abs(delta) < NOISE_BELOW else delta


def change_words(then: int, now: int, same: str = "about the same") -> str:
    """The change in words, for pages: `same` when too small, else "up 7" or "down 7"."""
    delta = change(then, now)
    if delta is None:
        return same
    return f"up {delta}" if delta > 0 else f"down {-delta}"
