"""Neutral e-mail notices (docs/notices.md): "your partner answered", "your
answers are ready side by side", "your partner shared something". At most
one a day per person; none while the author pauses sharing, none when their
safety check is pending or said yes; opt-outs honoured; no content."""

import re
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection

from accounts.models import User
from assessments.instruments import get_instrument
from assessments.models import SafetyCheck
from notices.mail import SUBJECT, send
from notices.models import NoticeOptOut, NoticeSent
from steps.models import Interest
from tests.conftest import client_for, committed
from tests.questionnaires import answers_for, make_draft, make_submission

NO = {"afraid": "no", "harmed": "no", "controlled": "no", "self_harm": "no"}
YES = {"afraid": "yes", "harmed": "no", "controlled": "no", "self_harm": "no"}
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def submit(user, key="intimacy"):
    draft = make_draft(user, key, answers_for(key, 3))
    with committed():
        response = client_for(user).post(f"/questionnaires/drafts/{draft.pk}/submit/", {"version": str(get_instrument(key).version)})
    assert response.status_code == 302
    return response


def send_check(user, answers):
    client = client_for(user)
    token = re.search(r'name="token" value="([^"]+)"', client.get("/questionnaires/check/").content.decode()).group(1)
    with committed():
        client.post("/questionnaires/check/", {"token": token, **answers})


def recent_check(user):
    SafetyCheck.objects.create(user=user, token=uuid.uuid4(), answered_at=NOW - timedelta(days=1), **NO)
    User.objects.filter(pk=user.pk).update(comparison_cleared_at=NOW - timedelta(days=1))


def mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def kinds(user):
    return list(NoticeSent.objects.filter(user=user).values_list("kind", flat=True))


def test_my_partner_answering_tells_me_once_the_check_lets_it_through(alice, bob, couple):
    submit(alice)  # no check yet: held back, as if not sent
    assert mails_to(bob) == []
    send_check(alice, NO)
    assert kinds(bob) == [NoticeOptOut.ANSWERED]
    assert len(mails_to(bob)) == 1 and mails_to(alice) == []


def test_a_retake_covered_by_a_recent_check_tells_at_once(alice, bob, couple):
    recent_check(alice)
    submit(alice)
    assert kinds(bob) == [NoticeOptOut.ANSWERED]


def test_the_comparison_ready_goes_to_the_one_who_answered_first(alice, bob, couple):
    make_submission(bob, "intimacy", days_ago=3)
    recent_check(alice)
    submit(alice)
    assert kinds(bob) == [NoticeOptOut.READY]
    assert kinds(alice) == []


def test_a_yes_sends_nothing_to_anyone(alice, bob, couple):
    make_submission(bob, "intimacy", days_ago=3)
    submit(alice)
    send_check(alice, YES)
    assert mail.outbox == [] and not NoticeSent.objects.exists()


def test_nothing_while_the_author_pauses_sharing(alice, bob, couple):
    User.objects.filter(pk=alice.pk).update(sharing_paused_at=NOW - timedelta(hours=1))
    alice.refresh_from_db()
    recent_check(alice)
    submit(alice)
    assert mails_to(bob) == []


def test_nothing_when_comparison_is_off(alice, bob, couple):
    make_submission(bob, "intimacy", days_ago=3)
    User.objects.filter(pk=alice.pk).update(comparison_off=True, comparison_cleared_at=NOW - timedelta(days=1))
    submit(alice)
    assert mails_to(bob) == []


def test_sharing_an_item_tells_my_partner(alice, bob, couple):
    item = Interest.objects.create(author=alice, couple=couple, text="Climbing")
    with committed():
        client_for(alice).post(f"/steps/share/interest/{item.pk}/", {"shared": "1"})
    assert kinds(bob) == [NoticeOptOut.SHARED]
    # Editing, unsharing and sharing it again the same day send nothing more.
    with committed():
        client_for(alice).post(f"/steps/share/interest/{item.pk}/", {"shared": "0"})
        client_for(alice).post(f"/steps/share/interest/{item.pk}/", {"shared": "1"})
    assert len(mails_to(bob)) == 1


def test_at_most_one_a_day_then_again_the_next_day(alice, bob, couple):
    with committed():
        assert send(bob, NoticeOptOut.SHARED)
        assert not send(bob, NoticeOptOut.READY)
    assert len(mails_to(bob)) == 1
    with time_machine.travel(NOW + timedelta(days=1), tick=False), committed():
        assert send(bob, NoticeOptOut.READY)
    assert len(mails_to(bob)) == 2


def test_the_day_is_the_persons_own(alice, bob, couple):
    User.objects.filter(pk=bob.pk).update(time_zone="Pacific/Auckland")  # already 26 November there
    bob.refresh_from_db()
    send(bob, NoticeOptOut.SHARED)
    assert NoticeSent.objects.get(user=bob).day.isoformat() == "2026-11-26"


def test_an_opt_out_is_honoured_for_its_kind_only(alice, bob, couple):
    NoticeOptOut.objects.create(user=bob, kind=NoticeOptOut.SHARED)
    with committed():
        assert not send(bob, NoticeOptOut.SHARED)
        assert send(bob, NoticeOptOut.READY)
    assert len(mails_to(bob)) == 1


def test_the_email_says_nothing_of_what_is_new(alice, bob, couple):
    recent_check(alice)
    submit(alice)
    item = Interest.objects.create(author=alice, couple=couple, text="SECRET-CLIMBING")
    with committed():
        client_for(alice).post(f"/steps/share/interest/{item.pk}/", {"shared": "1"})
    (message,) = mails_to(bob)
    assert message.subject == SUBJECT
    text = message.subject + message.body
    for word in ("Alice", "questionnaire", "answer", "shared", "SECRET", "closeness", "compar"):
        assert word.lower() not in text.lower()
    assert "http://" in message.body and "/profile/" in message.body


@pytest.mark.django_db(transaction=True)
def test_two_at_once_send_one(couple, bob):
    """Two requests at the same moment: the unique row lets only one through."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    results, barrier = [], threading.Barrier(2)

    def go():
        barrier.wait()
        try:
            results.append(send(User.objects.get(pk=bob.pk), NoticeOptOut.SHARED))
        finally:
            connection.close()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, True]
    assert NoticeSent.objects.filter(user=bob).count() == 1


# The profile's choices ----------------------------------------------------------


def test_profile_shows_every_kind_ticked_by_default(alice_client):
    page = alice_client.get("/profile/").content.decode()
    assert page.count('name="wanted"') == 3 and page.count("checked") >= 3


def test_unticking_a_kind_opts_out_and_resending_changes_nothing(alice, alice_client):
    for _ in range(2):
        response = alice_client.post("/profile/notices/", {"wanted": [NoticeOptOut.READY, NoticeOptOut.ANSWERED]})
        assert response.status_code == 302
    assert list(NoticeOptOut.objects.filter(user=alice).values_list("kind", flat=True)) == [NoticeOptOut.SHARED]
    alice_client.post("/profile/notices/", {"wanted": [k for k, _ in NoticeOptOut.KINDS]})
    assert not NoticeOptOut.objects.filter(user=alice).exists()


def test_a_bad_choice_gets_a_message_on_the_form(alice, alice_client):
    response = alice_client.post("/profile/notices/", {"wanted": ["everything"]})
    assert response.status_code == 400
    assert "Choose from the notices listed." in response.content.decode()
    assert not NoticeOptOut.objects.exists()


def test_notice_settings_need_login_and_post(anon_client, alice_client):
    assert anon_client.post("/profile/notices/").url.startswith("/accounts/login/")
    assert alice_client.get("/profile/notices/").status_code == 405
