"""The one next thing "This week" offers `pair.me`: the first rule of `RULES`
that applies. Each rule reads only what the Dashboard already may show me
(couples.sharing decided that), so the button is never a tell: a private
choice of my partner's changes it no more than "not answered yet" would.
To add a rule, write a function of the Dashboard and put it in `RULES` where
it belongs in the order."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

# How the button names each questionnaire (the titles are for headings).
NAMES = {"intimacy": "the closeness questionnaire", "distancing": "the pulling-away questionnaire"}


@dataclass(frozen=True)
class NextThing:
    key: str  # for tests and the template's wording
    label: str  # the one primary button
    line: str  # one line beside it
    url: str


def safety_check(dash) -> NextThing | None:
    """My own private check is due before my answers are set beside my partner's."""
    if any(q.waits == "check" for q in dash.questionnaires):
        return NextThing(
            "safety_check",
            "Answer the private check",
            "Four quick questions, before you see your answers side by side. Only you see them.",
            reverse("safety_check"),
        )
    return None


def comparison_ready(dash) -> NextThing | None:
    """A comparison I have not opened since it became ready."""
    seen = dash.pair.last_seen_together_at
    for q in dash.questionnaires:
        if q.both and (seen is None or max(s.submitted_at for s in q.compared) > seen):
            return NextThing(
                "comparison_ready",
                "See your answers side by side",
                f"You and {dash.partner.name} have both answered. Start with what you share.",
                reverse("together"),
            )
    return None


def carry_on(dash) -> NextThing | None:
    """A questionnaire I started and left part way."""
    for key, d in dash.draft_progress.items():
        return NextThing(
            "carry_on",
            f"Carry on ({d['answered']} of {d['total']})",
            f"Your answers so far are saved. Pick up {NAMES.get(key, 'the questionnaire')} where you left it.",
            d["url"],
        )
    return None


def answer(dash) -> NextThing | None:
    """A questionnaire I have not sent yet."""
    for q in dash.questionnaires:
        if q.mine is None:
            return NextThing(
                "answer",
                f"Answer {NAMES.get(q.key, 'the questionnaire')}",
                f"On your own, in about {q.minutes} minutes. You can stop and carry on later.",
                reverse("questionnaires"),
            )
    return None


def check_in(dash) -> NextThing | None:
    if dash.this_week.mine is None:
        return NextThing(
            "check_in",
            "Check in for this week",
            "Two minutes on how this week felt between you.",
            "#checkin-form",
        )
    return None


def conversation(dash) -> NextThing | None:
    """After the five steps (steps.pacing.Walk.all_five_done: my own marks
    only), a conversation card each week."""
    if not dash.my_walk.all_five_done:
        return None
    return NextThing(
        "conversation",
        "Talk it through together",
        f"This week's conversation card is ready, for you and {dash.partner.name}, on one phone or two.",
        reverse("talk"),
    )


def this_weeks_step(dash) -> NextThing:
    """The couple's step this week, open for both (steps.pacing)."""
    step = dash.step_this_week
    if step is None:
        return NextThing("step", "Go to the five steps", "A little to read and try, at your own pace.", reverse("steps"))
    return NextThing(
        "step",
        f"Go to step {step.number}: {step.title}",
        "This week's step: a little to read and try, at your own pace.",
        reverse(f"step{step.number}"),
    )


RULES: list[Callable] = [safety_check, comparison_ready, carry_on, answer, check_in, conversation, this_weeks_step]


def next_thing(dash) -> NextThing:
    return next(thing for rule in RULES if (thing := rule(dash)) is not None)
