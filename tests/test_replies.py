"""Replies: Bob answers what Alice shared with him (a step item, her
appreciation note once revealed) with a few kind words; Alice sees it beside
her item. The item is found through what sharing lets Bob see, never by id
alone; pause sharing holds a reply back; unsharing or deleting takes it away."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from couples.weeks import current_week
from notices.models import Reply
from steps.models import Hope, Interest
from tests.checkins import make_checkin
from tests.conftest import HTMX


@pytest.fixture
def shared(alice, couple):
    return Interest.objects.create(author=alice, couple=couple, text="Long walks", shared=True)


def url(item, kind="interest"):
    return f"/replies/{kind}/{item.pk}/"


def test_bob_replies_and_alice_sees_it_beside_her_item(alice_client, bob_client, shared):
    page = bob_client.get("/steps/1/").content.decode()
    assert f'action="{url(shared)}"' in page and "That means a lot to me" in page
    response = bob_client.post(url(shared), {"response": "means_a_lot"})
    assert response.status_code == 302 and response.url == f"/steps/1/#reply-interest-{shared.pk}"
    assert "Bob</span> answered: “That means a lot to me”" in alice_client.get("/steps/1/").content.decode()


def test_one_reply_per_item_a_second_choice_updates_it(bob_client, shared):
    for response in ("thanks", "thanks", "talk"):
        bob_client.post(url(shared), {"response": response})
    assert list(Reply.objects.values_list("response", flat=True)) == ["talk"]


def test_htmx_gets_the_form_back_and_a_bad_answer_is_400(bob_client, shared):
    response = bob_client.post(url(shared), {"response": "thanks"}, headers=HTMX)
    assert response.status_code == 200 and "You answered “Thank you”" in response.content.decode()
    response = bob_client.post(url(shared), {"response": "whatever"}, headers=HTMX)
    assert response.status_code == 400 and "Choose one of the answers." in response.content.decode()
    assert Reply.objects.get().response == "thanks"


def test_a_bad_answer_without_htmx_says_so_on_the_page(bob_client, shared):
    response = bob_client.post(url(shared), {}, follow=True)
    assert "Choose one of the answers." in response.content.decode()
    assert not Reply.objects.exists()


def test_not_shared_not_mine_outsider_and_anonymous(alice_client, carol_client, other_couple, anon_client, lone_client, shared, alice, couple):
    private = Interest.objects.create(author=alice, couple=couple, text="Private")
    assert client_post(alice_client, url(shared)) == 404  # her own item: nothing to answer
    assert client_post(carol_client, url(shared)) == 404
    assert client_post(lone_client, url(shared)) == 404
    assert anon_client.post(url(shared), {"response": "thanks"}).url.startswith("/accounts/login/")
    assert client_post(alice_client, "/replies/nonsense/1/") == 404
    assert not Reply.objects.exists()
    from tests.conftest import client_for  # Bob: a private item is a 404 like any other

    assert client_post(client_for(User.objects.get(display_name="Bob")), url(private)) == 404


def client_post(client, where):
    return client.post(where, {"response": "thanks"}).status_code


def test_wrong_method(bob_client, shared):
    assert bob_client.get(url(shared)).status_code == 405


def test_while_bob_pauses_his_reply_waits(alice_client, bob, bob_client, shared):
    User.objects.filter(pk=bob.pk).update(sharing_paused_at=timezone.now() - timedelta(minutes=1))
    bob_client.post(url(shared), {"response": "talk"})
    assert "answered" not in alice_client.get("/steps/1/").content.decode()
    assert "sees it once you resume sharing" in bob_client.get("/steps/1/").content.decode()
    User.objects.filter(pk=bob.pk).update(sharing_paused_at=None)
    assert "answered: “Can we talk about this?”" in alice_client.get("/steps/1/").content.decode()


def test_unsharing_or_deleting_takes_the_replies_away(alice, alice_client, bob_client, couple, shared):
    bob_client.post(url(shared), {"response": "thanks"})
    alice_client.post(f"/steps/share/interest/{shared.pk}/", {"shared": "0"})
    assert not Reply.objects.exists()
    alice_client.post(f"/steps/share/interest/{shared.pk}/", {"shared": "1"})
    bob_client.post(url(shared), {"response": "thanks"})
    alice_client.post(f"/steps/1/interests/{shared.pk}/delete/")
    assert not Reply.objects.exists()
    # And once unshared, Bob can no longer answer it.
    hope = Hope.objects.create(author=alice, couple=couple, hope=7, growth="Listen more", shared=False)
    assert bob_client.post(url(hope, "hope"), {"response": "thanks"}).status_code == 404


def test_a_shared_hope_can_be_answered(alice, alice_client, bob_client, couple):
    hope = Hope.objects.create(author=alice, couple=couple, hope=7, growth="Listen more", shared=True)
    assert f'action="{url(hope, "hope")}"' in bob_client.get("/steps/4/").content.decode()
    bob_client.post(url(hope, "hope"), {"response": "thanks"})
    assert "answered: “Thank you”" in alice_client.get("/steps/4/").content.decode()


def test_an_appreciation_note_once_revealed(alice, bob, alice_client, bob_client, couple):
    week = current_week(couple)
    make_checkin(couple, alice, week, appreciation_note="Thanks for dinner")
    note_url = f"/replies/note/{week.toordinal()}/"
    # Bob has not checked in this week: the note is not revealed, nothing to answer.
    assert bob_client.post(note_url, {"response": "thanks"}).status_code == 404
    make_checkin(couple, bob, week)
    assert f'action="{note_url}"' in bob_client.get("/checkin/history/").content.decode()
    assert bob_client.post(note_url, {"response": "means_a_lot"}).url == f"/checkin/history/#reply-note-{week.toordinal()}"
    assert "Bob</span> answered: “That means a lot to me”" in alice_client.get("/checkin/history/").content.decode()
    # Alice cannot answer her own note, nor Bob an empty or a made-up week.
    assert alice_client.post(note_url, {"response": "thanks"}).status_code == 404
    assert bob_client.post(f"/replies/note/{(week - timedelta(weeks=1)).toordinal()}/", {"response": "thanks"}).status_code == 404
    assert bob_client.post("/replies/note/0/", {"response": "thanks"}).status_code == 404
    assert bob_client.post("/replies/note/99999999/", {"response": "thanks"}).status_code == 404


def test_a_shared_value_can_be_answered_too(alice, alice_client, bob_client, couple):
    from steps.models import SharedValue

    value = SharedValue.objects.create(author=alice, couple=couple, key="honesty", shared=True)
    page = bob_client.get("/steps/1/").content.decode()
    assert f'action="/replies/value/{value.pk}/"' in page
    assert bob_client.post(f"/replies/value/{value.pk}/", {"response": "thanks"}).status_code == 302
    assert Reply.objects.get().item_id == value.pk
    value.shared = False
    value.save()
    assert f'action="/replies/value/{value.pk}/"' not in bob_client.get("/steps/1/").content.decode()
