from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assessments.instruments import AGREEMENT, DISTANCING, DISTANCING_V2, INTIMACY, INTIMACY_V2, Item, Role
from assessments.scoring import IncompleteAnswers, Measure, measure, percent, score
from tests.questionnaires import answers_for

INSTRUMENTS = [INTIMACY, DISTANCING, INTIMACY_V2, DISTANCING_V2]


def complete(instrument):
    return st.fixed_dictionaries(
        {item.key: st.integers(item.scale.low, item.scale.high) for item in instrument.items}
    )


def instrument_and_answers():
    return st.sampled_from(INSTRUMENTS).flatmap(lambda i: st.tuples(st.just(i), complete(i)))


def percents(scores):
    return {(role, key): v for role, group in scores.items() if role != "importance" for key, v in group.items()}


# Hand-computed examples ---------------------------------------------------


@pytest.mark.parametrize("instrument", [INTIMACY, INTIMACY_V2])
def test_all_middle_answers_score_fifty_with_reverse_items_flipped(instrument):
    scores = score(instrument, answers_for("intimacy", 3, instrument.version))
    assert scores["dimensions"] == {d.key: 50 for d in instrument.dimensions}
    assert scores["importance"] == {d.key: 3 for d in instrument.dimensions}


def test_one_element_by_hand():
    answers = answers_for("intimacy", 3, version=1)
    # touch_3 is reverse-worded: "2" (disagree) counts as 5 - 2 = 3 points.
    answers |= {"touch_1": 5, "touch_2": 4, "touch_3": 2, "touch_importance": 5}
    answers |= {"ease_1": 2, "ease_2": 3, "ease_3": 3}  # 1 + 2 + 2 = 5 of 12 points
    answers |= {"care_1": 5, "care_2": 5, "care_3": 1}  # 12 of 12
    answers |= {"openness_1": 1, "openness_2": 1, "openness_3": 5}  # 0 of 12
    scores = score(INTIMACY, answers)
    assert scores["dimensions"]["touch"] == 83  # 4 + 3 + 3 = 10 of 12 points = 83.3
    assert scores["dimensions"]["ease"] == 42  # 41.7
    assert scores["dimensions"]["care"] == 100
    assert scores["dimensions"]["openness"] == 0
    assert scores["importance"]["touch"] == 5


def test_distancing_by_hand():
    answers = answers_for("distancing", 0, version=1) | {"criticism_self": 1, "criticism_partner": 3, "substances_partner": 4}
    scores = score(DISTANCING, answers)
    assert set(scores) == {"self", "partner"}
    assert scores["self"]["criticism"] == 25
    assert scores["partner"]["criticism"] == 75
    assert scores["partner"]["substances"] == 100
    assert scores["self"]["substances"] == 0


def test_version_2_elements_by_hand():
    answers = answers_for("intimacy", 3, version=2)
    # Four items (eye_contact_4 split off eye_contact_2; eye_contact_3 reverse-worded): 16 points in all.
    answers |= {"eye_contact_1": 5, "eye_contact_2": 4, "eye_contact_4": 2, "eye_contact_3": 4}  # 4 + 3 + 1 + 1
    # Three items, as in version 1: 12 points in all.
    answers |= {"touch_1": 5, "touch_2": 4, "touch_3": 2}  # 4 + 3 + 3
    answers |= {"connection_2": 1, "connection_4": 1, "connection_5": 1, "connection_3": 5}  # nothing
    answers |= {"openness_1": 5, "openness_2": 5, "openness_4": 5, "openness_3": 1}  # everything
    scores = score(INTIMACY_V2, answers)
    assert scores["dimensions"]["eye_contact"] == 56  # 9 of 16 = 56.25
    assert scores["dimensions"]["touch"] == 83  # 10 of 12 = 83.3
    assert scores["dimensions"]["connection"] == 0
    assert scores["dimensions"]["openness"] == 100
    assert scores["dimensions"]["ease"] == 50


def test_a_two_item_element_by_hand():
    """Version 2 has no two-item element, but the rule holds for one: 8 points in all, steps of 12.5."""
    items = (
        Item("x_1", "x", Role.DIMENSIONS, "A", AGREEMENT),
        Item("x_3", "x", Role.DIMENSIONS, "B", AGREEMENT, reverse=True),
    )
    assert percent(items, {"x_1": 4, "x_3": 2}) == 75  # 3 + 3 of 8
    assert percent(items, {"x_1": 3, "x_3": 4}) == 38  # 2 + 1 of 8 = 37.5, halves up
    assert percent(items, {"x_1": 5, "x_3": 1}) == 100


