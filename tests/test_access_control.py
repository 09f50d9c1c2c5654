"""Every URL in the project, requested by five people, gets the status it should.

Actors: anonymous, signed in without a couple (lone), partner A (Alice, who
owns the objects named in URLs), partner B (Bob, her partner), and an outsider
from another couple (Carol). Our own URLs each need an entry in ACCESS: a new
URL without one fails `test_every_url_has_an_entry`. Third-party URLs (allauth,
admin) are walked too, with a general rule: never a server error, and the
admin never opens for anyone but staff.
"""

import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from couples.models import Invite
from steps.models import ConnectionIdea, Interest, Resentment
from tests.conftest import client_for, make_couple, make_user
from tests.questionnaires import make_draft, make_submission

ACTORS = ["anon", "lone", "a", "b", "outsider"]

# Expected outcomes: LOGIN = sent to the login page; OK = served (200, a
# redirect elsewhere, or 400 for the empty form the walker posts); HOME = a
# redirect that is not to the login page; or an exact status code.
LOGIN, OK, HOME = "login", "ok", "home"
PUBLIC = dict.fromkeys(ACTORS, OK)
SIGNED_IN = {"anon": LOGIN, "lone": OK, "a": OK, "b": OK, "outsider": OK}
COUPLE = {"anon": LOGIN, "lone": 404, "a": OK, "b": OK, "outsider": OK}  # my own couple, implied
AUTHOR_ONLY = {"anon": LOGIN, "lone": 404, "a": OK, "b": 404, "outsider": 404}
PAIR_SHARED = {"anon": LOGIN, "lone": 404, "a": OK, "b": OK, "outsider": 404}
CHECKIN = {"anon": LOGIN, "lone": HOME, "a": OK, "b": OK, "outsider": OK}

# name: (method, kwargs(world) or None, expectations)
ACCESS = {
    "home": ("get", None, PUBLIC),
    "help": ("get", None, PUBLIC),
    "healthz": ("get", None, PUBLIC),
    "start_couple": ("post", None, SIGNED_IN),
    "invite": ("get", None, {"anon": LOGIN, "lone": HOME, "a": HOME, "b": HOME, "outsider": HOME}),
    "invite_new": ("post", None, COUPLE),
    "invite_revoke": ("post", None, COUPLE),
    "invite_email": ("post", None, {"anon": LOGIN, "lone": 404, "a": HOME, "b": HOME, "outsider": HOME}),
    "leave": ("get", None, COUPLE),
    "couple_settings": ("get", None, COUPLE),
    "checkin": ("get", None, CHECKIN),
    "checkin_history": ("get", None, CHECKIN),
    "together": ("get", None, COUPLE),
    "progress": ("get", None, COUPLE),
    # Without htmx (as here) a panel sends partners to the dashboard page.
    "dashboard_panel": ("get", lambda w: {"name": "status"}, {"anon": LOGIN, "lone": 404, "a": HOME, "b": HOME, "outsider": HOME}),
    "invite_landing": ("get", None, dict.fromkeys(ACTORS, 404)),  # no invite opened in this session
    "invite_accept": ("post", None, {"anon": LOGIN, "lone": 404, "a": 404, "b": 404, "outsider": 404}),
    "invite_link": ("get", lambda w: {"token": w["token"]}, dict.fromkeys(ACTORS, HOME)),
    "profile": ("get", None, SIGNED_IN),
    "export": ("get", None, SIGNED_IN),
    "pause_sharing": ("post", None, SIGNED_IN),
    "delete_account": ("get", None, SIGNED_IN),
    # The archive is each person's own (no object in the URL): anyone signed in gets theirs.
    "archive": ("get", None, SIGNED_IN),
    "archive_delete": ("post", None, SIGNED_IN),
    "questionnaires": ("get", None, SIGNED_IN),
    "questionnaire_start": ("post", lambda w: {"key": "intimacy"}, SIGNED_IN),
    "questionnaire_resume": ("get", lambda w: {"draft_id": w["draft"]}, AUTHOR_ONLY),
    "questionnaire_answer": ("post", lambda w: {"draft_id": w["draft"]}, AUTHOR_ONLY),
    "questionnaire_review": ("get", lambda w: {"draft_id": w["draft"]}, AUTHOR_ONLY),
    "questionnaire_submit": ("post", lambda w: {"draft_id": w["draft"]}, AUTHOR_ONLY),
    "questionnaire_section": ("get", lambda w: {"draft_id": w["draft"], "section_key": "touch"}, AUTHOR_ONLY),
    "questionnaire_submission": ("get", lambda w: {"pk": w["submission"]}, AUTHOR_ONLY),
    # The safety check is each person's own (no object in the URL): anyone signed in gets their own.
    "safety_check": ("get", None, SIGNED_IN),
    "safety_result": ("get", None, SIGNED_IN),
    "safety_turn_on": ("get", None, SIGNED_IN),
    "steps": ("get", None, COUPLE),
    "step_done": ("post", lambda w: {"number": 1}, COUPLE),
    "another_week": ("post", None, COUPLE),  # the couple's own schedule: nothing in the URL
    "step_share": ("post", lambda w: {"kind": "interest", "pk": w["interest"]}, AUTHOR_ONLY),
    "step1": ("get", None, COUPLE),
    "interest_add": ("post", None, COUPLE),
    "interest_sort": ("post", lambda w: {"pk": w["interest"]}, AUTHOR_ONLY),
    "interest_delete": ("post", lambda w: {"pk": w["interest"]}, AUTHOR_ONLY),
    "values_save": ("post", None, COUPLE),
    "step2": ("get", None, COUPLE),
    "step3": ("get", None, COUPLE),
    "resentment_add": ("post", None, COUPLE),
    "resentment_update": ("post", lambda w: {"pk": w["resentment"]}, AUTHOR_ONLY),
    "resentment_delete": ("post", lambda w: {"pk": w["resentment"]}, AUTHOR_ONLY),
    "step4": ("get", None, COUPLE),
    "step5": ("get", None, COUPLE),
    "ideas": ("get", None, COUPLE),
    "idea_add": ("post", None, COUPLE),
    "idea_edit": ("post", lambda w: {"pk": w["idea"]}, PAIR_SHARED),
    "idea_delete": ("post", lambda w: {"pk": w["idea"]}, PAIR_SHARED),
    "action_choose": ("post", None, COUPLE),
    "talk": ("get", None, COUPLE),
    "talk_done": ("post", None, COUPLE),
    # Alice's interest is not shared: nobody may answer it, Bob included.
    "reply": ("post", lambda w: {"kind": "interest", "item_id": w["interest"]}, {"anon": LOGIN, "lone": 404, "a": 404, "b": 404, "outsider": 404}),
    "notice_settings": ("post", None, SIGNED_IN),
    # The admin's log-in is allauth's (rekindle/admin.py): no one here is staff.
    "admin:login": ("get", None, {"anon": LOGIN, "lone": 403, "a": 403, "b": 403, "outsider": 403}),
}


