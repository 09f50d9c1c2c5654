"""The words of the five steps, written for Rekindle."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    summary: str
    # Shown before the step opens: what the week will be about.
    about: str
    # The card for the step's week, once it is open: one thought to carry, one small thing to try.
    week: str


STEPS = [
    Step(
        1,
        "Difference or distance",
        "Sort what is simply different about you from what keeps you apart.",
        "You'll look at the things each of you enjoys alone, and at the big things you agree on.",
        "Time apart is not the problem. This week, notice one thing your partner enjoys without you, "
        "and ask yourself kindly: is it just their taste, or a place one of you goes to avoid the other?",
    ),
    Step(
        2,
        "My part",
        "Notice how you yourself step back when things feel tense.",
        "You'll look at your own half of the distance: what you do, inside and out, when you feel under threat.",
        "Distance takes two, and you can only change your half. This week, catch one moment when you pull back, "
        "and simply name it to yourself. No judging, just noticing.",
    ),
    Step(
        3,
        "Letting go of resentment",
        "Name what you carry, and decide what to do with each thing.",
        "You'll name what you've been holding on to, and ask where each weight really comes from.",
        "Some of the tension you feel at home starts somewhere else: a hard week at work, worries about money. "
        "This week, when you feel cross with your partner, ask yourself where it started.",
    ),
    Step(
        4,
        "Crisis into opportunity",
        "Take stock of your hope, and choose one way to grow.",
        "You'll take stock of how hopeful you feel, and choose one way to grow that is up to you alone.",
        "A hard patch can become a turning point. This week, put your energy into one thing you can do "
        "for yourself, rather than waiting for your partner to change first.",
    ),
    Step(
        5,
        "Closer, without pressure",
        "Remember how you used to connect, and do one thing each week.",
        "You'll remember the ways you used to feel close, and choose one small thing to do each week.",
        "Someone has to go first, and it can be you. This week, do one small thing from your list, "
        "and let your partner answer in their own time, or not at all.",
    ),
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

