from assessments.instruments import DISTANCING, INTIMACY, Role, current_instruments, get_instrument

INTIMACY_KEYS = ["touch", "eye_contact", "openness", "ease", "positivity", "connection", "care", "appreciation"]
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
    assert get_instrument("distancing") is DISTANCING
    assert get_instrument("intimacy", 99) is None
    assert get_instrument("nope") is None


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
    for instrument in current_instruments():
        keys = [i.key for i in instrument.items]
        assert len(keys) == len(set(keys))
        for item in instrument.items:
            assert "you" in item.text.lower(), item.text
