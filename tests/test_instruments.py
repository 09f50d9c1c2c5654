from dataclasses import fields

from assessments.instruments import (
    DISTANCING,
    DISTANCING_V2,
    INTIMACY,
    INTIMACY_V2,
    REGISTRY,
    Dimension,
    Role,
    current_instruments,
    get_instrument,
)

INTIMACY_KEYS = ["touch", "eye_contact", "openness", "ease", "positivity", "connection", "care", "appreciation"]
DISTANCING_KEYS_IN_ORDER = [
    "taking_personally",
    "criticism",
    "negativity",
    "over_helping",
    "substances",
    "busy_avoidance",
    "avoiding_topics",
]
DISTANCING_KEYS = [
    "taking_personally",
    "criticism",
    "over_helping",
    "negativity",
    "substances",
    "busy_avoidance",
    "avoiding_topics",
]


def test_registry_knows_both_instruments_by_key_and_version():
    assert [i.key for i in current_instruments()] == ["intimacy", "distancing"]
    assert get_instrument("intimacy", 1) is INTIMACY
    assert get_instrument("distancing", 1) is DISTANCING
    assert get_instrument("intimacy") is INTIMACY_V2  # new drafts take the newest
    assert get_instrument("distancing") is DISTANCING_V2
    assert get_instrument("intimacy", 99) is None
    assert get_instrument("nope") is None
    for versions in REGISTRY.values():
        assert all(instrument.version == number for number, instrument in versions.items())


def test_version_2_keeps_every_dimension_key():
    """Other parts of the app rely on the keys; new ones may be added, none dropped or renamed."""
    assert [d.key for d in INTIMACY_V2.dimensions] == INTIMACY_KEYS
    assert [d.key for d in DISTANCING_V2.dimensions if not d.positive] == DISTANCING_KEYS_IN_ORDER
    assert [d.key for d in DISTANCING_V2.dimensions if d.positive] == ["turning_toward", "showing_appreciation"]
    assert fields(Dimension)[-1].name == "positive"  # the last field, defaulting to False
    assert not any(d.positive for d in INTIMACY_V2.dimensions + DISTANCING.dimensions + INTIMACY.dimensions)


def test_version_2_intimacy_has_two_to_four_items_per_element_one_reversed():
    assert [s.key for s in INTIMACY_V2.sections] == [*INTIMACY_KEYS, "own_words"]
    sizes = {}
    for key in INTIMACY_KEYS:
        scored = [i for i in INTIMACY_V2.items if i.dimension == key and i.role == Role.DIMENSIONS]
        importance = [i for i in INTIMACY_V2.items if i.dimension == key and i.role == Role.IMPORTANCE]
        assert 2 <= len(scored) <= 4 and len(importance) == 1
        assert [i.key for i in scored if i.reverse] == [f"{key}_3"]
        sizes[key] = len(scored)
    assert sizes == {
        "touch": 3, "eye_contact": 4, "openness": 4, "ease": 3,
        "positivity": 3, "connection": 4, "care": 3, "appreciation": 3,
    }  # fmt: skip
    assert len(INTIMACY_V2.items) == 27 + 8


def test_version_2_splits_the_double_barrelled_items_and_drops_the_leading_still():
    v2 = {i.key: i.text for i in INTIMACY_V2.items}
    for text in v2.values():
        assert " and feel " not in text and "worries and hopes" not in text and "mind and heart" not in text
    assert v2["touch_1"] == "You feel drawn to your partner."
    assert "still" not in INTIMACY_V2.dimension("touch").description
    assert {"eye_contact_4", "openness_4", "connection_4", "connection_5"} <= set(v2)
    assert "yourself" in INTIMACY_V2.dimension("connection").description
    assert "your own feelings" in v2["connection_5"]  # knowing yourself has its question


def test_the_open_question_is_optional_and_never_scored():
    (question,) = INTIMACY_V2.open_questions
    assert question.key == "closeness_own_words"
    assert INTIMACY_V2.item(question.key) is None  # not among the items that are needed and scored
    assert INTIMACY_V2.open_question(question.key) is question
    assert not INTIMACY.open_questions and not DISTANCING_V2.open_questions


def test_version_2_distancing_asks_both_views_of_the_ways_of_coming_closer():
    for key in ("turning_toward", "showing_appreciation"):
        assert DISTANCING_V2.dimension(key).positive
        roles = sorted(i.role for i in DISTANCING_V2.items if i.dimension == key)
        assert roles == [Role.PARTNER, Role.SELF]
    assert all((i.scale.low, i.scale.high) == (0, 4) for i in DISTANCING_V2.items)
    assert not any(i.reverse for i in DISTANCING_V2.items)  # higher is more often, for every behaviour


def test_intimacy_has_three_agreement_items_per_element_one_reversed_and_an_importance():
    assert [d.key for d in INTIMACY.dimensions] == INTIMACY_KEYS
    assert [s.key for s in INTIMACY.sections] == INTIMACY_KEYS  # one page per element
    for key in INTIMACY_KEYS:
        scored = [i for i in INTIMACY.items if i.dimension == key and i.role == Role.DIMENSIONS]
        importance = [i for i in INTIMACY.items if i.dimension == key and i.role == Role.IMPORTANCE]
        assert len(scored) == 3 and len(importance) == 1
        assert any(i.reverse for i in scored) and not all(i.reverse for i in scored)
        assert all((i.scale.low, i.scale.high) == (1, 5) for i in scored + importance)
    assert len(INTIMACY.items) == 32


def test_distancing_asks_about_me_and_my_partner_for_each_behaviour():
    assert sorted(d.key for d in DISTANCING.dimensions) == sorted(DISTANCING_KEYS)
    for key in DISTANCING_KEYS:
        roles = sorted(i.role for i in DISTANCING.items if i.dimension == key)
        assert roles == [Role.PARTNER, Role.SELF]
    assert all((i.scale.low, i.scale.high) == (0, 4) for i in DISTANCING.items)
    assert not any(i.reverse for i in DISTANCING.items)


def test_item_keys_are_unique_and_wording_is_second_person():
    for instrument in (INTIMACY, DISTANCING, INTIMACY_V2, DISTANCING_V2):
        keys = [i.key for i in instrument.items] + [q.key for q in instrument.open_questions]
        assert len(keys) == len(set(keys))
        for item in instrument.items:
            assert "you" in item.text.lower(), item.text
