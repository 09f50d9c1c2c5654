"""The two perspectives side by side, in words: labels, prompts, how often,
and which differences to name first. Pure functions of stored scores; the
cut-offs themselves live in `assessments.scoring`."""

from dataclasses import dataclass
from fractions import Fraction

from assessments.models import Submission
from assessments.instruments import Role
from assessments.scoring import Measure, compare, how_often, measure, worth_naming

TALK_FIRST = 2  # at most this many things worth talking about, each with its prompt

LABELS = {"strength": "Shared strength", "growth": "Shared growth area", "different": "Seen differently"}
# How much an element matters (importance 1-5), in words that fit "matters to you: ...".
MATTERS = {1: "not much", 2: "a little", 3: "fairly", 4: "very much", 5: "essential"}
# A band as a bar of three steps (drawn on a viewBox 3 wide): the bar's length
# says the band and nothing finer, and 1, 2, 3 are never a possible score.
BAR = {"low": 1, "mixed": 2, "strong": 3}

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


@dataclass(frozen=True)
class Element:
    """One intimacy element, both partners' scores and importance side by side.
    The scores stay in here: pages print bands, labels and words."""

    key: str
    title: str
    mine: int
    theirs: int
    my_importance: int
    their_importance: int
    measure: Measure  # how my score was made
    their_measure: Measure | None = None  # how theirs was, when answered with another version

    @property
    def _theirs(self) -> Measure:
        return self.their_measure or self.measure

    @property
    def label(self) -> str | None:
        return compare(self.measure, self.mine, self._theirs, self.theirs)

    @property
    def my_band(self) -> str:
        return self.measure.band(self.mine)

    @property
    def their_band(self) -> str:
        return self._theirs.band(self.theirs)

    @property
    def my_bar(self) -> int:
        return BAR[self.my_band]

    @property
    def their_bar(self) -> int:
        return BAR[self.their_band]

    @property
    def at_least_mixed(self) -> bool:
        return "low" not in (self.my_band, self.their_band)

    @property
    def room(self) -> Fraction:
        """How far both are from the top, per item, together (0 to 8 answer steps)."""
        return 8 - self.measure.average(self.mine) - self._theirs.average(self.theirs)

    @property
    def priority(self) -> Fraction:
        """How much it asks to be talked about: the room both see, weighted by how
        much it matters to both (importance 1-5 each)."""
        return self.room * (self.my_importance + self.their_importance)

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


def elements(compared: tuple[Submission, Submission] | None) -> list[Element]:
    """Both sides' intimacy scores, element by element, from the two submissions
    `couples.sharing` set side by side (mine, theirs); empty without them."""
    if compared is None:
        return []
    my_submission, their_submission = compared
    mine, theirs = my_submission.scores, their_submission.scores
    definition, their_definition = my_submission.definition, their_submission.definition
    return [
        Element(
            key,
            definition.dimension(key).title,
            mine["dimensions"][key],
            theirs["dimensions"][key],
            mine["importance"][key],
            theirs["importance"][key],
            measure(definition, Role.DIMENSIONS, key),
            measure(their_definition, Role.DIMENSIONS, key),
        )
        for key in keys_in_order(definition, mine["dimensions"])
        if key in theirs["dimensions"]
    ]


def talk_first(elements: list[Element], count: int = TALK_FIRST) -> list[Element]:
    """What is worth talking about: only elements seen differently or low for
    both (a gap within wobble is never one), highest priority first. Ties go to
    the element the two care about more, then to the questionnaire's order."""
    candidates = [(e, n) for n, e in enumerate(elements) if e.label in ("different", "growth")]
    candidates.sort(key=lambda pair: (-pair[0].priority, -(pair[0].my_importance + pair[0].their_importance), pair[1]))
    return [e for e, _ in candidates[:count]]


@dataclass(frozen=True)
class Opening:
    """How the comparison opens, strengths first: what the two share and do well
    (`kind` "strength"), else the parts where both are at least mixed ("mixed"),
    else nothing to list ("none") and a kind, honest line instead."""

    kind: str
    elements: list[Element]


def opening(elements: list[Element]) -> Opening:
    strengths = [e for e in elements if e.label == "strength"]
    if strengths:
        return Opening("strength", strengths)
    steady = [e for e in elements if e.at_least_mixed]
    if steady:
        return Opening("mixed", steady)
    return Opening("none", [])


def all_low(elements: list[Element]) -> bool:
    """Both low on every element: never told they "see it the same way"."""
    return bool(elements) and all(e.label == "growth" for e in elements)


@dataclass(frozen=True)
class Behaviour:
    """One distancing behaviour in one person: how they see it in themselves
    beside how their partner sees it in them (both 0-100 from one answer,
    higher = more often). `positive`: a behaviour that draws a couple closer."""

    key: str
    title: str
    self_view: int
    other_view: int
    positive: bool = False

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

    @property
    def partner_sees_more(self) -> bool:
        return self.difference > 0

    @property
    def worth_naming(self) -> bool:
        return worth_naming(self.self_view, self.other_view, self.positive)

    @property
    def substances(self) -> bool:
        """Worded with extra care and a link to help."""
        return self.key == "substances"


def seen_differently(behaviours: list[Behaviour]) -> list[Behaviour]:
    """Every behaviour whose two views differ enough to name, largest first; ties
    keep the questionnaire's order, and none is ever left out."""
    return sorted((b for b in behaviours if b.worth_naming), key=lambda b: -abs(b.difference))


@dataclass(frozen=True)
class Change:
    """One element, then and now, for the dashboard: in words only."""

    title: str
    then: int
    now: int
    measure: Measure  # how `now` was made
    before: Measure | None = None  # how `then` was, when answered with another version

    @property
    def delta(self) -> int | None:
        return self.measure.change(self.then, self.now, self.before)

    @property
    def words(self) -> str:
        return self.measure.direction(self.then, self.now, self.before)

    @property
    def now_band(self) -> str:
        return self.measure.band(self.now)


@dataclass(frozen=True)
class ChangeSet:
    """One partner's closeness, then and now, element by element."""

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
    """Each intimacy element between the last two submissions; empty with fewer
    than two. Each side is read with the items of its own version."""
    if len(submissions) < 2:
        return []
    then, now = submissions[-2].scores["dimensions"], submissions[-1].scores["dimensions"]
    definition, earlier = submissions[-1].definition, submissions[-2].definition
    return [
        Change(
            d.title,
            then[d.key],
            now[d.key],
            measure(definition, Role.DIMENSIONS, d.key),
            measure(earlier, Role.DIMENSIONS, d.key),
        )
        for d in definition.dimensions
        if d.key in now and d.key in then
    ]


@dataclass(frozen=True)
class Person:
    """One side of a panel: "you" or "partner", with a name to print beside the colour."""

    role: str
    name: str


def keys_in_order(definition, scores: dict) -> list[str]:
    """The scored dimensions in the questionnaire's own order: JSON fields on
    PostgreSQL (jsonb) do not keep the order their keys were written in."""
    return [d.key for d in definition.dimensions if d.key in scores]


