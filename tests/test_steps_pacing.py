"""One step a week (steps.pacing): when each step opens, "give us another
week", closed steps refusing posts, and what each partner sees."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from couples.access import pair_for
from steps import pacing
from steps.models import ConnectionIdea, ExtraWeek, Hope, Interest, MyPart, Resentment, StepDone
from tests.conftest import HTMX, client_for, make_couple, make_user

# Paired on Wednesday 2 December 2026 at 23:30 in Auckland (10:30 UTC): the
# couple's days are Auckland's, so step 1 opened on the 2nd there, and each
# next step opens at midnight there, a week after the one before.
PAIRED = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)
ZONE = "Pacific/Auckland"
OPENS = {n: date(2026, 12, 2) + timedelta(weeks=n - 1) for n in range(1, 6)}


def auckland_midnight(day: date) -> datetime:
    """00:00 on `day` in Auckland (UTC+13 in summer), as a UTC moment."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=13)


@pytest.fixture
def new_couple(alice, bob):
    return make_couple(alice, bob, joined_at=PAIRED, time_zone=ZONE)


def at(moment):
    return time_machine.travel(moment, tick=False)


def test_step_n_plus_one_opens_a_week_after_step_n_not_before(alice, new_couple):
    with at(PAIRED):
        alice_client = client_for(alice)
        assert pacing.schedule(pair_for(alice)).opens_on == OPENS
        assert pacing.current_step(pair_for(alice)).number == 1
        assert alice_client.get("/steps/1/").status_code == 200
    for n in range(2, 6):
        just_before = auckland_midnight(OPENS[n]) - timedelta(seconds=1)
        with at(just_before):
            alice_client = client_for(alice)  # signed in afresh: weeks later the session would have expired
            assert pacing.current_step(pair_for(alice)).number == n - 1
            page = alice_client.get(f"/steps/{n}/").content.decode()
            assert f"Opens on {OPENS[n]:%A} {OPENS[n].day} December" in page
            assert "Mark this step done" not in page
        with at(auckland_midnight(OPENS[n])):
            assert pacing.current_step(pair_for(alice)).number == n
            page = alice_client.get(f"/steps/{n}/").content.decode()
            assert "Mark this step done" in page and "Opens on" not in page


def test_the_step_page_and_the_index_carry_the_card_for_the_week(alice_client, new_couple):
    with at(PAIRED + timedelta(days=8)):  # step 2's week
        index = alice_client.get("/steps/").content.decode()
        assert "Step 2: My part" in index and "Distance takes two" in index  # this week's card
        assert "Time apart is not the problem" in index  # step 1's, still open
        assert "Opens on Wednesday 16 December" in index and "what you&#x27;ve been holding on to" in index
        step2 = alice_client.get("/steps/2/").content.decode()
        assert "Distance takes two" in step2 and "Give us another week" in step2
        step1 = alice_client.get("/steps/1/").content.decode()
        assert "Time apart is not the problem" in step1 and "Give us another week" not in step1


def test_another_week_moves_the_next_opening_for_both(alice, bob, new_couple):
    with at(PAIRED + timedelta(days=3)):
        alice_client, bob_client = client_for(alice), client_for(bob)
        response = bob_client.post("/steps/another-week/", {"moved_from": "2026-12-09", "back": "/steps/1/"})
        assert response.status_code == 302 and response.url == "/steps/1/"
        bob_client.post("/steps/another-week/", {"moved_from": "2026-12-09"})  # a double click
        alice_client.post("/steps/another-week/", {"moved_from": "2026-12-09"})  # Alice, at the same moment
        assert ExtraWeek.objects.count() == 1
        assert not any(f.name in ("user", "asked_by", "author") for f in ExtraWeek._meta.fields)  # nobody is named
        moved = {1: OPENS[1]} | {n: OPENS[n] + timedelta(weeks=1) for n in range(2, 6)}
        assert pacing.schedule(pair_for(alice)).opens_on == pacing.schedule(pair_for(bob)).opens_on == moved
        for client in (alice_client, bob_client):
            assert "Opens on Wednesday 16 December" in client.get("/steps/2/").content.decode()
    with at(auckland_midnight(OPENS[2])):  # the week it would have opened
        assert pacing.current_step(pair_for(alice)).number == 1
    with at(auckland_midnight(moved[2])):
        alice_client = client_for(alice)
        assert pacing.current_step(pair_for(alice)).number == 2
        # Another week again, now on step 2: only step 3 onwards move.
        alice_client.post("/steps/another-week/", {"moved_from": moved[3].isoformat()})
        assert pacing.schedule(pair_for(bob)).opens_on[3] == moved[3] + timedelta(weeks=1)
        assert pacing.schedule(pair_for(bob)).opens_on[2] == moved[2]