def _walk(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield p, namespace


def _patterns():
    return list(_walk(get_resolver().url_patterns))


def _ours(pattern) -> bool:
    """A view whose code is in this repository and not an installed package
    (.venv is inside it): a new app of ours needs entries without being listed."""
    source = Path(sys.modules[pattern.callback.__module__].__file__).resolve()
    return source.is_relative_to(settings.BASE_DIR) and "site-packages" not in source.parts


OUR_NAMES = sorted({(ns + ":" if ns else "") + p.name for p, ns in _patterns() if _ours(p) and p.name})
THIRD_PARTY = sorted(
    {(ns + ":" if ns else "") + p.name for p, ns in _patterns() if not _ours(p) and p.name}
)


def test_a_view_of_a_new_app_of_ours_needs_an_entry_too():
    from allauth.account.views import login

    assert _ours(path("new/", test_a_view_of_a_new_app_of_ours_needs_an_entry_too))  # tests/ is no app
    assert not _ours(path("login/", login))


def test_every_url_has_an_entry():
    unnamed = [str(p.pattern) for p, _ in _patterns() if _ours(p) and not p.name]
    assert not unnamed, f"name these URLs so they can be checked: {unnamed}"
    missing = set(OUR_NAMES) - set(ACCESS)
    assert not missing, f"add these URLs to ACCESS with the status each actor should get: {sorted(missing)}"
    assert not set(ACCESS) - set(OUR_NAMES), "ACCESS lists URLs that no longer exist"


@pytest.fixture
def world(db):
    alice, bob, carol, lone = make_user("Alice"), make_user("Bob"), make_user("Carol"), make_user("Lone")
    couple = make_couple(alice, bob)
    make_couple(carol, make_user("Dan"))
    eve = make_user("Eve")
    _, token = Invite.issue(make_couple(eve), eve)
    draft = make_draft(alice)
    submission = make_submission(alice)
    return {
        "users": {"anon": None, "lone": lone, "a": alice, "b": bob, "outsider": carol},
        "token": token,
        "draft": draft.pk,
        "submission": submission.pk,
        "interest": Interest.objects.create(author=alice, couple=couple, text="x").pk,
        "resentment": Resentment.objects.create(author=alice, couple=couple, text="x").pk,
        "idea": ConnectionIdea.objects.create(couple=couple, added_by=alice, text="x").pk,
    }


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_our_urls(world, name, actor):
    method, kwargs, expected = ACCESS[name]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    response = getattr(client_for(world["users"][actor]), method)(url)
    want = expected[actor]
    status, location = response.status_code, response.headers.get("Location", "")
    if want == LOGIN:
        assert status == 302 and location.startswith("/accounts/login/"), (status, location)
    elif want == HOME:
        assert status == 302 and not location.startswith("/accounts/login/"), (status, location)
    elif want == OK:
        assert status in (200, 400) or (status == 302 and not location.startswith("/accounts/login/")), (status, location)
    else:
        assert status == want, (status, location)


def _dummy_kwargs(pattern) -> dict:
    names = list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)
    return {n: ("1" if n in ("pk", "id", "object_id") else "x") for n in names}


@pytest.mark.parametrize("actor", ACTORS)
def test_third_party_urls_never_fail_and_admin_stays_closed(world, actor):
    client = client_for(world["users"][actor])
    by_name = {(ns + ":" if ns else "") + p.name: p for p, ns in _patterns() if not _ours(p) and p.name}
    for name in THIRD_PARTY:
        try:
            url = reverse(name, kwargs=_dummy_kwargs(by_name[name]) or None)
        except Exception:  # a pattern our dummy values can't fill: its siblings cover the view
            continue
        response = client.get(url)
        assert response.status_code < 500, (name, url, response.status_code)
        if name.startswith("admin:") and name != "admin:login":
            assert response.status_code != 200, (name, url)
