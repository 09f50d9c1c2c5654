"""The questionnaires, defined in code as versioned instruments.

An instrument never changes once people have answered it: a new wording or a
new item means a new version registered beside the old one, so earlier
submissions keep being read with the items they were answered with (their
scores were stored at submission and are never recomputed).

docs/questionnaires.md lists every item below for review by a counselor;
keep the two in step.
"""

from dataclasses import dataclass, replace
from enum import StrEnum


@dataclass(frozen=True)
class Scale:
    low: int
    high: int
    labels: tuple[str, ...]  # one per point, from low to high

    def __post_init__(self):
        assert len(self.labels) == self.high - self.low + 1

    @property
    def values(self) -> range:
        return range(self.low, self.high + 1)

    @property
    def choices(self) -> list[tuple[int, str]]:
        return list(zip(self.values, self.labels))

    def label(self, value: int) -> str:
        return self.labels[value - self.low]


class Role(StrEnum):
    """What an answer counts towards; also the key of its group in the scores."""

    DIMENSIONS = "dimensions"  # how things are: scored 0-100 per dimension
    IMPORTANCE = "importance"  # how much a dimension matters: kept as given (1-5)
    SELF = "self"  # how often I did it: scored 0-100
    PARTNER = "partner"  # how often my partner did it: scored 0-100


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    description: str
    positive: bool = False


@dataclass(frozen=True)
class Item:
    key: str
    dimension: str
    role: Role
    text: str
    scale: Scale
    reverse: bool = False


@dataclass(frozen=True)
class OpenQuestion:
    """A question answered in the author's own words. Optional and never
    scored: the answer is kept with the others and shown to its author alone
    (their results page, their export), never to the partner."""

    key: str
    text: str
    help_text: str
    max_length: int = 2000


