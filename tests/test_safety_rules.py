"""When the safety check is asked, what it lets be compared (couples.sharing),
and what each partner's own dashboard says about it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from assessments import safety
from assessments.models import SafetyCheck
from couples import sharing
from couples.access import pair_for
from tests.conftest import HTMX, client_for
from tests.dashboards import intimacy
from tests.questionnaires import answers_for, make_draft, make_submission
from tests.dashboards import shared_pages

NO = {"afraid": "no", "harmed": "no", "controlled": "no", "self_harm": "no"}
PROMPT = "One short private check before you see your answers side by side"
PAUSED = "You've paused sharing"


def send_check(client, **answers):
    page = client.get("/questionnaires/check/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return client.post("/questionnaires/check/", {"token": token, **NO, **answers})


def submit(client, user, key="intimacy"):
    """Send a questionnaire through the app, as its author does."""
    draft = make_draft(user, key, answers_for(key))
    response = client.post(f"/questionnaires/drafts/{draft.pk}/submit/", {"version": draft.version})
    assert response.status_code == 302
    return response


def compared(user) -> bool:
    pair = pair_for(User.objects.get(pk=user.pk))
    history = sharing.submission_histories(pair)["intimacy"]
    return sharing.comparable(pair, history.get(pair.me.pk, []), history.get(pair.partner.pk, [])) is not None


def test_before_a_first_check_nothing_of_mine_reaches_my_partner(alice, bob, couple):
    intimacy(alice, [40] * 8, cleared=False)
    intimacy(bob, [60] * 8)
    assert sharing.submission_histories(pair_for(bob))["intimacy"].get(alice.pk) is None
    assert not compared(alice) and not compared(bob)
    assert safety.due(alice, timezone.now())


def test_sending_a_questionnaire_asks_the_check_where_it_is_due(alice, alice_client, couple):
    response = submit(alice_client, alice)
    assert PROMPT in alice_client.get(response.url).content.decode()
    assert PROMPT in alice_client.get("/questionnaires/").content.decode()
    assert PROMPT in shared_pages(alice_client)
    send_check(alice_client)
    for url in (response.url, "/questionnaires/", "/"):
        assert PROMPT not in alice_client.get(url).content.decode()


def test_a_retake_within_30_days_needs_no_new_check(alice, alice_client, bob, couple):
    intimacy(bob, [60] * 8)
    with time_machine.travel(timezone.now() - timedelta(days=29)):
        submit(alice_client, alice)
        send_check(alice_client)
    assert compared(alice)
    first = fresh_cleared(alice)
    alice_client = client_for(alice)  # signed in again, a month on
    submit(alice_client, alice)  # 29 days after the check
    assert fresh_cleared(alice) > first
    assert not safety.due(User.objects.get(pk=alice.pk), alice.questionnaire_submissions.latest("submitted_at").submitted_at)
    assert PROMPT not in alice_client.get("/questionnaires/").content.decode()
    latest = pair_for(bob)
    history = sharing.submission_histories(latest)["intimacy"]
    assert len(history[alice.pk]) == 2  # Bob sees her new answers


def test_a_retake_after_30_days_asks_again_and_keeps_the_old_comparison_meanwhile(alice, alice_client, bob, couple):
    intimacy(bob, [60] * 8)
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        submit(alice_client, alice)
        send_check(alice_client)
    alice_client = client_for(alice)  # signed in again, a month on
    submit(alice_client, alice)
    assert safety.due(User.objects.get(pk=alice.pk), timezone.now())
    page = shared_pages(alice_client)
    assert PROMPT in page and "Every part" in page  # her earlier answers, until the check
    assert len(sharing.submission_histories(pair_for(bob))["intimacy"][alice.pk]) == 1
    send_check(alice_client)
    assert len(sharing.submission_histories(pair_for(bob))["intimacy"][alice.pk]) == 2


def test_after_a_turned_on_yes_the_next_retake_asks_again(alice, alice_client, couple):
    submit(alice_client, alice)
    send_check(alice_client, afraid="yes")
    alice_client.post("/questionnaires/check/turn-on/", {"confirm": "yes"})
    submit(alice_client, alice)
    assert safety.due(User.objects.get(pk=alice.pk), timezone.now())


def test_turning_comparison_back_on_restores_the_side_by_side_for_both(alice, alice_client, bob, bob_client, couple):
    intimacy(bob, [60] * 8)
    submit(alice_client, alice)
    send_check(alice_client, afraid="rather_not_say")
    assert "Every part" not in shared_pages(bob_client)
    page = shared_pages(alice_client)
    assert "switched comparing off for now" in page and "Every part" not in page
    assert PAUSED not in page and "Waiting for Bob" not in page
    alice_client.post("/questionnaires/check/turn-on/", {"confirm": "yes"})
    assert "Every part" in shared_pages(alice_client)
    assert "Every part" in shared_pages(bob_client)


def test_while_off_no_fragment_of_mine_compares(alice, alice_client, bob, couple):
    intimacy(alice, [40] * 8, days_ago=40)
    intimacy(bob, [60] * 8, days_ago=40)
    intimacy(bob, [70] * 8, days_ago=1)
    User.objects.filter(pk=alice.pk).update(comparison_off=True)
    for panel in ("intimacy", "distancing", "progress"):
        page = alice_client.get(f"/dashboard/panel/{panel}/", headers=HTMX).content.decode()
        assert "Every part" not in page and "their closeness answers since last time" not in page
    assert "switched comparing off" in alice_client.get("/dashboard/panel/intimacy/", headers=HTMX).content.decode()


def test_the_paused_note_shows_only_when_pausing_is_the_cause(alice, alice_client, bob, couple):
    intimacy(bob, [60] * 8)
    intimacy(alice, [40] * 8, cleared=False)
    page = shared_pages(alice_client)
    assert PROMPT in page and PAUSED not in page
    User.objects.filter(pk=alice.pk).update(sharing_paused_at=timezone.now() - timedelta(days=1))
    User.objects.filter(pk=alice.pk).update(comparison_cleared_at=timezone.now())
    page = shared_pages(alice_client)
    assert PAUSED in page and PROMPT not in page


def test_my_own_submissions_always_reach_me(alice, alice_client, couple):
    intimacy(alice, [40] * 8, cleared=False)
    User.objects.filter(pk=alice.pk).update(comparison_off=True)
    page = shared_pages(alice_client)
    assert "Sent " in page
    assert len(sharing.submission_histories(pair_for(User.objects.get(pk=alice.pk)))["intimacy"][alice.pk]) == 1


def test_check_ins_and_steps_are_not_affected(alice, bob, bob_client, couple):
    from couples import weeks
    from tests.checkins import make_checkin

    make_checkin(couple, alice, weeks.current_week(couple), appreciation_note="ALICE-THANKS")
    make_checkin(couple, bob, weeks.current_week(couple))
    User.objects.filter(pk=alice.pk).update(comparison_off=True)
    assert "ALICE-THANKS" in bob_client.get("/checkin/").content.decode()


def test_the_answers_are_in_the_authors_export_only(alice, alice_client, bob, bob_client, couple):
    send_check(alice_client, afraid="yes", self_harm="rather_not_say")
    mine = alice_client.get("/profile/export/").json()
    (check,) = mine["safety_checks"]
    assert (check["afraid"], check["harmed"], check["self_harm"]) == ("yes", "no", "rather_not_say")
    assert mine["profile"]["comparison_off"] is True
    theirs = bob_client.get("/profile/export/").json()
    assert theirs["safety_checks"] == [] and theirs["profile"]["comparison_off"] is False
    assert "rather_not_say" not in bob_client.get("/profile/export/").content.decode()


def test_deleting_the_account_deletes_the_checks(alice, alice_client):
    send_check(alice_client)
    alice.delete()
    assert not SafetyCheck.objects.exists()


def fresh_cleared(user):
    return User.objects.get(pk=user.pk).comparison_cleared_at


@pytest.mark.parametrize("submitted_days_after_check, covered", [(0, True), (30, True), (31, False)])
def test_cover_submission_is_at_most_monthly(alice, submitted_days_after_check, covered):
    answered_at = timezone.now()
    SafetyCheck.objects.create(user=alice, token="00000000-0000-0000-0000-000000000001", answered_at=answered_at, **NO)
    when = answered_at + timedelta(days=submitted_days_after_check)
    safety.cover_submission(alice, when)
    assert (fresh_cleared(alice) == when) is covered
