"""Differences that mean something: the cut-offs of docs/questionnaires.md
("Cut-offs"), on hand-computed cases, counted in item points for elements of
2, 3 and 4 items (version 2 has all three)."""

import pytest

from assessments.instruments import AGREEMENT, Item, Role
from assessments.scoring import Measure, percent, worth_naming
from couples.comparison import Behaviour, Element, all_low, opening, seen_differently, talk_first


def stored(k: int, points: list[int]) -> int:
    """The 0-100 score `score()` stores for k agreement items giving these points."""
    items = [Item(f"i{n}", "x", Role.DIMENSIONS, "?", AGREEMENT) for n in range(k)]
    return percent(items, {f"i{n}": p + 1 for n, p in enumerate(points)})


def element(key="touch", mine=50, theirs=50, my_importance=3, their_importance=3, items=3):
    return Element(key, key.title(), mine, theirs, my_importance, their_importance, Measure(items, 4 * items))


# Hand-computed: k = 3 items, 12 points, steps of 8.33.
def test_stored_scores_by_hand():
    assert stored(3, [2, 2, 2]) == 50 and stored(3, [3, 3, 3]) == 75
    assert stored(3, [3, 2, 2]) == 58 and stored(3, [3, 3, 2]) == 67
    assert stored(2, [1, 2]) == 38  # 3 of 8 = 37.5, halves up
    assert stored(4, [1, 1, 1, 2]) == 31  # 5 of 16 = 31.25


@pytest.mark.parametrize("k", [2, 3, 4])
def test_points_come_back_exactly_from_every_stored_score(k):
    m = Measure(k, 4 * k)
    for p in range(4 * k + 1):
        assert m.points(round(100 * p / (4 * k) + 0.0001)) == p


@pytest.mark.parametrize("k", [2, 3, 4])
def test_one_category_apart_on_every_item_is_never_seen_differently_nor_talked_about(k):
    """Every pair of sides exactly one category apart on every item (k points)."""
    for low in range(0, 4):
        mine, theirs = stored(k, [low] * k), stored(k, [low + 1] * k)
        e = element(mine=mine, theirs=theirs, items=k, my_importance=5, their_importance=5)
        assert e.label != "different", (k, low)
        # Only a shared growth area (both low) may be talked about, for being low, never for the gap.
        assert talk_first([e]) == ([e] if e.label == "growth" else []), (k, low)


@pytest.mark.parametrize(
    "k, mine, theirs, label",
    [
        (3, [2, 2, 2], [3, 3, 3], None),  # 6 vs 9 points, 50 vs 75: k apart
        (3, [1, 2, 2], [3, 3, 3], "different"),  # 5 vs 9: k + 1 apart, 42 vs 75
        (3, [2, 2, 2], [4, 3, 3], "different"),  # 6 vs 10
        (3, [3, 3, 2], [4, 4, 4], "strength"),  # 8 and 12: both above 5/8 of 12 = 7.5
        (3, [2, 2, 2], [4, 4, 4], "different"),  # 6 is mixed
        (3, [1, 1, 2], [0, 0, 0], "growth"),  # 4 and 0: both below 3/8 of 12 = 4.5
        (2, [2, 2], [3, 4], "different"),  # 4 vs 7 of 8: 3 = k + 1 apart
        (2, [2, 2], [3, 3], None),  # 4 vs 6: k apart
        (4, [2, 2, 2, 2], [3, 3, 3, 3], None),  # 8 vs 12 of 16
        (4, [2, 2, 2, 2], [3, 3, 3, 4], "different"),  # 8 vs 13
    ],
)
def test_labels_by_hand(k, mine, theirs, label):
    assert element(mine=stored(k, mine), theirs=stored(k, theirs), items=k).label == label


