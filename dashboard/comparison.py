"""The two perspectives side by side, in words: labels, prompts, how often,
and which differences to name first. Pure functions of stored scores; the
cut-offs themselves live in `assessments.scoring`."""

from dataclasses import dataclass

from assessments.models import Submission
from assessments.scoring import DIFFERENT_GAP, NOISE_BELOW, change, change_words, compare

TALK_FIRST = 3  # how many elements the dashboard suggests talking about first

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

    @property
    def partner_sees_more(self) -> bool:
        return self.difference > 0


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

    @property
    def words(self) -> str:
        return change_words(self.then, self.now, same="same")


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


@dataclass(frozen=True)
class Person:
    """One side of a panel: "you" or "partner", with a name to print beside the colour."""

    role: str
    name: str


def keys_in_order(definition, scores: dict) -> list[str]:
    """The scored dimensions in the questionnaire's own order: JSON fields on
    PostgreSQL (jsonb) do not keep the order their keys were written in."""
    return [d.key for d in definition.dimensions if d.key in scores]