def test_another_week_messages(alice, bob, new_couple):
    with at(PAIRED + timedelta(days=1)):
        alice_client, bob_client = client_for(alice), client_for(bob)
        response = alice_client.post("/steps/another-week/", {"moved_from": "2026-12-09"}, follow=True)
        assert b"Step 2 now opens on Wednesday 16 December. Take the time you need." in response.content
        response = bob_client.post("/steps/another-week/", {"moved_from": "2026-12-09"}, follow=True)
        assert b"Step 2 opens on Wednesday 16 December." in response.content
    with at(PAIRED + timedelta(weeks=6)):
        alice_client = client_for(alice)
        response = alice_client.post("/steps/another-week/", {"moved_from": "2027-01-13"}, follow=True)
        assert b"All five steps are open already." in response.content
        assert "Give us another week" not in alice_client.get("/steps/").content.decode()


@pytest.mark.parametrize("data", [{}, {"moved_from": "soon"}, {"moved_from": "2026-12-09", "back": "https://evil.example/"}])
def test_another_week_bad_input_is_a_clear_400(alice_client, new_couple, data):
    with at(PAIRED):
        response = alice_client.post("/steps/another-week/", data)
        assert response.status_code == 400
        assert b"That didn&#x27;t come through as it should. Try the button once more." in response.content
        assert not ExtraWeek.objects.exists()


def test_another_week_anonymous_outsider_and_method(anon_client, lone_client, carol_client, other_couple, alice_client, new_couple):
    data = {"moved_from": "2026-12-09"}
    with at(PAIRED):
        response = anon_client.post("/steps/another-week/", data)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
        assert lone_client.post("/steps/another-week/", data).status_code == 404
        carol_client.post("/steps/another-week/", data)  # her own couple, a year in: nothing to move
        assert alice_client.get("/steps/another-week/").status_code == 405
        assert not ExtraWeek.objects.exists()


CLOSED_POSTS = [
    ("/steps/3/done/", {}),
    ("/steps/2/", {"behaviours": ["critical"], "inward": "I go quiet", "outward": ""}),
    ("/steps/3/resentments/", {"text": "The holiday"}),
    ("/steps/4/", {"hope": "6", "growth": "Listen more"}),
    ("/steps/5/ideas/add/", {"text": "Dancing in the kitchen"}),
    ("/steps/5/this-week/", {"idea": "1"}),
]


@pytest.mark.parametrize("url,data", CLOSED_POSTS)
def test_a_post_to_a_closed_step_is_refused_with_a_message(alice, alice_client, new_couple, url, data):
    number = int(url.split("/")[2])
    with at(PAIRED + timedelta(days=1)):
        response = alice_client.post(url, data)
        assert response.status_code == 400
        assert f"Step {number} isn&#x27;t open yet: it opens on ".encode() in response.content
        assert b"Nothing was saved." in response.content
        assert not StepDone.objects.exists() and not MyPart.objects.exists() and not Resentment.objects.exists()
        assert not Hope.objects.exists() and not ConnectionIdea.objects.exists()


def test_an_htmx_post_to_a_closed_step_loads_its_page_with_the_message(alice_client, new_couple):
    with at(PAIRED):
        response = alice_client.post("/steps/5/ideas/add/", {"text": "Dancing"}, headers=HTMX)
        assert response.status_code == 200 and response["HX-Redirect"] == "/steps/5/"
        assert not ConnectionIdea.objects.exists()
        page = alice_client.get("/steps/5/").content.decode()
        assert "Step 5 isn&#x27;t open yet: it opens on Wednesday 30 December. Nothing was saved." in page


def test_a_closed_step_page_is_no_404_for_either_partner(alice_client, bob_client, new_couple):
    with at(PAIRED):
        for client in (alice_client, bob_client):
            for n in range(2, 6):
                response = client.get(f"/steps/{n}/")
                assert response.status_code == 200 and b"There's nothing to do here yet." in response.content
            assert client.get("/steps/5/ideas/").status_code == 200


def test_what_i_worked_on_stays_open_for_me_alone(alice, bob, alice_client, bob_client, new_couple):
    """Written before pairing, or before pacing existed: it stays in my reach, and my partner's dates tell nothing."""
    Resentment.objects.create(author=alice, couple=new_couple, text="The move")
    StepDone.objects.create(user=alice, couple=new_couple, step=4)
    with at(PAIRED + timedelta(days=1)):
        assert b"The move" in alice_client.get("/steps/3/").content
        assert alice_client.post("/steps/4/", {"hope": "7", "growth": "Rest more"}).status_code == 302
        assert alice_client.get("/steps/2/").status_code == 200 and b"Opens on" in alice_client.get("/steps/2/").content
        bobs = [bob_client.get(f"/steps/{n}/").content for n in (3, 4)]
        assert all(b"Opens on" in page for page in bobs)
        # Bob's index has steps 2-5 closed; Alice's only 2 and 5.
        assert bob_client.get("/steps/").content.count(b"Opens on") == 4
        assert alice_client.get("/steps/").content.count(b"Opens on") == 2