@pytest.mark.parametrize(
    "k, low_at_most, strong_from",
    [(2, 2, 6), (3, 4, 8), (4, 5, 11)],  # 8p < 3 x 4k is low; 8p > 5 x 4k is strong
)
def test_bands_by_hand(k, low_at_most, strong_from):
    m = Measure(k, 4 * k)
    bands = [m.band(stored(k, [p // k + (1 if n < p % k else 0) for n in range(k)])) for p in range(4 * k + 1)]
    assert bands == ["low"] * (low_at_most + 1) + ["mixed"] * (strong_from - low_at_most - 1) + ["strong"] * (
        4 * k + 1 - strong_from
    )


def test_a_one_answer_change_reads_about_the_same():
    m = Measure(3, 12)
    assert m.direction(stored(3, [2, 2, 2]), stored(3, [3, 2, 2])) == "about the same"  # 50 -> 58
    assert m.direction(stored(3, [2, 2, 2]), stored(3, [3, 3, 3])) == "about the same"  # 50 -> 75, k points
    assert m.direction(stored(3, [2, 2, 2]), stored(3, [4, 3, 3])) == "higher"  # 6 -> 10
    assert m.direction(stored(3, [4, 4, 4]), stored(3, [3, 3, 2])) == "lower"  # 12 -> 8
    assert m.change_words(50, 83) == "up 33"
    single = Measure(1, 4)  # one pulling-away answer
    assert single.direction(25, 50) == "about the same" and single.direction(25, 75) == "higher"


# Pulling away: one answer per view, 0 never ... 4 very often.
@pytest.mark.parametrize(
    "self_view, other_view, named",
    [
        (25, 75, True),  # rarely vs often: two categories, one side often
        (75, 25, True),
        (50, 100, True),  # sometimes vs very often
        (0, 50, False),  # never vs sometimes: two categories, both below often
        (50, 75, False),  # one category
        (75, 100, False),  # one category, however high
        (0, 100, True),
    ],
)
def test_distancing_callouts_by_hand(self_view, other_view, named):
    assert worth_naming(self_view, other_view) is named


@pytest.mark.parametrize(
    "self_view, other_view, named",
    [
        (25, 75, True),  # a positive behaviour: rarely vs often, one side rarely
        (0, 50, True),
        (50, 100, False),  # sometimes vs very often: both at least sometimes, nothing to worry about
        (25, 50, False),  # one category
    ],
)
def test_positive_behaviours_mirror_the_rule(self_view, other_view, named):
    assert worth_naming(self_view, other_view, positive=True) is named


def test_tied_differences_are_all_shown_drinking_included():
    rows = [
        Behaviour("taking_personally", "Taking it personally", 25, 75),
        Behaviour("criticism", "Finding fault", 25, 75),
        Behaviour("over_helping", "Over-helping", 50, 50),
        Behaviour("negativity", "Expecting the worst", 75, 25),
        Behaviour("substances", "Leaning on a drink", 25, 75),
        Behaviour("busy_avoidance", "Staying busy", 0, 100),
        Behaviour("avoiding_topics", "Steering around", 25, 50),
    ]
    named = [b.key for b in seen_differently(rows)]
    assert named == ["busy_avoidance", "taking_personally", "criticism", "negativity", "substances"]


def test_an_important_shared_growth_area_comes_before_a_small_gap():
    gap = element("openness", stored(3, [2, 1, 1]), stored(3, [3, 3, 2]), 5, 5)  # 4 vs 8: different
    growth = element("care", stored(3, [1, 1, 1]), stored(3, [1, 1, 1]), 5, 5)  # 3 and 3: both low
    quiet = element("ease", stored(3, [0, 0, 0]), stored(3, [0, 0, 1]), 1, 1)  # both low, matters little
    assert gap.label == "different" and growth.label == "growth" and quiet.label == "growth"
    # priority = room per item for both (8 - p/k - p/k) x importance: 6 x 10 = 60, 4 x 10 = 40, 7.67 x 2
    assert [e.key for e in talk_first([gap, quiet, growth])] == ["care", "openness"]


def test_at_most_two_things_worth_talking_about():
    elements = [element(k, 0, 0) for k in ("touch", "ease", "care", "openness")]
    assert len(talk_first(elements)) == 2


def test_strengths_first():
    strong, mixed, low = stored(3, [3, 3, 3]), stored(3, [2, 2, 2]), stored(3, [1, 1, 1])
    both_strong = element("care", strong, strong)
    both_mixed = element("ease", mixed, mixed)
    apart = element("touch", low, strong)
    start = opening([apart, both_mixed, both_strong])
    assert (start.kind, start.elements) == ("strength", [both_strong])
    start = opening([apart, both_mixed])
    assert (start.kind, start.elements) == ("mixed", [both_mixed])
    assert opening([apart]).kind == "none"


def test_both_low_everywhere_is_said_kindly_and_honestly():
    low = stored(3, [1, 1, 1])
    elements = [element(k, low, low) for k in ("touch", "ease", "care")]
    assert all_low(elements) and opening(elements).kind == "none"
    assert len(talk_first(elements)) == 2  # growth areas are worth talking about
    assert not all_low([element("touch", low, stored(3, [3, 3, 3]))])


# The same rules on the page -------------------------------------------------

from tests import dashboards  # noqa: E402
from tests.dashboards import shared_pages


def test_the_page_shows_every_tied_difference_and_words_drinking_with_care(alice_client, alice, bob, couple):
    # Bob sees Alice at "often" on four behaviours she says she rarely does: four ties, drinking the fourth.
    tied = {"taking_personally": 75, "criticism": 75, "negativity": 75, "substances": 75}
    dashboards.distancing(alice, dict.fromkeys(tied, 25), 0)
    dashboards.distancing(bob, 0, tied)
    page = " ".join(shared_pages(alice_client).split())
    named = page[page.index('id="panel-distancing"') :]
    for title in ("Taking differences personally", "Finding fault", "Expecting the worst", "Leaning on a drink or other substances"):
        assert f"<strong>{title}.</strong>" in named, title
    assert named.count('class="gently"') == 5  # four about Alice, and "much the same way" about Bob
    assert "this is not a diagnosis" in named and '<a href="/help/">the help page</a>' in named


def test_one_category_apart_everywhere_names_nothing_on_the_page(alice_client, alice, bob, couple):
    dashboards.intimacy(alice, [50] * 8)  # 6 of 12 on every element
    dashboards.intimacy(bob, [75] * 8)  # 9 of 12: one step higher on every item
    dashboards.distancing(alice, 50, 50)  # sometimes
    dashboards.distancing(bob, 75, 75)  # often: one category
    page = shared_pages(alice_client)
    assert "chip--different" not in page and "Worth talking about" not in page
    assert "behaviour--differs" not in page and "Neither view" not in page
    assert "give or take a step here and there" in page


def test_both_low_everywhere_is_never_called_the_same_view(alice_client, alice, bob, couple):
    dashboards.intimacy(alice, [17] * 8)
    dashboards.intimacy(bob, [25] * 8)
    page = shared_pages(alice_client)
    assert "much the same way" not in page
    assert "both of you feel far from each other in every part of closeness" in page
    assert page.count("chip--growth") == 8
    talk = page[page.index("Worth talking about") : page.index("Every part")]
    assert talk.count('class="prompt"') == 2


def test_a_one_answer_change_reads_about_the_same_on_the_dashboard(alice_client, alice, bob, couple):
    dashboards.intimacy(alice, [50] * 8, days_ago=30)
    dashboards.intimacy(alice, [58] * 8)  # one answer up one step on every element
    dashboards.intimacy(bob, [50] * 8)
    page = alice_client.get("/dashboard/panel/progress/", headers={"HX-Request": "true"}).content.decode()
    assert "(0 higher, 0 lower, 8 about the same)" in page


def test_sides_answered_with_different_versions_compare_by_average_answer():
    from assessments.scoring import compare

    three, four = Measure(3, 12), Measure(4, 16)
    assert compare(three, stored(3, [3, 2, 2]), four, stored(4, [4, 3, 3, 3])) is None  # 2.33 vs 3.25
    assert compare(three, stored(3, [2, 2, 2]), four, stored(4, [4, 3, 3, 3])) == "different"  # 2 vs 3.25
    assert four.direction(stored(3, [2, 2, 2]), stored(4, [3, 3, 3, 3]), before=three) == "about the same"
    assert four.direction(stored(3, [2, 2, 2]), stored(4, [3, 3, 3, 4]), before=three) == "higher"
