"""The five steps: pages, progress, and who may see what."""

import re

import pytest

from steps.models import ConnectionIdea, Hope, Interest, MyPart, Resentment, SharedValue, StepDone
from couples.access import pair_for
from steps import pacing
from tests.conftest import HTMX
from tests.dashboards import distancing, shows_score

STEP_PAGES = ["/steps/", "/steps/1/", "/steps/2/", "/steps/3/", "/steps/4/", "/steps/5/", "/steps/5/ideas/"]


@pytest.mark.parametrize("url", STEP_PAGES)
def test_pages_work_for_a_partner(alice_client, couple, url):
    assert alice_client.get(url, headers=HTMX).status_code == 200


def test_the_list_fragment_without_htmx_is_the_page(alice_client, couple):
    assert alice_client.get("/steps/5/ideas/").url == "/steps/5/#ideas"


@pytest.mark.parametrize("url", STEP_PAGES)
def test_anonymous_is_sent_to_log_in(anon_client, url):
    response = anon_client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", STEP_PAGES)
def test_without_a_complete_couple_there_is_nothing_here(lone_client, url):
    assert lone_client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/steps/", "/steps/1/", "/steps/3/", "/steps/5/ideas/"])
def test_wrong_method(alice_client, couple, url):
    assert alice_client.delete(url).status_code == 405


def test_mark_done_moves_me_on_and_the_partner_sees_no_comparison(alice, bob, alice_client, bob_client, couple):
    response = alice_client.post("/steps/1/done/")
    assert response.status_code == 302 and response.url == "/steps/2/"
    alice_client.post("/steps/1/done/")  # a double click
    assert StepDone.objects.filter(user=alice).count() == 1
    assert set(pacing.walk(pair_for(alice)).done) == {1}
    assert b"You marked it done" in alice_client.get("/steps/").content
    bobs = bob_client.get("/steps/").content.decode()
    assert "You marked it done" not in bobs and "Alice: step" not in bobs and "Alice" not in bobs.split("<main")[1]
    alice_client.post("/steps/1/done/", {"undo": "1"})
    assert not pacing.walk(pair_for(alice)).done


def test_all_five_done(alice, alice_client, couple):
    for n in range(1, 6):
        alice_client.post(f"/steps/{n}/done/")
    assert set(pacing.walk(pair_for(alice)).done) == {1, 2, 3, 4, 5}
    page = alice_client.get("/steps/").content.decode()
    assert page.count("You marked it done") == 5 and "all five done" not in page


def test_mark_done_unknown_step(alice_client, couple):
    assert alice_client.post("/steps/9/done/").status_code == 404
    assert alice_client.get("/steps/1/done/").status_code == 405


def test_step1_interests_sort_and_values(alice, alice_client, couple):
    response = alice_client.post("/steps/1/interests/", {"text": "  Night-time   gaming "})
    item = Interest.objects.get(author=alice)
    assert item.text == "Night-time gaming"
    assert response.url == f"/steps/1/#interest-{item.pk}"
    alice_client.post(f"/steps/1/interests/{item.pk}/sort/", {"kind": "distance"})
    item.refresh_from_db()
    assert item.kind == "distance"
    alice_client.post("/steps/1/values/", {"values": ["honesty", "family"]})
    alice_client.post("/steps/1/values/", {"values": ["honesty", "fun"]})
    assert set(SharedValue.objects.filter(author=alice).values_list("key", flat=True)) == {"honesty", "fun"}


def test_step1_bad_input(alice, alice_client, couple):
    response = alice_client.post("/steps/1/interests/", {"text": "   "})
    assert response.status_code == 400
    assert b"Write a few words first." in response.content
    response = alice_client.post("/steps/1/interests/", {"text": "x" * 201})
    assert response.status_code == 400
    assert b"at most 200 characters" in response.content
    response = alice_client.post("/steps/1/values/", {"values": ["world-domination"]})
    assert response.status_code == 400
    item = Interest.objects.create(author=alice, couple=couple, text="Golf")
    assert alice_client.post(f"/steps/1/interests/{item.pk}/sort/", {"kind": "bogus"}).status_code == 400
    assert not Interest.objects.exclude(pk=item.pk).exists()
    assert not SharedValue.objects.exists()


def test_step2_my_part(alice, alice_client, couple):
    response = alice_client.post(
        "/steps/2/", {"behaviours": ["criticism", "busy_avoidance"], "inward": "I feel small", "outward": "I go quiet"}
    )
    assert response.status_code == 302
    part = MyPart.objects.get(author=alice)
    assert part.behaviours == ["criticism", "busy_avoidance"]
    alice_client.post("/steps/2/", {"behaviours": ["criticism"], "inward": "", "outward": "I tidy"})
    assert MyPart.objects.filter(author=alice).count() == 1


