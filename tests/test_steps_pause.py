"""Pause sharing in the five steps: while Alice pauses, Bob sees her shared
items only as they were when she paused (an item she changes since then is
held back until she resumes), and not where she is on the walk."""

import pytest

from steps.models import ConnectionIdea, Hope, Interest, MyPart, Resentment, SharedValue
from tests.conftest import HTMX

PAUSED_NOTE = "Alice has paused sharing for now"


def pause(client):
    assert client.post("/profile/pause/", {"paused": "1"}).status_code == 302


def resume(client):
    assert client.post("/profile/pause/", {"paused": "0"}).status_code == 302


@pytest.fixture
def shared_items(alice, couple):
    """Alice's items, each shared with Bob before she pauses."""
    kw = {"author": alice, "couple": couple, "shared": True}
    return {
        "interest": Interest.objects.create(text="Her pottery class", kind="difference", **kw),
        "value": SharedValue.objects.create(key="honesty", **kw),
        "part": MyPart.objects.create(behaviours=["criticism"], inward="OLD-INWARD", outward="OLD-OUTWARD", **kw),
        "resentment": Resentment.objects.create(text="The missed dinner", **kw),
        "hope": Hope.objects.create(hope=3, growth="OLD-GROWTH", **kw),
    }


def test_untouched_shared_items_stay_as_they_were(shared_items, alice_client, bob_client):
    pause(alice_client)
    pages = b"".join(bob_client.get(f"/steps/{n}/").content for n in range(1, 5))
    for words in (b"Her pottery class", b"Honesty and trust", b"OLD-INWARD", b"The missed dinner", b"OLD-GROWTH", b"3 out of 10"):
        assert words in pages, words


def test_step2_edits_while_paused_stay_with_her(shared_items, alice_client, bob_client):
    pause(alice_client)
    response = alice_client.post("/steps/2/", {"behaviours": ["negativity"], "inward": "NEW-INWARD", "outward": "NEW-OUTWARD"})
    assert response.status_code == 302
    page = bob_client.get("/steps/2/").content.decode()
    assert "NEW-INWARD" not in page and "NEW-OUTWARD" not in page
    assert "Expecting the worst." not in page  # the behaviour she newly chose
    resume(alice_client)
    assert "NEW-INWARD" in bob_client.get("/steps/2/").content.decode()


def test_step4_edits_while_paused_stay_with_her(shared_items, alice_client, bob_client):
    pause(alice_client)
    assert alice_client.post("/steps/4/", {"hope": "9", "growth": "NEW-GROWTH"}).status_code == 302
    page = bob_client.get("/steps/4/").content.decode()
    assert "NEW-GROWTH" not in page and "9 out of 10" not in page
    resume(alice_client)
    page = bob_client.get("/steps/4/").content.decode()
    assert "NEW-GROWTH" in page and "9 out of 10" in page


def test_step3_letting_go_while_paused_stays_with_her(shared_items, alice_client, bob_client):
    item = shared_items["resentment"]
    pause(alice_client)
    alice_client.post(f"/steps/3/resentments/{item.pk}/", {f"r{item.pk}-source": "stress", f"r{item.pk}-plan": "let_go", "let_go": "1"})
    item.refresh_from_db()
    assert item.let_go_at is not None
    assert b"chip--strength\">let go" not in bob_client.get("/steps/3/").content
    resume(alice_client)
    assert b"chip--strength\">let go" in bob_client.get("/steps/3/").content


def test_step1_sorting_while_paused_stays_with_her(shared_items, alice_client, bob_client):
    item = shared_items["interest"]
    pause(alice_client)
    alice_client.post(f"/steps/1/interests/{item.pk}/sort/", {"kind": "distance"})
    item.refresh_from_db()
    assert item.kind == "distance"
    assert b"a way we avoid each other" not in bob_client.get("/steps/1/").content
    resume(alice_client)
    assert b"a way we avoid each other" in bob_client.get("/steps/1/").content


def test_her_progress_is_never_shown_paused_or_not(alice, alice_client, bob_client, couple):
    """Nobody sees where the other is on the walk (steps.pacing): a pause has nothing left to hide here."""
    alice_client.post("/steps/1/done/")
    pause(alice_client)
    alice_client.post("/steps/2/done/")
    assert alice_client.get("/steps/").content.decode().count("You marked it done") == 2  # her own page
    for url in ("/steps/", "/together/", "/dashboard/panel/status/"):
        page = bob_client.get(url, headers=HTMX).content.decode()
        assert "Alice: step" not in page and "You marked it done" not in page, url
        assert "This week" in page, url  # the couple's step, the same for both
    for url in ("/steps/", "/together/", "/dashboard/panel/status/"):
        assert PAUSED_NOTE in bob_client.get(url, headers=HTMX).content.decode(), url
    resume(alice_client)
    assert "You marked it done" not in bob_client.get("/steps/").content.decode()


@pytest.mark.parametrize("url", ["/steps/", "/steps/1/", "/steps/2/", "/steps/3/", "/steps/4/", "/steps/5/"])
def test_the_partner_is_told_sharing_is_paused(alice_client, bob_client, couple, url):
    assert PAUSED_NOTE.encode() not in bob_client.get(url).content
    pause(alice_client)
    assert PAUSED_NOTE.encode() in bob_client.get(url).content
    assert PAUSED_NOTE.encode() not in alice_client.get(url).content


def test_the_list_of_ways_to_connect_stays_shared(alice, alice_client, bob_client, couple):
    """By design: step 5's list is one list the two of them write (see the profile's note)."""
    pause(alice_client)
    alice_client.post("/steps/5/ideas/add/", {"text": "Picnic on the balcony"})
    assert ConnectionIdea.objects.filter(added_by=alice).exists()
    assert b"Picnic on the balcony" in bob_client.get("/steps/5/").content
    assert b"stays shared" in alice_client.get("/steps/5/").content
    assert b"step 5" in alice_client.get("/profile/").content


def test_her_own_page_says_a_changed_item_waits(shared_items, alice_client):
    item = shared_items["interest"]
    pause(alice_client)
    assert b"Bob sees this once you resume" not in alice_client.get("/steps/1/").content
    alice_client.post(f"/steps/1/interests/{item.pk}/sort/", {"kind": "distance"})
    page = alice_client.get("/steps/1/").content.decode()
    assert "Bob sees this once you resume" in page and "Bob can see this" in page  # the value is unchanged
