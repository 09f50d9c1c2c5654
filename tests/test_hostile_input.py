"""Random and hostile values posted to every form: never a server error, and
nothing invalid or half-written lands in the database."""

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.instruments import get_instrument
from couples.models import Invite
from steps.models import ConnectionIdea, Interest, Resentment
from tests.conftest import client_for, make_couple, make_user
from tests.questionnaires import make_draft

INTIMACY_ITEMS = [item.key for item in get_instrument("intimacy").items]

# url name: (kwargs from the world, the form's field names)
FORMS = {
    "profile": (None, ["display_name", "time_zone", "checkin_reminders"]),
    "couple_settings": (None, ["time_zone", "checkin_day"]),
    "checkin": (None, ["week", "closeness", "appreciated", "pulled_away", "did_step_action", "appreciation_note", "private_note"]),
    "invite_email": (None, ["token", "email"], "eve"),
    "pause_sharing": (None, ["paused"]),
    "delete_account": (None, ["password"]),
    "questionnaire_start": (lambda w: {"key": "intimacy"}, []),
    "questionnaire_answer": (lambda w: {"draft_id": w["draft"]}, ["version", *INTIMACY_ITEMS[:4]]),
    "questionnaire_section": (lambda w: {"draft_id": w["draft"], "section_key": "touch"}, ["version", "go", *INTIMACY_ITEMS[:4]]),
    "questionnaire_submit": (lambda w: {"draft_id": w["draft"]}, ["version"]),
    "step_done": (lambda w: {"number": 2}, ["undo"]),
    "step_share": (lambda w: {"kind": "interest", "pk": w["interest"]}, ["shared"]),
    "interest_add": (None, ["text"]),
    "interest_sort": (lambda w: {"pk": w["interest"]}, ["kind"]),
    "values_save": (None, ["values"]),
    "step2": (None, ["behaviours", "inward", "outward"]),
    "resentment_add": (None, ["text"]),
    "resentment_update": (lambda w: {"pk": w["resentment"]}, ["r{resentment}-source", "r{resentment}-plan", "let_go"]),
    "step4": (None, ["hope", "growth"]),
    "idea_add": (None, ["text"]),
    "idea_edit": (lambda w: {"pk": w["idea"]}, ["text"]),
    "action_choose": (None, ["idea"]),
}

hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.just("x" * 100_000),
    st.sampled_from(["\x00", "<script>alert(1)</script>", "' OR 1=1 --", "NaN", "-1", "1e309", "🔥" * 300, "0", "99999999999999999999"]),
)


def value_strategy(world):
    others = [str(world[k]) for k in ("foreign_interest", "foreign_idea", "foreign_resentment", "token")]
    scalar = st.one_of(hostile_text, st.integers().map(str), st.sampled_from(others))
    return st.one_of(scalar, st.lists(scalar, max_size=3))


@pytest.fixture
def world(db):
    alice, bob = make_user("Alice"), make_user("Bob")
    couple = make_couple(alice, bob)
    carol = make_user("Carol")
    other = make_couple(carol, make_user("Dan"))
    eve = make_user("Eve")  # waiting for her partner: her invite link is live
    _, token = Invite.issue(make_couple(eve), eve)
    return {
        "alice": alice,
        "eve": eve,
        "token": token,
        "draft": make_draft(alice).pk,
        "interest": Interest.objects.create(author=alice, couple=couple, text="mine").pk,
        "resentment": Resentment.objects.create(author=alice, couple=couple, text="mine").pk,
        "idea": ConnectionIdea.objects.create(couple=couple, text="ours").pk,
        "foreign_interest": Interest.objects.create(author=carol, couple=other, text="theirs").pk,
        "foreign_resentment": Resentment.objects.create(author=carol, couple=other, text="theirs").pk,
        "foreign_idea": ConnectionIdea.objects.create(couple=other, text="theirs").pk,
    }


OUR_MODELS = [m for m in apps.get_models() if m._meta.app_label in ("accounts", "couples", "assessments", "steps")]


def assert_database_is_valid():
    for model in OUR_MODELS:
        for row in model.objects.all():
            row.full_clean(validate_unique=False, validate_constraints=False)


@pytest.mark.parametrize("name", sorted(FORMS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_posts_never_break_anything(world, name, data):
    kwargs_fn, fields, *actor = FORMS[name]
    client = client_for(world[actor[0] if actor else "alice"])
    url = reverse(name, kwargs=kwargs_fn(world) if kwargs_fn else None)
    names = [f.format(**world) for f in fields] + ["unexpected"]
    payload = data.draw(st.dictionaries(st.sampled_from(names), value_strategy(world), max_size=len(names)))
    headers = {"HX-Request": "true"} if data.draw(st.booleans()) else {}
    response = client.post(url, payload, headers=headers)
    assert response.status_code < 500, (name, payload)
    assert_database_is_valid()