def test_step2_shows_my_own_self_scores_and_never_my_partners(alice, bob, alice_client, bob_client, couple):
    distancing(alice, self_view={"criticism": 75, "negativity": 100}, partner_view=50)
    distancing(bob, self_view={"criticism": 25}, partner_view=25)

    def table(client):
        page = client.get("/steps/2/").content.decode()
        return page[page.index("What you said about yourself") : page.index("</table>")]

    mine = table(alice_client)
    assert "<td>Very often</td>" in mine and "<td>Often</td>" in mine  # in words, most often first
    assert mine.index("Very often") < mine.index("<td>Often</td>") and not shows_score(mine, 75)
    # Not Bob's view of himself, not Bob's view of Alice, not Alice's view of Bob.
    assert "Rarely" not in mine and "Sometimes" not in mine
    theirs = table(bob_client)
    assert "<td>Rarely</td>" in theirs
    assert "Often" not in theirs and "Sometimes" not in theirs


def test_step2_bad_input(alice, alice_client, couple):
    response = alice_client.post("/steps/2/", {"behaviours": ["criticism", "negativity", "substances"]})
    assert response.status_code == 400
    assert b"Choose at most two" in response.content
    response = alice_client.post("/steps/2/", {"behaviours": ["nonsense"]})
    assert response.status_code == 400
    assert not MyPart.objects.exists()


def test_step3_resentments(alice, alice_client, couple):
    alice_client.post("/steps/3/resentments/", {"text": "The forgotten birthday"})
    item = Resentment.objects.get(author=alice)
    prefix = f"r{item.pk}"
    alice_client.post(f"/steps/3/resentments/{item.pk}/", {f"{prefix}-source": "stress", f"{prefix}-plan": "let_go", "let_go": "1"})
    item.refresh_from_db()
    assert (item.source, item.plan) == ("stress", "let_go") and item.let_go_at is not None
    alice_client.post(f"/steps/3/resentments/{item.pk}/delete/")
    assert not Resentment.objects.exists()


@pytest.mark.parametrize("plan", ["not_ready", "counselor", "raise", "let_go"])
def test_step3_every_plan_saves_and_shows(alice, alice_client, couple, plan):
    item = Resentment.objects.create(author=alice, couple=couple, text="The forgotten birthday")
    prefix = f"r{item.pk}"
    response = alice_client.post(f"/steps/3/resentments/{item.pk}/", {f"{prefix}-source": "unsure", f"{prefix}-plan": plan})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.source, item.plan, item.let_go_at) == ("unsure", plan, None)
    page = alice_client.get("/steps/3/").content.decode()
    assert f'name="{prefix}-plan" value="{plan}"' in page
    assert re.search(rf'name="{prefix}-plan" value="{plan}"[^>]*checked', page)
    assert ("find a counselor" in page) == (plan == "counselor")


def test_step3_offers_time_and_a_counselor_and_does_not_accuse(alice, alice_client, couple):
    Resentment.objects.create(author=alice, couple=couple, text="The forgotten birthday")
    page = alice_client.get("/steps/3/").content.decode()
    for words in ("Let it go", "Raise it calmly", "Not ready yet", "Bring it to a counselor"):
        assert words in page, words
    assert "Something that still weighs on you" in page
    assert "hold against" not in page


def test_step3_bad_input(alice, alice_client, couple):
    assert alice_client.post("/steps/3/resentments/", {"text": ""}).status_code == 400
    item = Resentment.objects.create(author=alice, couple=couple, text="x")
    alice_client.post(f"/steps/3/resentments/{item.pk}/", {f"r{item.pk}-source": "moon", f"r{item.pk}-plan": "let_go"})
    item.refresh_from_db()
    assert item.source == "" and item.plan == ""


def test_step4_hope(alice, alice_client, couple):
    assert alice_client.post("/steps/4/", {"hope": "6", "growth": "Listen before I answer"}).status_code == 302
    alice_client.post("/steps/4/", {"hope": "7", "growth": "Listen before I answer"})
    assert Hope.objects.get(author=alice).hope == 7


@pytest.mark.parametrize("data", [{"hope": "11", "growth": "x"}, {"hope": "-1", "growth": "x"}, {"hope": "five", "growth": "x"}, {"hope": "5", "growth": "  "}, {}])
def test_step4_bad_input(alice_client, couple, data):
    assert alice_client.post("/steps/4/", data).status_code == 400
    assert not Hope.objects.exists()


# Session, user, couple and messages included; the same with one item or many.
# A page showing shared items reads their replies once (notices.templatetags.replies),
# and each step page reads the couple's schedule once (steps.pacing.schedule); my
# done marks replace the page's old done lookup.
QUERIES = {"/steps/": 5, "/steps/1/": 10, "/steps/2/": 8, "/steps/3/": 8, "/steps/4/": 7, "/steps/5/": 7, "/steps/5/ideas/": 6}


@pytest.mark.parametrize("url", QUERIES)
def test_query_counts_are_pinned(alice, bob, alice_client, couple, django_assert_num_queries, url):
    for i in range(5):
        for author in (alice, bob):
            Interest.objects.create(author=author, couple=couple, text=f"Interest {i}", shared=True)
            Resentment.objects.create(author=author, couple=couple, text=f"Resentment {i}", shared=True)
        ConnectionIdea.objects.create(couple=couple, added_by=bob, text=f"Idea {i}")
    with django_assert_num_queries(QUERIES[url]):
        alice_client.get(url, headers=HTMX)
