"""A resent form never adds a row twice, in any step: a second identical POST
(or the same words in other capitals) says it is already on the list."""

import threading

import pytest
from django.db import connection

from steps.models import ConnectionIdea, Hope, Interest, MyPart, Resentment, SharedValue, StepDone, WeeklyAction
from tests.conftest import HTMX, client_for, make_couple, make_user

ALREADY = "That&#x27;s already on your list."

# (url, model) of every list a partner adds text to.
LISTS = [("/steps/1/interests/", Interest), ("/steps/3/resentments/", Resentment), ("/steps/5/ideas/add/", ConnectionIdea)]


@pytest.mark.parametrize("url,model", LISTS)
def test_a_resend_adds_nothing(alice_client, couple, url, model):
    first = alice_client.post(url, {"text": "Sunday walks"})
    assert first.status_code == 302
    second = alice_client.post(url, {"text": "  sunday   WALKS "})
    assert second.status_code == 400
    assert ALREADY in second.content.decode()
    assert model.objects.count() == 1


@pytest.mark.parametrize("url,model", LISTS)
def test_a_resend_by_htmx_gets_the_message_in_place(alice_client, couple, url, model):
    alice_client.post(url, {"text": "Sunday walks"})
    response = alice_client.post(url, {"text": "Sunday walks"}, headers=HTMX)
    assert response.status_code == 400
    assert ALREADY in response.content.decode()
    assert model.objects.count() == 1


def test_each_list_is_its_own(alice, bob, alice_client, bob_client, carol_client, couple, other_couple):
    for client in (alice_client, bob_client, carol_client):
        assert client.post("/steps/1/interests/", {"text": "Golf"}).status_code == 302
        assert client.post("/steps/3/resentments/", {"text": "Golf"}).status_code == 302
    assert Interest.objects.count() == 3 and Resentment.objects.count() == 3
    # Step 5's list is the couple's: Bob can't add what Alice already did, Carol's couple can.
    alice_client.post("/steps/5/ideas/add/", {"text": "Golf"})
    assert ALREADY in bob_client.post("/steps/5/ideas/add/", {"text": "golf"}).content.decode()
    assert carol_client.post("/steps/5/ideas/add/", {"text": "Golf"}).status_code == 302
    assert ConnectionIdea.objects.count() == 2


def test_editing_an_idea_into_another_changes_nothing(alice_client, couple):
    alice_client.post("/steps/5/ideas/add/", {"text": "Pancakes"})
    alice_client.post("/steps/5/ideas/add/", {"text": "Stargazing"})
    idea = ConnectionIdea.objects.get(text="Stargazing")
    response = alice_client.post(f"/steps/5/ideas/{idea.pk}/", {"text": "PANCAKES"}, headers=HTMX)
    assert response.status_code == 400
    assert f"{ALREADY} Nothing was changed." in response.content.decode()
    idea.refresh_from_db()
    assert idea.text == "Stargazing"
    # Its own words in other capitals are fine.
    alice_client.post(f"/steps/5/ideas/{idea.pk}/", {"text": "stargazing"}, headers=HTMX)
    idea.refresh_from_db()
    assert idea.text == "stargazing"


def test_the_other_forms_resent_change_one_row(alice, alice_client, couple):
    """Steps 1 (values), 2, 4, 5 (this week's choice) and "done" were already one row each."""
    for _ in range(2):
        alice_client.post("/steps/1/values/", {"values": ["honesty"]})
        alice_client.post("/steps/2/", {"behaviours": ["criticism"], "inward": "x", "outward": "y"})
        alice_client.post("/steps/4/", {"hope": "5", "growth": "Listen"})
        alice_client.post("/steps/2/done/")
    idea = ConnectionIdea.objects.create(couple=couple, added_by=couple.created_by, text="Tea")
    for _ in range(2):
        alice_client.post("/steps/5/this-week/", {"idea": idea.pk})
    assert [m.objects.count() for m in (SharedValue, MyPart, Hope, StepDone, WeeklyAction)] == [1, 1, 1, 1, 1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url,model", LISTS)
def test_two_identical_adds_at_the_same_moment_make_one_row(url, model):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite's in-memory test database serialises them")
    alice = make_user("Alice")
    make_couple(alice, make_user("Bob"))
    clients = [client_for(alice), client_for(alice)]
    barrier = threading.Barrier(2)
    statuses = []

    def add(client):
        barrier.wait()
        statuses.append(client.post(url, {"text": "Dinner by candlelight"}).status_code)
        connection.close()

    threads = [threading.Thread(target=add, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert model.objects.count() == 1
    assert sorted(statuses) == [302, 400]  # one added, one told it's already there; no 500

