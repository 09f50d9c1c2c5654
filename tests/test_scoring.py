import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assessments.instruments import AGREEMENT, DISTANCING, INTIMACY, Item, Role
from assessments.scoring import IncompleteAnswers, Measure, measure, percent, score
from tests.questionnaires import answers_for

INSTRUMENTS = [INTIMACY, DISTANCING]


def complete(instrument):
    return st.fixed_dictionaries(
        {item.key: st.integers(item.scale.low, item.scale.high) for item in instrument.items}
    )


def instrument_and_answers():
    return st.sampled_from(INSTRUMENTS).flatmap(lambda i: st.tuples(st.just(i), complete(i)))


def percents(scores):
    return {(role, key): v for role, group in scores.items() if role != "importance" for key, v in group.items()}


# Hand-computed examples ---------------------------------------------------


def test_all_middle_answers_score_fifty_with_reverse_items_flipped():
    scores = score(INTIMACY, answers_for("intimacy", 3))
    assert scores["dimensions"] == {d.key: 50 for d in INTIMACY.dimensions}
    assert scores["importance"] == {d.key: 3 for d in INTIMACY.dimensions}


def test_one_element_by_hand():
    answers = answers_for("intimacy", 3)
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
    answers = answers_for("distancing", 0) | {"criticism_self": 1, "criticism_partner": 3, "substances_partner": 4}
    scores = score(DISTANCING, answers)
    assert set(scores) == {"self", "partner"}
    assert scores["self"]["criticism"] == 25
    assert scores["partner"]["criticism"] == 75
    assert scores["partner"]["substances"] == 100
    assert scores["self"]["substances"] == 0


def test_halves_round_up():
    items = [Item("a", "x", Role.DIMENSIONS, "A", AGREEMENT), Item("b", "x", Role.DIMENSIONS, "B", AGREEMENT)]
    assert percent(items, {"a": 2, "b": 1}) == 13  # 1 of 8 points = 12.5
    assert percent(items, {"a": 4, "b": 4}) == 75


def test_unknown_items_and_values_off_the_scale_are_refused():
    with pytest.raises(ValueError):
        score(INTIMACY, answers_for("intimacy") | {"touch_1": 6})
    with pytest.raises(ValueError):
        score(INTIMACY, answers_for("intimacy") | {"touch_1": "3"})
    with pytest.raises(ValueError):
        score(INTIMACY, answers_for("intimacy") | {"criticism_self": 1})
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
