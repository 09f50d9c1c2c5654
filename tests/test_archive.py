"""Ways out: after a couple ends, each partner keeps a read-only archive of
their own history (check-ins with their own notes, step items, questionnaire
results) until they delete it; nothing of the former partner's is in it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from couples.access import end_couple
from couples.models import CheckIn
from steps.models import ConnectionIdea, Hope, Interest, MyPart, Resentment, SharedValue, StepDone, WeeklyAction
from tests.checkins import make_checkin
from tests.conftest import PASSWORD, make_couple, make_user
from tests.questionnaires import make_submission

MINE, THEIRS = "heron-alice-words", "badger-bob-words"


@pytest.fixture
def ended(alice, bob, couple):
    """Alice and Bob wrote things, shared some, then Bob left."""
    week = date(2026, 1, 5)
    for user, words in ((alice, MINE), (bob, THEIRS)):
        for n in range(3):
            make_checkin(couple, user, week + timedelta(weeks=n), appreciation_note=f"Thanks {words}", private_note=f"Private {words}")
        Interest.objects.create(author=user, couple=couple, text=f"Interest {words}", shared=True)
        SharedValue.objects.create(author=user, couple=couple, key="honesty", shared=True)
        MyPart.objects.create(author=user, couple=couple, inward=f"Inward {words}", shared=True)
        Resentment.objects.create(author=user, couple=couple, text=f"Resentment {words}", shared=True)
        Hope.objects.create(author=user, couple=couple, hope=4, growth=f"Growth {words}", shared=True)
        WeeklyAction.objects.create(user=user, couple=couple, week_start=week, text=f"Action {words}")
        ConnectionIdea.objects.create(couple=couple, added_by=user, text=f"Idea {words}")
        StepDone.objects.create(user=user, couple=couple, step=1)
    make_submission(alice, "intimacy", days_ago=30)
    make_submission(bob, "intimacy", days_ago=30)
    end_couple(couple, ended_by=bob)
    return couple


def test_i_keep_my_own_history_to_read(alice_client, ended):
    response = alice_client.get("/profile/archive/")
    assert response.status_code == 200
    page = response.content.decode()
    for words in ("Private", "Thanks", "Interest", "Inward", "Resentment", "Growth", "Action", "Idea"):
        assert f"{words} {MINE}" in page
    assert "/questionnaires/submissions/" in page
    assert "<form" not in page.split("<main", 1)[1].split("Delete it", 1)[0]  # read-only: no form before the delete card


def test_nothing_of_my_former_partners_is_in_it(alice, alice_client, ended):
    page = alice_client.get("/profile/archive/").content.decode()
    assert THEIRS not in page
    bob_submission = ended.memberships.exclude(user=alice).get().user.questionnaire_submissions.get()
    assert f"/questionnaires/submissions/{bob_submission.pk}/" not in page


def test_my_former_partner_keeps_theirs(bob_client, ended):
    page = bob_client.get("/profile/archive/").content.decode()
    assert f"Private {THEIRS}" in page and MINE not in page


def test_the_home_after_an_ending_links_to_it(alice_client, ended):
    assert b'href="/profile/archive/"' in alice_client.get("/").content


def test_an_outsider_sees_only_their_own_empty_archive(carol_client, other_couple, ended):
    page = carol_client.get("/profile/archive/").content.decode()
    assert MINE not in page and THEIRS not in page
    assert "Nothing here" in page


def test_anonymous_is_sent_to_log_in(anon_client):
    for url in ("/profile/archive/", "/profile/archive/delete/"):
        response = anon_client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert anon_client.post("/profile/archive/delete/", {"confirm": "on"}).url.startswith("/accounts/login/")


def test_the_active_couple_is_not_in_it(alice_client, couple):
    Interest.objects.create(author=couple.created_by, couple=couple, text=f"Interest {MINE}")
    assert MINE not in alice_client.get("/profile/archive/").content.decode()


def test_wrong_method(alice_client):
    assert alice_client.delete("/profile/archive/").status_code == 405
    assert alice_client.post("/profile/archive/").status_code == 405


def test_deleting_asks_first(alice, alice_client, ended):
    response = alice_client.post("/profile/archive/delete/", {})
    assert response.status_code == 400
    assert b"Tick the box if you&#x27;re sure. Nothing was deleted." in response.content
    assert CheckIn.objects.filter(user=alice).count() == 3


def test_deleting_removes_mine_and_leaves_my_former_partners(alice, bob, alice_client, bob_client, ended):
    response = alice_client.post("/profile/archive/delete/", {"confirm": "on"})
    assert response.status_code == 302 and response.url == "/profile/archive/"
    assert MINE not in alice_client.get("/profile/archive/").content.decode()
    for model, field in ((CheckIn, "user"), (WeeklyAction, "user"), (StepDone, "user"), (ConnectionIdea, "added_by")):
        assert not model.objects.filter(**{field: alice}).exists()
        assert model.objects.filter(**{field: bob}).exists()
    for model in (Interest, SharedValue, MyPart, Resentment, Hope):
        assert not model.objects.filter(author=alice).exists()
        assert model.objects.filter(author=bob).exists()
    assert alice.questionnaire_submissions.exists()  # they stay on her questionnaire pages
    assert f"Private {THEIRS}" in bob_client.get("/profile/archive/").content.decode()
    # A second submit (a double click) deletes nothing more and says the same.
    again = alice_client.post("/profile/archive/delete/", {"confirm": "on"})
    assert again.status_code == 302


def test_deleting_leaves_my_current_couple_alone(alice, alice_client, ended):
    new = make_couple(alice, make_user("Eve"))
    make_checkin(new, alice, date(2026, 6, 1), private_note="Current")
    alice_client.post("/profile/archive/delete/", {"confirm": "on"})
    assert CheckIn.objects.filter(user=alice, couple=new).exists()


def test_deleting_my_account_deletes_it_too(alice, alice_client, ended):
    alice_client.post("/profile/delete/", {"password": PASSWORD})
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not CheckIn.objects.filter(user_id=alice.pk).exists()
    assert not Interest.objects.filter(author_id=alice.pk).exists()


def test_the_cost_does_not_grow_with_history(alice, alice_client, ended, django_assert_num_queries):
    # 2 for the session and user, 1 couples, 9 row kinds, 1 submissions, 1 for the menu (base.html).
    with django_assert_num_queries(14):
        alice_client.get("/profile/archive/")
    again = make_couple(alice, make_user("Eve"))
    for n in range(10):
        make_checkin(again, alice, date(2026, 3, 2) + timedelta(weeks=n))
    again.ended_at = timezone.now()
    again.save(update_fields=["ended_at"])
    with django_assert_num_queries(14):
        alice_client.get("/profile/archive/")