def test_version_2_distancing_scores_the_ways_of_coming_closer_the_same_way():
    answers = answers_for("distancing", 0, version=2) | {"turning_toward_self": 3, "showing_appreciation_partner": 4}
    scores = score(DISTANCING_V2, answers)
    assert scores["self"]["turning_toward"] == 75  # higher is more often, as for every behaviour
    assert scores["partner"]["showing_appreciation"] == 100
    assert scores["self"]["criticism"] == 0
    assert len(scores["self"]) == len(scores["partner"]) == 9


def test_halves_go_to_the_even_number_so_mirrored_answers_mirror():
    items = [Item("a", "x", Role.DIMENSIONS, "A", AGREEMENT), Item("b", "x", Role.DIMENSIONS, "B", AGREEMENT)]
    assert percent(items, {"a": 2, "b": 1}) == 12  # 1 of 8 points = 12.5
    assert percent(items, {"a": 4, "b": 5}) == 88  # 7 of 8 = 87.5: 100 - 12
    assert percent(items, {"a": 4, "b": 4}) == 75


@pytest.mark.parametrize("most", [4, 12])
def test_version_1_never_meets_a_half(most):
    """Version 1 was scored with halves rounded up; with 12 points (three
    items) or 4 (one frequency item) no score is ever a half, so the rule
    change leaves every version 1 score as it was stored."""
    for got in range(most + 1):
        assert round(Fraction(100 * got, most)) == (200 * got + most) // (2 * most)


def test_unknown_items_and_values_off_the_scale_are_refused():
    with pytest.raises(ValueError):
        score(INTIMACY, answers_for("intimacy", version=1) | {"touch_1": 6})
    with pytest.raises(ValueError):
        score(INTIMACY, answers_for("intimacy", version=1) | {"touch_1": "3"})
    with pytest.raises(ValueError):
        score(INTIMACY, answers_for("intimacy", version=1) | {"criticism_self": 1})
    with pytest.raises(ValueError):  # an item only version 2 has
        score(INTIMACY, answers_for("intimacy", version=1) | {"eye_contact_4": 3})
    with pytest.raises(ValueError):  # the open question is never scored
        score(INTIMACY_V2, answers_for("intimacy", version=2) | {"closeness_own_words": "Walks."})
    with pytest.raises(IncompleteAnswers) as missing:
        score(DISTANCING, {})
    assert len(missing.value.missing) == 14


def test_measure_counts_the_items_of_each_dimension():
    assert measure(INTIMACY, Role.DIMENSIONS, "touch") == Measure(items=3, most=12)
    assert measure(DISTANCING, Role.SELF, "criticism") == Measure(items=1, most=4)
    assert measure(DISTANCING, Role.PARTNER, "substances") == Measure(items=1, most=4)


def test_compare_and_change_live_on_the_measure():
    three = Measure(3, 12)
    assert three.compare(67, 100) == "strength" and three.compare(25, 0) == "growth"
    assert three.compare(33, 67) == "different" and three.compare(50, 75) is None
    assert three.change(50, 75) is None and three.change(50, 83) == 33


# Properties ---------------------------------------------------------------


@given(instrument_and_answers())
def test_scores_stay_in_bounds(case):
    instrument, answers = case
    scores = score(instrument, answers)
    assert all(0 <= v <= 100 for v in percents(scores).values())
    assert all(1 <= v <= 5 for v in scores.get("importance", {}).values())
    for group in scores.values():
        assert list(group) == [d.key for d in instrument.dimensions]


@given(instrument_and_answers())
def test_mirrored_answers_give_mirrored_scores(case):
    instrument, answers = case
    mirrored = {
        key: instrument.item(key).scale.low + instrument.item(key).scale.high - value
        for key, value in answers.items()
    }
    before, after = percents(score(instrument, answers)), percents(score(instrument, mirrored))
    assert after == {k: 100 - v for k, v in before.items()}


@given(instrument_and_answers(), st.data())
def test_agreeing_more_never_moves_a_score_the_wrong_way(case, data):
    instrument, answers = case
    can_rise = [i for i in instrument.items if answers[i.key] < i.scale.high]
    assume(can_rise)
    item = data.draw(st.sampled_from(can_rise))
    before = score(instrument, answers)
    after = score(instrument, answers | {item.key: answers[item.key] + 1})
    old, new = before[item.role.value][item.dimension], after[item.role.value][item.dimension]
    assert (new < old) if item.reverse else (new > old)
    moved = (item.role.value, item.dimension)
    assert {k: v for k, v in percents(before).items() if k != moved} == {
        k: v for k, v in percents(after).items() if k != moved
    }


@given(instrument_and_answers(), st.data())
def test_incomplete_answers_are_never_scored(case, data):
    instrument, answers = case
    dropped = data.draw(st.sets(st.sampled_from(sorted(answers)), min_size=1))
    with pytest.raises(IncompleteAnswers):
        score(instrument, {k: v for k, v in answers.items() if k not in dropped})
