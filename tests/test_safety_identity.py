"""The safety check's promise: for a couple where Alice answered "yes", every
page, fragment, e-mail and export of Bob's is identical to what it is while
Alice has not sent the check (docs/safety.md, "as if not sent").

Bob's pages are captured before Alice's "yes" and after it, and compared once
csrf tokens, nonces, ids and timestamps are normalised. The pages are every
URL in the URL conf (the access walker's list, which a new URL must join),
each dashboard panel as htmx asks for it, his export, and the e-mails he gets
(the weekly reminder, "the couple ended", and the notice the check itself
could set off). What can change data is captured
inside a transaction that is rolled back, so both captures start alike.
"""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import SafetyCheck

from couples import weeks
from couples.access import end_couple
from couples.models import Invite
from couples.reminders import send_reminders
from dashboard.panels import PANELS
from steps.models import ConnectionIdea, Interest, Resentment
from tests.checkins import make_checkin
from tests.conftest import HTMX, client_for, committed, make_couple, make_user
from tests.dashboards import distancing, intimacy
from tests.questionnaires import make_draft, make_submission
from tests.test_access_control import ACCESS, OUR_NAMES

# A Sunday morning after the reminder time, so the weekly reminder is due.
SUNDAY = datetime(2026, 11, 29, 10, tzinfo=UTC)
YES = {"afraid": "yes", "harmed": "no", "controlled": "no", "self_harm": "no"}
NO = {"afraid": "no", "harmed": "no", "controlled": "no", "self_harm": "no"}

NORMALISE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value="CSRF"'),
    (re.compile(r'"x-csrftoken": "[^"]+"'), '"x-csrftoken": "CSRF"'),
    (re.compile(r'nonce="[^"]+"'), 'nonce="NONCE"'),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "UUID"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"), "DATETIME"),
]


def normalised(text: str) -> str:
    for pattern, replacement in NORMALISE:
        text = pattern.sub(replacement, text)
    return text


@pytest.fixture
def world(db):
    with time_machine.travel(SUNDAY, tick=False):
        alice, bob = make_user("Alice"), make_user("Bob")
        couple = make_couple(alice, bob)
        eve = make_user("Eve")
        _, token = Invite.issue(make_couple(eve), eve)
        this_week = weeks.current_week(couple)
        for n in range(1, 4):
            make_checkin(couple, alice, this_week - timedelta(weeks=n), closeness=4 + n)
            make_checkin(couple, bob, this_week - timedelta(weeks=n), closeness=5 + n, appreciation_note=f"BOB-{n}")
        # Bob answered both questionnaires, and his check had no yes.
        intimacy(bob, [80, 70, 60, 50, 40, 30, 20, 10], days_ago=5)
        distancing(bob, 25, {"criticism": 75}, days_ago=5)
        yield {
            "alice": alice,
            "bob": bob,
            "couple": couple,
            # Bob's own objects, for the URLs that name one (the access walker's kwargs).
            "token": token,
            "draft": make_draft(bob).pk,
            "submission": make_submission(bob, "intimacy", value=4, days_ago=4).pk,
            "interest": Interest.objects.create(author=bob, couple=couple, text="BOB-INTEREST").pk,
            "resentment": Resentment.objects.create(author=bob, couple=couple, text="BOB-RESENTMENT").pk,
            "idea": ConnectionIdea.objects.create(couple=couple, added_by=bob, text="BOB-IDEA").pk,
        }


def capture(world) -> dict[str, str]:
    """Everything Bob can be shown, as text, keyed by where it comes from."""
    seen = {}
    with transaction.atomic():
        for name in OUR_NAMES:
            method, kwargs, _ = ACCESS[name]
            url = reverse(name, kwargs=kwargs(world) if kwargs else None)
            for headers in ({}, HTMX):
                response = getattr(client_for(world["bob"]), method)(url, headers=headers)
                seen[f"{method} {url} {headers}"] = (
                    f"{response.status_code} {response.headers.get('Location', '')}\n{response.content.decode()}"
                )
        for panel in PANELS:
            response = client_for(world["bob"]).get(f"/dashboard/panel/{panel}/", headers=HTMX)
            seen[f"panel {panel}"] = f"{response.status_code}\n{response.content.decode()}"
        seen["export"] = client_for(world["bob"]).get("/profile/export/").content.decode()
        mail.outbox.clear()
        with committed():
            send_reminders(SUNDAY)
        with committed():
            end_couple(world["couple"], ended_by=world["alice"])
        bobs = [m for m in mail.outbox if world["bob"].email in m.to]
        assert len(bobs) == 2  # the reminder and "the couple ended"
        seen["mail"] = "\n---\n".join(f"{m.subject}\n{m.body}" for m in bobs)
        transaction.set_rollback(True)
    return {key: normalised(text) for key, text in seen.items()}


def send_check(user, answers):
    client = client_for(user)
    form = client.get("/questionnaires/check/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', form).group(1)
    return client.post("/questionnaires/check/", {"token": token, **answers})


def test_every_url_is_captured():
    assert set(OUR_NAMES) == set(ACCESS)


@pytest.mark.parametrize("when", ["first", "retake"])
def test_bob_sees_exactly_what_he_would_if_alice_had_not_sent_the_check(world, when):
    alice = world["alice"]
    with time_machine.travel(SUNDAY, tick=False):
        if when == "first":
            # Alice has answered but not yet sent the check: Bob sees "not yet".
            intimacy(alice, [30] * 8, days_ago=2, cleared=False)
            distancing(alice, 50, 0, days_ago=2, cleared=False)
        else:
            # Compared before, two months ago; now she takes them again, and her
            # last check is too old to cover the new answers.
            intimacy(alice, [30] * 8, days_ago=60)
            distancing(alice, 50, 0, days_ago=60)
            make_old_check(alice, days_ago=60)
            intimacy(alice, [90] * 8, days_ago=1, cleared=False)
            distancing(alice, 0, 75, days_ago=1, cleared=False)
        before = capture(world)
        mail.outbox.clear()
        # Committed, as a real request is: the check runs the notices' path
        # (notices.receivers), which must find nothing new for Bob.
        with committed():
            assert send_check(alice, YES).url == "/questionnaires/check/result/"
        assert mail.outbox == []  # nothing is sent to anyone
        after = capture(world)
    assert before.keys() == after.keys()
    for key in before:
        assert before[key] == after[key], key

    # The capture does see Alice's answers once they may be compared: it
    # would have noticed a difference.
    with time_machine.travel(SUNDAY, tick=False):
        client = client_for(alice)
        mail.outbox.clear()
        with committed():
            client.post("/questionnaires/check/turn-on/", {"confirm": "yes"})
        # The same path does tell Bob once her answers reach him.
        assert [m.subject for m in mail.outbox if world["bob"].email in m.to] == ["Something new on Rekindle"]
        turned_on = capture(world)
    assert turned_on["panel intimacy"] != before["panel intimacy"]
    assert turned_on["panel distancing"] != before["panel distancing"]


def make_old_check(user, days_ago: int):
    SafetyCheck.objects.create(
        user=user, token=uuid.uuid4(), answered_at=timezone.now() - timedelta(days=days_ago), **NO
    )