def test_done_on_this_weeks_step_says_when_the_next_opens(alice_client, new_couple):
    with at(PAIRED):
        response = alice_client.post("/steps/1/done/", follow=True)
        assert response.redirect_chain[-1][0] == "/steps/"
        assert b"Step 1 is marked done. Come back to it whenever you like. Step 2 opens on Wednesday 9 December." in response.content


def test_before_the_partner_joins_steps_one_to_four_are_open(alice):
    make_couple(alice, joined_at=PAIRED)
    with at(PAIRED):
        plan = pacing.schedule(pair_for(alice))
        assert not plan.started and plan.current is None and plan.next is None
        assert [plan.is_open(n) for n in range(1, 6)] == [True, True, True, True, False]
        assert pacing.current_step(pair_for(alice)) is None
        assert not pacing.another_week(pair_for(alice), date(2026, 12, 9))


def test_the_rhythm_starts_when_the_partner_joins(alice, bob):
    couple = make_couple(alice, joined_at=PAIRED - timedelta(weeks=3))
    couple.memberships.create(user=bob, joined_at=PAIRED)
    with at(PAIRED):
        assert pacing.schedule(pair_for(bob)).opens_on == OPENS  # from the day Bob joined, not the day Alice began


def test_after_all_five(alice, bob, alice_client, new_couple):
    for n in range(1, 6):
        StepDone.objects.create(user=alice, couple=new_couple, step=n)
    with at(auckland_midnight(OPENS[5]) - timedelta(seconds=1)):
        assert not pacing.after_all_five(pair_for(alice))  # all done, not all open
    with at(auckland_midnight(OPENS[5])):
        assert pacing.after_all_five(pair_for(alice))
        assert not pacing.after_all_five(pair_for(bob))  # only my own marks count


def test_the_index_shows_the_couples_step_and_my_marks_only(alice, bob, alice_client, bob_client, new_couple):
    StepDone.objects.create(user=alice, couple=new_couple, step=1)
    with at(PAIRED + timedelta(days=8)):
        for client in (alice_client, bob_client):
            page = client.get("/steps/").content.decode()
            assert "This week" in page and "Step 2: My part" in page
            assert "Alice: step" not in page and "Bob: step" not in page and "all five done" not in page
        assert "You marked it done" in alice_client.get("/steps/").content.decode()
        assert "You marked it done" not in bob_client.get("/steps/").content.decode()
        assert 'This week: <a href="/steps/2/">Step 2: My part</a>' in bob_client.get("/together/").content.decode()


# Pinned on a new couple, whose later steps are closed: my marks and what I
# wrote are read in one query each, however much there is.
# Step 1 reads its shared items' replies once (notices.templatetags.replies).
NEW_COUPLE_QUERIES = {"/steps/": 6, "/steps/1/": 11, "/steps/3/": 6, "/steps/5/": 6, "/steps/5/ideas/": 6}


@pytest.mark.parametrize("url", NEW_COUPLE_QUERIES)
def test_query_counts_of_a_new_couple_are_flat(alice, bob, alice_client, new_couple, django_assert_num_queries, url):
    def history(size):
        for i in range(size):
            Interest.objects.create(author=alice, couple=new_couple, text=f"Interest {size}-{i}")
            StepDone.objects.get_or_create(user=alice, couple=new_couple, step=1)

    with at(PAIRED):
        history(1)
        with django_assert_num_queries(NEW_COUPLE_QUERIES[url]):
            alice_client.get(url, headers=HTMX)
        history(6)
        with django_assert_num_queries(NEW_COUPLE_QUERIES[url]):
            alice_client.get(url, headers=HTMX)


def test_a_step_page_shown_again_after_a_refused_form_keeps_its_another_week_button_working(alice_client, new_couple):
    with at(PAIRED):
        page = alice_client.post("/steps/1/interests/", {"text": ""}).content.decode()
        assert 'name="back" value="/steps/1/"' in page
        response = alice_client.post("/steps/another-week/", {"moved_from": "2026-12-09", "back": "/steps/1/"})
        assert response.status_code == 302 and response.url == "/steps/1/"
        assert ExtraWeek.objects.count() == 1
