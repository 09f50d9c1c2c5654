"""Random and hostile values posted to every form: never a server error, and
nothing invalid or half-written lands in the database."""

import itertools
import zoneinfo

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from assessments.instruments import get_instrument
from couples.models import Couple, Invite, Membership
from steps.models import ConnectionIdea, Interest, Resentment
from tests.conftest import HTMX, PASSWORD, client_for, make_couple, make_user
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
        "idea": ConnectionIdea.objects.create(couple=couple, added_by=alice, text="ours").pk,
        "foreign_interest": Interest.objects.create(author=carol, couple=other, text="theirs").pk,
        "foreign_resentment": Resentment.objects.create(author=carol, couple=other, text="theirs").pk,
        "foreign_idea": ConnectionIdea.objects.create(couple=other, added_by=carol, text="theirs").pk,
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
    headers = HTMX if data.draw(st.booleans()) else {}
    response = client.post(url, payload, headers=headers)
    assert response.status_code < 500, (name, payload)
    assert_database_is_valid()


# Forms that sign people up, in or out, or end something: each example sets up
# fresh people and starts from a valid submission, with some of its fields
# replaced, dropped or added to, so the paths that succeed get hostile values too.
NEW_PASSWORD = "another-long-passphrase-7"
_fresh = itertools.count()


def _lone(n):
    user = make_user(f"Lone{n}")
    return client_for(user), user


def _partner(n):
    user = make_user(f"Lone{n}")
    make_couple(user, make_user(f"Partner{n}"))
    return client_for(user), user


def _with_an_open_invite(n):
    client, user = _lone(n)
    inviter = make_user(f"Inviter{n}")
    _, token = Invite.issue(make_couple(inviter), inviter)
    client.get(reverse("invite_link", kwargs={"token": token}))
    return client, user


def _two_devices(n):
    user = make_user(f"Lone{n}")
    for device in ("laptop", "phone"):
        device_client = Client(HTTP_USER_AGENT=device)
        device_client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return device_client, user


def _reset_link_opened(n):
    user = make_user(f"Lone{n}")
    client = Client()
    kwargs = {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}
    page = client.get(reverse("account_reset_password_from_key", kwargs=kwargs), follow=True)
    return client, page.redirect_chain[-1][0]  # the key moves into the session, out of the address


def _anonymous(n):
    return Client(), make_user(f"Lone{n}")


# name: (set-up(n) -> (client, user or the form's url), a valid submission for user n)
ACCOUNT_FORMS = {
    "account_signup": (
        lambda n: (Client(), None),
        lambda n: {"display_name": "Sam", "email": f"new-{n}@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "time_zone": "Europe/Berlin"},
    ),
    "account_login": (_anonymous, lambda n: {"login": f"lone{n}@example.com", "password": PASSWORD, "remember": "on"}),
    "account_change_password": (_lone, lambda n: {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
    "account_reset_password": (_anonymous, lambda n: {"email": f"lone{n}@example.com"}),
    "account_reset_password_from_key": (_reset_link_opened, lambda n: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
    "usersessions_list": (_two_devices, lambda n: {}),
    "start_couple": (_lone, lambda n: {}),
    "invite_accept": (_with_an_open_invite, lambda n: {}),
    "leave": (_partner, lambda n: {}),
    "delete_account": (_partner, lambda n: {"password": PASSWORD}),
}


def assert_nothing_is_half_done():
    """What the account forms write comes whole or not at all."""
    assert_database_is_valid()
    assert not User.objects.exclude(time_zone__in=zoneinfo.available_timezones()).exists()
    # Signed up through the form: the user and their e-mail address, together.
    assert not User.objects.filter(email__startswith="new-").exclude(emailaddress__email=F("email")).exists()
    for couple in Couple.objects.annotate(
        active_members=Count("memberships", filter=Q(memberships__active=True)), members=Count("memberships")
    ):
        assert couple.members >= 1, "a couple nobody is in"
        assert couple.active_members <= 2
        assert (couple.ended_at is None) == (couple.active_members > 0), couple
    for invite in Invite.objects.exclude(used_at=None):
        assert Membership.objects.filter(couple=invite.couple_id, user=invite.used_by_id).exists(), invite
    assert not UserSession.objects.exclude(session_key__in=Session.objects.values("session_key")).exists()


@pytest.mark.parametrize("name", sorted(ACCOUNT_FORMS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_posts_to_account_forms_never_break_anything(db, name, data):
    setup, valid = ACCOUNT_FORMS[name]
    cache.clear()  # allauth's rate limits would soon turn every attempt away unread
    n = next(_fresh)
    client, target = setup(n)
    url = target if isinstance(target, str) else reverse(name)
    payload = valid(n)
    names = [*payload, "unexpected"]
    right = [PASSWORD, NEW_PASSWORD, f"new-{n}@example.com", f"lone{n}@example.com", "Europe/Berlin"]
    scalar = st.one_of(hostile_text, st.integers().map(str), st.sampled_from(right))
    changes = data.draw(st.dictionaries(st.sampled_from(names), st.one_of(scalar, st.lists(scalar, max_size=3)), max_size=2))
    dropped = data.draw(st.sets(st.sampled_from(names), max_size=1))
    payload = {k: v for k, v in (payload | changes).items() if k not in dropped}
    headers = HTMX if data.draw(st.booleans()) else {}
    response = client.post(url, payload, headers=headers)
    assert response.status_code < 500, (name, payload)
    assert_nothing_is_half_done()
