"""The weekly conversation card: which prompt a couple gets each week, and
whether they marked that they talked it through.

A card is drawn once per couple and week and stored (`WeeklyCard`), so both
partners see the same one all week. The prompts come from the elements the
two of them care about, read through `couples.sharing.shared_by_both`: the
same two intimacy submissions from either side, and unchanged by anything
private (a "yes" in the safety check, a pause, a check not taken yet all
look like a questionnaire not sent). Without them, general prompts from the
article's ideas. The card never repeats the week before's: each week takes
the prompt of the pool used longest ago.

What a viewer is shown is decided per viewer: while I have turned comparison
off (`sharing.may_compare`), a card drawn from the elements shows me a
general prompt instead, so nothing compared reaches me.

These functions run no query that grows with history; the home page may
call `this_weeks_card` and `talked_this_week` (two to four queries, and one).

Pacing: once steps open one a week (`steps.pacing.after_all_five`), the home
page offers the card after step 5; /talk/ offers it every week regardless.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from couples import comparison, sharing
from couples.access import Pair
from couples.weeks import current_week, monday_of
from talk.models import TalkedAbout, WeeklyCard

# How many of the elements the two care about most feed the cards.
CARED_ABOUT = 3

# More prompts per element, after the dashboard's own (couples.comparison.PROMPTS).
ELEMENT_PROMPTS = {
    "touch": [
        "Is there a small touch from the old days you miss, a hand on the back, sitting close? Say which, without asking for it back.",
        "How do you each like to be greeted after a long day?",
    ],
    "eye_contact": [
        "Tell each other about your week while looking at each other, not at a screen. What did you notice?",
        "When do you feel really seen by the other? Describe one moment.",
    ],
    "openness": [
        "Pick one topic you both tend to steer around. Each say what makes it hard to bring up, nothing more yet.",
        "What is something you'd like to tell me more about, if you knew I'd just listen?",
    ],
    "ease": [
        "What helps you relax around me? What would make an evening together feel easy?",
        "Think of a time you laughed together recently. What made it work?",
    ],
    "positivity": [
        "Each name three small things the other does that you like. Take turns, and only say thank you.",
        "When you think of me during the day, what comes to mind first? Is there a kinder thought you'd like to have more often?",
    ],
    "connection": [
        "What has been on your mind most this week? Ask one question about the other's answer before you share your own.",
        "What do you think the other needs most right now? Check your guess with them.",
    ],
    "care": [
        "What is one thing that would make next week a bit lighter for you? See if the other can help with part of it.",
        "How can you tell I'm on your side, even when we disagree?",
    ],
    "appreciation": [
        "Which task at home would you like to share differently? Plan it together rather than handing it over.",
        "Tell each other one thing you admire in the other that you've never said out loud.",
    ],
}

# Without a comparison both may see: ideas from the counselor's guide, for any couple.
GENERAL = [
    "Think of a time this week one of you reached out, a comment, a look, a story, and the other turned toward it. What did that feel like?",
    "Is there something the other enjoys that you don't? Say whether it feels like just a different interest, or like a way of being apart.",
    "Name a value you both share, and one way you already live it together.",
    "What did you love doing together when you first met? Could a small version of it fit into this week?",
    "When things get tense, what do you each tend to do: go quiet, get busy, criticise, help too much? Talk about your own habit only.",
    "Has stress from work or family spilled into how you treat each other lately? Say what has been weighing on you.",
    "What is one way you'd like to grow yourself this year, regardless of what the other does?",
    "For every hard moment this week, can you each name a few good ones? Share them first.",
]


@dataclass(frozen=True)
class Card:
    key: str
    prompt: str
    element: str | None  # the element's title when drawn from the comparison, for "from what you both care about"


def _prompts(element: str) -> list[str]:
    return [comparison.PROMPTS[element], *ELEMENT_PROMPTS[element]]


def _text(key: str) -> tuple[str, str | None]:
    """A key's prompt, and its element key (None for a general prompt).
    Keys are "general-3" or "touch-1"; one no longer known reads as general."""
    name, _, n = key.rpartition("-")
    prompts = GENERAL if name == "general" else ELEMENT_PROMPTS.get(name) and _prompts(name)
    if not prompts or not n.isdigit() or int(n) >= len(prompts):
        return GENERAL[0], None
    return prompts[int(n)], None if name == "general" else name


def _pool(pair: Pair) -> tuple[list[str], dict[str, str]]:
    """The keys this couple's cards are drawn from, best first, and the titles
    of the elements among them. One query."""
    histories = sharing.submission_histories(pair, ["intimacy"])["intimacy"]
    both = sharing.shared_by_both(pair, histories.get(pair.me.pk, []), histories.get(pair.partner.pk, []))
    elements = comparison.elements(both)
    if not elements:
        return [f"general-{n}" for n in range(len(GENERAL))], {}
    # First what is worth talking about, then what matters most to both.
    first = comparison.talk_first(elements)
    cared = sorted(elements, key=lambda e: -(e.my_importance + e.their_importance))
    chosen = (first + [e for e in cared if e not in first])[: max(CARED_ABOUT, len(first))]
    depth = max(len(_prompts(e.key)) for e in chosen)
    keys = [f"{e.key}-{n}" for n in range(depth) for e in chosen if n < len(_prompts(e.key))]
    return keys, {e.key: e.title for e in chosen}


def _choose(pair: Pair, week: date, pool: list[str]) -> str:
    """The pool's key used longest ago before `week` (never used first), so
    never last week's. One query, bounded by the pool's size."""
    recent = list(
        WeeklyCard.objects.filter(couple=pair.couple, week_start__lt=week)
        .order_by("-week_start")
        .values_list("prompt_key", flat=True)[: len(pool)]
    )
    age = {key: n for n, key in reversed(list(enumerate(recent)))}
    return max(pool, key=lambda key: (age.get(key, len(pool)), -pool.index(key)))


def _week(pair: Pair, today: date | None) -> date:
    return current_week(pair.couple) if today is None else monday_of(today)


def this_weeks_card(pair: Pair, today: date | None = None) -> Card:
    """This week's card as `pair.me` is shown it (`today`: a date in the
    couple's week; default now). Drawn on first sight, race-safe through the
    unique constraint; a general card drawn before the couple's comparison
    existed gives way to one from it, so the week of the reveal talks about it."""
    week = _week(pair, today)
    stored = WeeklyCard.objects.filter(couple=pair.couple, week_start=week).first()
    pool, titles = _pool(pair)
    if stored is None:
        key = _choose(pair, week, pool)
        try:
            with transaction.atomic():
                stored = WeeklyCard.objects.create(couple=pair.couple, week_start=week, prompt_key=key)
        except IntegrityError:  # the partner opened it at the same moment: theirs stands
            stored = WeeklyCard.objects.get(couple=pair.couple, week_start=week)
    elif titles and _text(stored.prompt_key)[1] is None:
        key = _choose(pair, week, pool)
        WeeklyCard.objects.filter(pk=stored.pk, prompt_key=stored.prompt_key).update(prompt_key=key)
        stored.refresh_from_db(fields=["prompt_key"])
    prompt, element = _text(stored.prompt_key)
    if element is not None and not sharing.may_compare(pair):
        # Nothing compared reaches me while my comparison is off: a general card, new each week.
        n = week.toordinal() // 7 % len(GENERAL)
        return Card(f"general-{n}", GENERAL[n], None)
    title = titles.get(element) if element else None
    return Card(stored.prompt_key, prompt, title)


def talked_this_week(pair: Pair, week: date | None = None) -> TalkedAbout | None:
    """Did the two mark "we talked about this" in `week` (default: this week)? One query."""
    return TalkedAbout.objects.filter(couple=pair.couple, week_start=week or current_week(pair.couple)).first()


def mark_talked(pair: Pair, week: date) -> TalkedAbout:
    """Mark the week talked about; a second mark (double submit, the partner) keeps the first."""
    row, _ = TalkedAbout.objects.get_or_create(couple=pair.couple, week_start=week)
    return row
