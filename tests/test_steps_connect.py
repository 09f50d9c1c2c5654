"""Step 5: the shared list both partners edit, and each one's weekly choice."""

import threading

import pytest
from django.db import connection

from couples.weeks import current_week
from steps.models import ConnectionIdea, WeeklyAction
from tests.conftest import HTMX, client_for, make_couple, make_user


def test_both_partners_edit_one_list(alice_client, bob_client, couple):
    alice_client.post("/steps/5/ideas/add/", {"text": "Saturday pancakes"})
    bob_client.post("/steps/5/ideas/add/", {"text": "Walks by the river"})
    idea = ConnectionIdea.objects.get(text="Saturday pancakes")
    bob_client.post(f"/steps/5/ideas/{idea.pk}/", {"text": "Sunday pancakes"})
    content = alice_client.get("/steps/5/").content
    assert b"Sunday pancakes" in content and b"Walks by the river" in content
    alice_client.post(f"/steps/5/ideas/{ConnectionIdea.objects.get(text='Walks by the river').pk}/delete/")
    assert list(ConnectionIdea.objects.values_list("text", flat=True)) == ["Sunday pancakes"]


def test_htmx_gets_the_list_fragment(alice_client, couple):
    response = alice_client.post("/steps/5/ideas/add/", {"text": "Dancing in the kitchen"}, headers=HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section class="card" id="ideas"')
    assert "Dancing in the kitchen" in content and "<html" not in content


def test_htmx_changes_to_the_list_bring_the_weekly_choices_along(alice, alice_client, bob_client, couple):
    """The choice below the list follows it without a reload: swapped out of
    band, with my own choice only, never my partner's."""
    first = alice_client.post("/steps/5/ideas/add/", {"text": "Dancing in the kitchen"}, headers=HTMX).content.decode()
    week = first[first.index('<section class="card" id="this-week"'):]
    assert 'data-hx-swap-oob="true"' in week and "Dancing in the kitchen" in week and "Add a few ideas" not in week
    idea = ConnectionIdea.objects.get()
    alice_client.post("/steps/5/this-week/", {"idea": idea.pk})
    bobs = bob_client.post("/steps/5/ideas/add/", {"text": "Crosswords in bed"}, headers=HTMX).content.decode()
    assert "This week you chose" not in bobs and "Crosswords in bed" in bobs
    alice_client.post(f"/steps/5/ideas/{idea.pk}/delete/", headers=HTMX)
    last = alice_client.post(f"/steps/5/ideas/{ConnectionIdea.objects.get().pk}/delete/", headers=HTMX).content.decode()
    assert "Add a few ideas to the list first" in last
    assert "This week you chose: <strong>Dancing in the kitchen</strong>" in last  # what she chose stays hers


def test_htmx_bad_input_shows_the_message_in_place(alice_client, couple):
    response = alice_client.post("/steps/5/ideas/add/", {"text": ""}, headers=HTMX)
    assert response.status_code == 400
    assert b"Write a few words first." in response.content
    idea = ConnectionIdea.objects.create(couple=couple, added_by=couple.created_by, text="Kept")
    response = alice_client.post(f"/steps/5/ideas/{idea.pk}/", {"text": "y" * 300}, headers=HTMX)
    assert response.status_code == 400
    assert b"Nothing was changed." in response.content
    idea.refresh_from_db()
    assert idea.text == "Kept"
    assert ConnectionIdea.objects.count() == 1


def test_without_htmx_a_bad_add_is_a_page_with_the_message(alice_client, couple):
    response = alice_client.post("/steps/5/ideas/add/", {"text": ""})
    assert response.status_code == 400
    assert b"Write a few words first." in response.content


def test_outsiders_cannot_see_or_touch_the_list(alice_client, carol_client, other_couple, couple):
    alice_client.post("/steps/5/ideas/add/", {"text": "Stargazing"})
    idea = ConnectionIdea.objects.get()
    assert b"Stargazing" not in carol_client.get("/steps/5/").content
    assert carol_client.post(f"/steps/5/ideas/{idea.pk}/", {"text": "Hacked"}).status_code == 404
    assert carol_client.post(f"/steps/5/ideas/{idea.pk}/delete/").status_code == 404
    assert ConnectionIdea.objects.get().text == "Stargazing"


def test_weekly_choice_is_mine_and_private(alice, alice_client, bob_client, couple):
    alice_client.post("/steps/5/ideas/add/", {"text": "Leave a note in a coat pocket"})
    idea = ConnectionIdea.objects.get()
    response = alice_client.post("/steps/5/this-week/", {"idea": idea.pk})
    assert response.status_code == 302
    alice_client.post("/steps/5/this-week/", {"idea": idea.pk})  # resent
    action = WeeklyAction.objects.get(user=alice)
    assert action.week_start == current_week(couple)
    assert b"This week you chose" in alice_client.get("/steps/5/").content
    assert b"This week you chose" not in bob_client.get("/steps/5/").content


def test_weekly_choice_bad_input(alice_client, carol_client, couple, other_couple):
    foreign = ConnectionIdea.objects.create(couple=other_couple, added_by=other_couple.created_by, text="Theirs")
    assert alice_client.post("/steps/5/this-week/", {"idea": foreign.pk}).status_code == 400
    assert alice_client.post("/steps/5/this-week/", {"idea": "abc"}).status_code == 400
    assert not WeeklyAction.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_adds_at_the_same_moment_lose_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite's in-memory test database serialises them")
    alice, bob = make_user("Alice"), make_user("Bob")
    make_couple(alice, bob)
    barrier = threading.Barrier(2)

    def add(user, text):
        client = client_for(user)
        barrier.wait()
        client.post("/steps/5/ideas/add/", {"text": text}, headers=HTMX)
        connection.close()

    threads = [threading.Thread(target=add, args=(alice, "Alice's idea")), threading.Thread(target=add, args=(bob, "Bob's idea"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(ConnectionIdea.objects.values_list("text", flat=True)) == ["Alice's idea", "Bob's idea"]


@pytest.mark.parametrize("action", ["", "delete/"])
def test_an_idea_the_partner_just_removed(alice_client, bob_client, couple, action):
    """Bob still has the list on screen after Alice removed an idea: htmx gets
    the list as it is now, with a word on why (a 404 page htmx would not show)."""
    gone = ConnectionIdea.objects.create(couple=couple, added_by=couple.created_by, text="Crosswords in bed")
    ConnectionIdea.objects.create(couple=couple, added_by=couple.created_by, text="Still here")
    alice_client.post(f"/steps/5/ideas/{gone.pk}/delete/")
    response = bob_client.post(f"/steps/5/ideas/{gone.pk}/{action}", {"text": "Crosswords at breakfast"}, headers=HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section class="card" id="ideas"')
    assert "That idea was just removed." in content and "Still here" in content
    assert list(ConnectionIdea.objects.values_list("text", flat=True)) == ["Still here"]


@pytest.mark.parametrize("action", ["", "delete/"])
def test_another_couples_idea_gets_the_same_answer_as_a_removed_one(alice_client, carol_client, couple, other_couple, action):
    theirs = ConnectionIdea.objects.create(couple=couple, added_by=couple.created_by, text="Alice and Bob's secret spot")
    ConnectionIdea.objects.create(couple=other_couple, added_by=other_couple.created_by, text="Carol's own idea")
    response = carol_client.post(f"/steps/5/ideas/{theirs.pk}/{action}", {"text": "Hacked"}, headers=HTMX)
    content = response.content.decode()
    assert "That idea was just removed." in content and "Carol&#x27;s own idea" in content
    assert "secret spot" not in content
    assert carol_client.post(f"/steps/5/ideas/{theirs.pk}/{action}", {"text": "Hacked"}).status_code == 404
    assert ConnectionIdea.objects.get(pk=theirs.pk).text == "Alice and Bob's secret spot"


@pytest.mark.parametrize("action", ["", "delete/"])
def test_outside_a_couple_editing_an_idea_is_404(lone_client, anon_client, couple, action):
    idea = ConnectionIdea.objects.create(couple=couple, added_by=couple.created_by, text="Ours")
    assert lone_client.post(f"/steps/5/ideas/{idea.pk}/{action}", {"text": "x"}, headers=HTMX).status_code == 404
    response = anon_client.post(f"/steps/5/ideas/{idea.pk}/{action}", {"text": "x"}, headers=HTMX)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert ConnectionIdea.objects.get().text == "Ours"


def test_choosing_an_idea_just_removed(alice_client, couple):
    idea = ConnectionIdea.objects.create(couple=couple, added_by=couple.created_by, text="Gone")
    ConnectionIdea.objects.create(couple=couple, added_by=couple.created_by, text="Kept")
    pk = idea.pk
    idea.delete()
    response = alice_client.post("/steps/5/this-week/", {"idea": pk})
    assert response.status_code == 400
    assert b"That idea was just removed. Choose another one." in response.content
    assert not WeeklyAction.objects.exists()