@dataclass(frozen=True)
class Section:
    """One page of the questionnaire."""

    key: str
    title: str
    intro: str
    items: tuple[Item, ...]
    open_questions: tuple[OpenQuestion, ...] = ()


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    title: str
    summary: str
    dimensions: tuple[Dimension, ...]
    sections: tuple[Section, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        """The questions answered on a scale: all of them are needed to send."""
        return tuple(item for section in self.sections for item in section.items)

    @property
    def open_questions(self) -> tuple[OpenQuestion, ...]:
        return tuple(question for section in self.sections for question in section.open_questions)

    @property
    def minutes(self) -> int:
        """A fair estimate of the time it takes, at about ten seconds a question."""
        return max(2, round(len(self.items) / 6))

    @property
    def roles(self) -> tuple[Role, ...]:
        """The score groups this instrument produces, in a stable order."""
        return tuple(role for role in Role if any(item.role == role for item in self.items))

    def item(self, key: str) -> Item | None:
        return next((item for item in self.items if item.key == key), None)

    def open_question(self, key: str) -> OpenQuestion | None:
        return next((question for question in self.open_questions if question.key == key), None)

    def section(self, key: str) -> Section | None:
        return next((section for section in self.sections if section.key == key), None)

    def dimension(self, key: str) -> Dimension:
        return next(d for d in self.dimensions if d.key == key)


AGREEMENT = Scale(1, 5, ("Strongly disagree", "Disagree", "In between", "Agree", "Strongly agree"))
IMPORTANCE = Scale(
    1, 5, ("Not important to me", "A little important", "Fairly important", "Very important", "Essential to me")
)
FREQUENCY = Scale(0, 4, ("Never", "Rarely", "Sometimes", "Often", "Very often"))


def _element(key, title, description, intro, items, reverse_item, importance):
    """One intimacy element: its plainly worded items, then the reverse-worded
    one (`{key}_3`) and its importance.

    `items` is a list (version 1: numbered 1, 2) or maps each item's number to
    its wording in the order shown (version 2: an item keeps its version-1 key
    where it asks the same thing; an item split off a double-barrelled one, or
    a new one, takes the next free number)."""
    numbered = items.items() if isinstance(items, dict) else enumerate(items, 1)
    scored = [Item(f"{key}_{n}", key, Role.DIMENSIONS, text, AGREEMENT) for n, text in numbered]
    scored.append(Item(f"{key}_3", key, Role.DIMENSIONS, reverse_item, AGREEMENT, reverse=True))
    scored.append(Item(f"{key}_importance", key, Role.IMPORTANCE, importance, IMPORTANCE))
    return Dimension(key, title, description), Section(key, title, intro, tuple(scored))


_ELEMENTS = [
    _element(
        "touch",
        "Touch and attraction",
        "Physical affection and still feeling drawn to each other.",
        "The physical side of being a couple: affection, closeness and attraction.",
        [
            "You still feel drawn to your partner.",
            "You and your partner touch in small ways most days, like a hug hello or a hand on the shoulder.",
        ],
        "Lately, touch between you feels more awkward than welcome.",
        "How much do touch and attraction matter to you?",
    ),
    _element(
        "eye_contact",
        "Looking at each other",
        "Really looking at each other when you talk.",
        "A lot is said without words, in the way you look at each other.",
        [
            "When you talk together, you look at each other.",
            "You can hold your partner's gaze and feel comfortable.",
        ],
        "Most of your talks happen while one of you is looking at a screen or somewhere else.",
        "How much does looking at each other matter to you?",
    ),
    _element(
        "openness",
        "Talking openly",
        "Being able to talk about many kinds of things, big and small.",
        "How freely the two of you talk, about light things and heavy ones.",
        [
            "You can bring up almost any subject with your partner.",
            "You share your worries and hopes with your partner, not only the news of the day.",
        ],
        "There are things on your mind that you keep from your partner to keep the peace.",
        "How much does talking openly matter to you?",
    ),
    _element(
        "ease",
        "Feeling at ease",
        "Feeling relaxed and free to be yourself with each other.",
        "How relaxed you feel around each other on an ordinary day.",
        [
            "You can be fully yourself around your partner.",
            "Time with your partner feels relaxed more often than tense.",
        ],
        "You feel you have to watch what you say around your partner.",
        "How much does feeling at ease together matter to you?",
    ),
    _element(
        "positivity",
        "Warm thoughts",
        "Having more kind than unkind thoughts and feelings about each other.",
        "The thoughts and feelings you carry about your partner through the day.",
        [
            "Most of what you think about your partner is kind.",
            "When your partner comes to mind during the day, it usually feels good.",
        ],
        "These days, irritation with your partner tends to crowd out the warm feelings.",
        "How much do warm thoughts about each other matter to you?",
    ),
    _element(
        "connection",
        "Knowing each other",
        "Feeling connected, and knowing both yourself and your partner.",
        "Feeling like a pair, and knowing what is going on inside each of you.",
        [
            "You feel like the two of you are on the same team.",
            "You know what is on your partner's mind and heart these days.",
        ],
        "Some days it feels as if you live side by side rather than together.",
        "How much does knowing each other matter to you?",
    ),
    _element(
        "care",
        "Caring for each other",
        "Wanting what is truly best for each other.",
        "Whether each of you has the other's good at heart.",
        [
            "You trust that your partner wants what is best for you.",
            "You go out of your way to make your partner's life a little easier.",
        ],
        "You often feel that your needs come last for your partner.",
        "How much does caring for each other matter to you?",
    ),
    _element(
        "appreciation",
        "Appreciation and sharing the lead",
        "Valuing each other, and steering your shared life together.",
        "Noticing what each of you brings, and deciding things as a pair.",
        [
            "You tell your partner what you value about them.",
            "Big decisions are made by the two of you together.",
        ],
        "Much of what you do for your partner seems to go unnoticed.",
        "How much do appreciation and sharing the lead matter to you?",
    ),
]

INTIMACY = Instrument(
    key="intimacy",
    version=1,
    title="Closeness",
    summary=(
        "Eight parts of feeling close, from touch to appreciation: how each one is "
        "between you right now, and how much it matters to you."
    ),
    dimensions=tuple(dimension for dimension, _ in _ELEMENTS),
    sections=tuple(section for _, section in _ELEMENTS),
)


def _behaviour(key, title, description, self_text, partner_text, positive=False):
    return Dimension(key, title, description, positive), (
        Item(f"{key}_self", key, Role.SELF, self_text, FREQUENCY),
        Item(f"{key}_partner", key, Role.PARTNER, partner_text, FREQUENCY),
    )


_BEHAVIOURS = {
    "reactions": (
        "How you read each other",
        "Distance often starts on the inside, in the way we take what the other says or does.",
        [
            _behaviour(
                "taking_personally",
                "Taking differences personally",
                "Feeling hurt or rejected when the other simply thinks or wants something different.",
                "In the last month, how often did you feel hurt or rejected when your partner simply saw something differently?",
                "In the last month, how often did your partner seem hurt or rejected when you simply saw something differently?",
            ),
            _behaviour(
                "criticism",
                "Finding fault",
                "Criticising the other, out loud or quietly in your head.",
                "In the last month, how often did you find fault with your partner, out loud or in your head?",
                "In the last month, how often did your partner find fault with you?",
            ),
            _behaviour(
                "negativity",
                "Expecting the worst",
                "Noticing what goes wrong between you more than what goes right.",
                "In the last month, how often did you dwell on what goes wrong between you more than on what goes right?",
                "In the last month, how often did your partner dwell on what goes wrong between you more than on what goes right?",
            ),
        ],
    ),
    "coping": (
        "Helping and coping",
        "Some ways of keeping a distance look like kindness or like getting through a hard week.",
        [
            _behaviour(
                "over_helping",
                "Over-helping",
                "Stepping in to manage things the other could handle on their own.",
                "In the last month, how often did you step in to fix or manage things your partner could have handled alone?",
                "In the last month, how often did your partner step in to fix or manage things you could have handled alone?",
            ),
            _behaviour(
                "substances",
                "Leaning on a drink or other substances",
                "Using alcohol or other substances to take the edge off being together.",
                "In the last month, how often did you turn to a drink or another substance to take the edge off things at home?",
                "In the last month, how often did your partner turn to a drink or another substance to take the edge off things at home?",
            ),
        ],
    ),
    "avoiding": (
        "Time and topics",
        "Separate interests are healthy. They only count here when they become a way of not being together.",
        [
            _behaviour(
                "busy_avoidance",
                "Staying busy to stay apart",
                "Using work, a hobby or a screen to avoid each other or a difficult talk.",
                "In the last month, how often did you use work, a hobby or a screen to avoid time with your partner or a hard conversation?",
                "In the last month, how often did your partner use work, a hobby or a screen to avoid time with you or a hard conversation?",
            ),
            _behaviour(
                "avoiding_topics",
                "Steering around hard subjects",
                "Leaving a subject alone because it might upset the other.",
                "In the last month, how often did you avoid a subject because it might upset your partner?",
                "In the last month, how often did your partner avoid a subject because it might upset you?",
            ),
        ],
    ),
}

def _distancing(version: int, title: str, summary: str, pages: dict) -> Instrument:
    """The pulling-away questionnaire from its pages of behaviours: one section a page."""
    return Instrument(
        key="distancing",
        version=version,
        title=title,
        summary=summary,
        dimensions=tuple(dim for _, _, behaviours in pages.values() for dim, _ in behaviours),
        sections=tuple(
            Section(key, page_title, intro, tuple(item for _, items in behaviours for item in items))
            for key, (page_title, intro, behaviours) in pages.items()
        ),
    )


DISTANCING = _distancing(
    1,
    "Pulling away",
    "Seven common ways partners put a little distance between them to avoid a fight "
    "or a hurt. Almost everyone does some of these. How often did you, and how often "
    "did your partner, in the last month?",
    _BEHAVIOURS,
)


# Version 2 (see docs/questionnaires.md, "What changed in version 2"): each
# item asks one thing, none leads the answer, knowing yourself has a question,
# and an optional question in your own words closes it.


_ELEMENTS_V2 = [
    _element(
        "touch",
        "Touch and attraction",
        "Physical affection and feeling drawn to each other.",
        "The physical side of being a couple: affection, closeness and attraction.",
        {
            1: "You feel drawn to your partner.",
            2: "You and your partner touch in small ways most days, like a hug hello or a hand on the shoulder.",
        },
        "Lately, touch between you feels more awkward than welcome.",
        "How much do touch and attraction matter to you?",
    ),
    _element(
        "eye_contact",
        "Looking at each other",
        "Really looking at each other when you talk.",
        "A lot is said without words, in the way you look at each other.",
        {
            1: "When you talk together, you look at each other.",
            2: "You can hold your partner's gaze.",
            4: "You feel comfortable when your partner looks you in the eye.",
        },
        "Most of your talks happen while one of you is looking at a screen or somewhere else.",
        "How much does looking at each other matter to you?",
    ),
    _element(
        "openness",
        "Talking openly",
        "Being able to talk about many kinds of things, big and small.",
        "How freely the two of you talk, about light things and heavy ones.",
        {
            1: "You can bring up almost any subject with your partner.",
            2: "You share your worries with your partner, not only the news of the day.",
            4: "You talk with your partner about what you hope for.",
        },
        "There are things on your mind that you keep from your partner to keep the peace.",
        "How much does talking openly matter to you?",
    ),
    _element(
        "ease",
        "Feeling at ease",
        "Feeling relaxed and free to be yourself with each other.",
        "How relaxed you feel around each other on an ordinary day.",
        {
            1: "You can be fully yourself around your partner.",
            2: "Time with your partner feels relaxed more often than tense.",
        },
        "You feel you have to watch what you say around your partner.",
        "How much does feeling at ease together matter to you?",
    ),
    _element(
        "positivity",
        "Warm thoughts",
        "Having more kind than unkind thoughts and feelings about each other.",
        "The thoughts and feelings you carry about your partner through the day.",
        {
            1: "Most of what you think about your partner is kind.",
            2: "When your partner comes to mind during the day, it usually feels good.",
        },
        "These days, irritation with your partner tends to crowd out the warm feelings.",
        "How much do warm thoughts about each other matter to you?",
    ),
    _element(
        "connection",
        "Knowing each other",
        "Feeling connected, and knowing both yourself and your partner.",
        "Feeling like a pair, and knowing what is going on inside each of you.",
        {
            2: "You know what is on your partner's mind these days.",
            4: "You know how your partner is feeling these days.",
            5: "You have a clear sense of your own feelings about the two of you.",
        },
        "Some days it feels as if you live side by side rather than together.",
        "How much does knowing each other matter to you?",
    ),
    _element(
        "care",
        "Caring for each other",
        "Wanting what is truly best for each other.",
        "Whether each of you has the other's good at heart.",
        {
            1: "You trust that your partner wants what is best for you.",
            2: "You go out of your way to make your partner's life a little easier.",
        },
        "You often feel that your needs come last for your partner.",
        "How much does caring for each other matter to you?",
    ),
    _element(
        "appreciation",
        "Appreciation and sharing the lead",
        "Valuing each other, and steering your shared life together.",
        "Noticing what each of you brings, and deciding things as a pair.",
        {
            1: "You tell your partner what you value about them.",
            2: "Big decisions are made by the two of you together.",
        },
        "Much of what you do for your partner seems to go unnoticed.",
        "How much do appreciation and sharing the lead matter to you?",
    ),
]

OWN_WORDS = Section(
    "own_words",
    "In your own words",
    "One last question, if you like. There are no wrong answers, and nothing here is scored.",
    items=(),
    open_questions=(
        OpenQuestion(
            "closeness_own_words",
            "What else is part of feeling close, for you?",
            "You can leave this empty. Only you can see what you write here: it is never scored "
            "and never shown to your partner.",
        ),
    ),
)

INTIMACY_V2 = replace(
    INTIMACY,
    version=2,
    dimensions=tuple(dimension for dimension, _ in _ELEMENTS_V2),
    sections=(*(section for _, section in _ELEMENTS_V2), OWN_WORDS),
)

_BEHAVIOURS_V2 = {
    "toward": (
        "Turning toward each other",
        "Not all of this is about distance. These are two small ways of coming closer; here, more often is better.",
        [
            _behaviour(
                "turning_toward",
                "Answering when the other reaches out",
                "Turning toward the other when they reach out for attention, even over something small.",
                "In the last month, how often did you respond when your partner reached out for your attention, even over something small?",
                "In the last month, how often did your partner respond when you reached out for their attention, even over something small?",
                positive=True,
            ),
            _behaviour(
                "showing_appreciation",
                "Showing appreciation",
                "Letting the other know you noticed and valued something they did.",
                "In the last month, how often did you let your partner know you appreciated something they did?",
                "In the last month, how often did your partner let you know they appreciated something you did?",
                positive=True,
            ),
        ],
    ),
    **_BEHAVIOURS,
}

DISTANCING_V2 = _distancing(
    2,
    "Pulling away and turning toward",
    "Seven common ways partners put a little distance between them to avoid a fight "
    "or a hurt, and two small ways of coming closer. Almost everyone does some of each. "
    "How often did you, and how often did your partner, in the last month?",
    _BEHAVIOURS_V2,
)

# Every version ever published stays here, so old submissions stay readable.
REGISTRY: dict[str, dict[int, Instrument]] = {
    INTIMACY.key: {1: INTIMACY, 2: INTIMACY_V2},
    DISTANCING.key: {1: DISTANCING, 2: DISTANCING_V2},
}


def get_instrument(key: str, version: int | None = None) -> Instrument | None:
    """The instrument with this key, at `version` or the newest one; None if unknown."""
    versions = REGISTRY.get(key)
    if not versions:
        return None
    return versions.get(version if version is not None else max(versions))


def current_instruments() -> list[Instrument]:
    return [get_instrument(key) for key in REGISTRY]
