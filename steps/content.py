"""The words of the five steps, written for Rekindle."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    summary: str


STEPS = [
    Step(1, "Difference or distance", "Sort what is simply different about you from what keeps you apart."),
    Step(2, "My part", "Notice how you yourself step back when things feel tense."),
    Step(3, "Letting go of resentment", "Name what you carry, and decide what to do with each thing."),
    Step(4, "Crisis into opportunity", "Take stock of your hope, and choose one way to grow."),
    Step(5, "Closer, without pressure", "Remember how you used to connect, and do one thing each week."),
]

# Step 1: the big things couples often need to agree on.
VALUES = [
    ("kindness", "How we treat each other"),
    ("honesty", "Honesty and trust"),
    ("family", "Family and children"),
    ("money", "Money and security"),
    ("home", "Where and how we live"),
    ("meaning", "Faith, meaning or purpose"),
    ("work", "Work and ambition"),
    ("friends", "Friends and community"),
    ("health", "Health and taking care of ourselves"),
    ("fun", "Fun and adventure together"),
]
VALUE_LABELS = dict(VALUES)


def current_step(done: set[int]) -> int | None:
    """The first step not yet marked done; None once all five are."""
    return next((s.number for s in STEPS if s.number not in done), None)
