"""Talk it through together (/talk/) and the weekly conversation card
(talk.cards): who may open it, each stage without JavaScript, the end that
becomes my one thing for the week, "we talked about this" for both, and the
card that never comes twice in a row."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from couples import weeks
from couples.access import pair_for
from couples.comparison import PROMPTS
from steps.models import ConnectionIdea, WeeklyAction
from talk import cards
from talk.models import TalkedAbout, WeeklyCard
from tests.dashboards import ELEMENTS, intimacy

MONDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def idea(couple, bob):
    return ConnectionIdea.objects.create(couple=couple, added_by=bob, text="A walk after dinner")


def page(client, stage=""):
    return client.get("/talk/" + (f"?stage={stage}" if stage else ""))


# Who may open it -----------------------------------------------------------------


def test_both_partners_see_the_same_card(alice_client, bob_client, couple):
    a, b = page(alice_client, "topic"), page(bob_client, "topic")
    assert a.status_code == b.status_code == 200
    card = WeeklyCard.objects.get(couple=couple)
    prompt = cards._text(card.prompt_key)[0]
    assert prompt in a.content.decode() and prompt in b.content.decode()
    assert WeeklyCard.objects.count() == 1


def test_the_outsider_gets_their_own_couples_card_never_this_one(couple, other_couple, carol_client, alice_client):
    assert page(alice_client).status_code == 200
    assert page(carol_client).status_code == 200
    assert set(WeeklyCard.objects.values_list("couple", flat=True)) == {couple.pk, other_couple.pk}
    carol_client.post("/talk/done/", {})
    assert not TalkedAbout.objects.filter(couple=couple).exists()


def test_someone_without_a_couple_gets_404(lone_client):
    assert page(lone_client).status_code == 404
    assert lone_client.post("/talk/done/", {}).status_code == 404


def test_the_anonymous_are_sent_to_log_in(anon_client):
    for response in (page(anon_client), anon_client.post("/talk/done/", {})):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_wrong_methods_are_refused(alice_client, couple):
    assert alice_client.post("/talk/").status_code == 405
    assert alice_client.get("/talk/done/").status_code == 405


# The stages, without JavaScript --------------------------------------------------


def test_each_stage_is_a_plain_form_leading_to_the_next(alice_client, couple, idea):
    first = page(alice_client).content.decode()
    assert "Start with something you appreciate" in first
    assert 'method="get" action="/talk/"' in first and 'name="stage" value="topic"' in first
    topic = page(alice_client, "topic").content.decode()
    assert "Speaker and listener" in topic and 'name="stage" value="end"' in topic
    # The timer is there for the script to show, hidden without it; no inline script.
    assert "data-timer" in topic and " hidden>" in topic and "js/talk.js" in topic
    end = page(alice_client, "end").content.decode()
    assert 'action="/talk/done/"' in end and "A walk after dinner" in end


def test_an_unknown_stage_starts_at_the_beginning(alice_client, couple):
    assert "Start with something you appreciate" in page(alice_client, "nope").content.decode()


def test_nothing_typed_in_the_first_two_stages(alice_client, couple):
    for stage in ("appreciate", "topic"):
        body = page(alice_client, stage).content.decode()
        assert "<textarea" not in body and 'type="text"' not in body


# The end: my one thing, and "we talked about this" --------------------------------


def test_the_chosen_small_thing_becomes_my_one_thing_for_the_week(alice, bob, alice_client, couple, idea):
    response = alice_client.post("/talk/done/", {"idea": idea.pk})
    assert response.status_code == 302
    week = weeks.current_week(couple)
    action = WeeklyAction.objects.get(user=alice, couple=couple, week_start=week)
    assert action.text == "A walk after dinner"
    assert not WeeklyAction.objects.filter(user=bob).exists()
    # The check-in then asks about it.
    assert "A walk after dinner" in alice_client.get("/checkin/").content.decode()


def test_a_new_idea_joins_the_list_and_becomes_my_one_thing(alice, alice_client, couple):
    alice_client.post("/talk/done/", {"new_idea": "  Cook   together on Friday "})
    assert ConnectionIdea.objects.get(couple=couple).text == "Cook together on Friday"
    assert WeeklyAction.objects.get(user=alice).text == "Cook together on Friday"


def test_a_new_idea_already_listed_is_chosen_not_added_twice(alice, alice_client, couple, idea):
    alice_client.post("/talk/done/", {"new_idea": "a walk after dinner"})
    assert ConnectionIdea.objects.filter(couple=couple).count() == 1
    assert WeeklyAction.objects.get(user=alice).text == "a walk after dinner"


def test_bad_input_is_refused_on_the_form(alice_client, couple, idea):
    both = alice_client.post("/talk/done/", {"idea": idea.pk, "new_idea": "Dance"})
    assert both.status_code == 400 and "not both" in both.content.decode()
    gone = alice_client.post("/talk/done/", {"idea": idea.pk + 99})
    assert gone.status_code == 400 and "just removed" in gone.content.decode()
    long = alice_client.post("/talk/done/", {"new_idea": "x" * 201})
    assert long.status_code == 400 and "at most 200" in long.content.decode()
    assert not TalkedAbout.objects.exists() and not WeeklyAction.objects.exists()


def test_both_see_we_talked_about_this(alice_client, bob_client, couple, alice, bob):
    assert "You two talked it through" not in page(bob_client).content.decode()
    alice_client.post("/talk/done/", {})
    for client in (alice_client, bob_client):
        assert "You two talked it through this week" in page(client).content.decode()
    assert cards.talked_this_week(pair_for(bob)) is not None
    assert not WeeklyAction.objects.exists()  # no small thing chosen: none made up


def test_double_submits_make_one_row(alice_client, bob_client, couple, idea, alice):
    for client in (alice_client, alice_client, bob_client):
        client.post("/talk/done/", {"idea": idea.pk})
    assert TalkedAbout.objects.filter(couple=couple).count() == 1
    assert WeeklyAction.objects.filter(user=alice).count() == 1


def test_talked_is_per_week(alice_client, couple, alice):
    with time_machine.travel(MONDAY, tick=False):
        alice_client.post("/talk/done/", {})
    with time_machine.travel(MONDAY + timedelta(weeks=1), tick=False):
        pair = pair_for(alice)
        assert cards.talked_this_week(pair) is None
        assert cards.talked_this_week(pair, weeks.current_week(couple) - timedelta(weeks=1)) is not None


# The card ---------------------------------------------------------------------


def test_never_the_same_card_twice_in_a_row(couple, alice, bob):
    seen = []
    for n in range(30):
        with time_machine.travel(MONDAY + timedelta(weeks=n), tick=False):
            if n == 12:  # the comparison arrives: cards from the elements from now on
                intimacy(alice, [40] * 8, importance=[5, 1, 1, 1, 1, 1, 1, 1])
                intimacy(bob, [80] * 8, importance=[5, 1, 1, 1, 1, 1, 1, 1])
            who = alice if n % 3 else bob
            seen.append(cards.this_weeks_card(pair_for(who)).key)
    assert all(a != b for a, b in zip(seen, seen[1:])), seen
    assert all(k.startswith("general-") for k in seen[:12])
    assert all(not k.startswith("general-") for k in seen[12:])
    assert len(set(seen[:12])) >= 8  # every general prompt comes round


def test_cards_come_from_what_both_care_about(couple, alice, bob):
    importance = [5, 1, 1, 1, 1, 1, 1, 4]  # touch and appreciation matter most
    intimacy(alice, [80] * 8, importance=importance)
    intimacy(bob, [80] * 8, importance=importance)
    elements = set()
    for n in range(9):
        with time_machine.travel(MONDAY + timedelta(weeks=n), tick=False):
            elements.add(cards.this_weeks_card(pair_for(alice)).key.rpartition("-")[0])
    assert {"touch", "appreciation"} <= elements and len(elements) == cards.CARED_ABOUT


def test_after_the_reveal_the_week_talks_about_the_first_thing_worth_it(alice_client, couple, alice, bob):
    with time_machine.travel(MONDAY, tick=False):
        assert page(alice_client, "topic").status_code == 200  # a general card, before any comparison
        # Seen differently on openness: both care.
        values = [80] * 8
        theirs = list(values)
        theirs[ELEMENTS.index("openness")] = 20
        intimacy(alice, values)
        intimacy(bob, theirs)
        body = page(alice_client, "topic").content.decode()
    assert PROMPTS["openness"].replace("'", "&#x27;") in body
    assert WeeklyCard.objects.get(couple=couple).prompt_key == "openness-0"


def test_two_at_once_get_one_card(couple, alice, bob):
    # The second finds the first's row through the unique constraint.
    WeeklyCard.objects.create(couple=couple, week_start=weeks.current_week(couple), prompt_key="general-5")
    assert cards.this_weeks_card(pair_for(bob)).key == "general-5"
    assert WeeklyCard.objects.count() == 1


def test_an_unknown_stored_key_reads_as_a_general_card(couple, alice):
    WeeklyCard.objects.create(couple=couple, week_start=weeks.current_week(couple), prompt_key="gone-7")
    assert cards.this_weeks_card(pair_for(alice)).prompt == cards.GENERAL[0]


# Queries --------------------------------------------------------------------------


@pytest.mark.parametrize("history", [0, 20])
def test_query_counts_are_pinned(alice_client, couple, alice, bob, idea, history, django_assert_num_queries):
    start = weeks.current_week(couple)
    for n in range(1, history + 1):
        WeeklyCard.objects.create(couple=couple, week_start=start - timedelta(weeks=n), prompt_key=f"general-{n % 8}")
        TalkedAbout.objects.create(couple=couple, week_start=start - timedelta(weeks=n))
    intimacy(alice, [60] * 8)
    intimacy(bob, [60] * 8)
    page(alice_client)  # the week's card is drawn
    # session, user, pair, ideas, my action, card, histories, talked
    with django_assert_num_queries(8):
        assert page(alice_client, "topic").status_code == 200
    pair = pair_for(alice)
    with django_assert_num_queries(2):  # the stored card, the histories it is drawn from
        cards.this_weeks_card(pair)
    with django_assert_num_queries(1):
        cards.talked_this_week(pair)


# Safety: the conversation compares only as the dashboard does ---------------------

YES = {"afraid": "yes", "harmed": "no", "controlled": "no", "self_harm": "no"}


def _openness_apart(alice, bob, **alice_kwargs):
    values = [80] * 8
    theirs = list(values)
    theirs[ELEMENTS.index("openness")] = 20
    intimacy(bob, theirs)
    return intimacy(alice, values, **alice_kwargs)


def _topic(client) -> str:
    return page(client, "topic").content.decode()


def test_before_a_check_nothing_compared_reaches_either(alice_client, bob_client, couple, alice, bob):
    _openness_apart(alice, bob, cleared=False)  # Alice's check is still to come
    for client in (alice_client, bob_client):
        body = _topic(client)
        assert "From what you both care about" not in body
    assert WeeklyCard.objects.get(couple=couple).prompt_key.startswith("general-")


def test_with_my_comparison_off_i_am_shown_a_general_card(alice_client, bob_client, couple, alice, bob):
    _openness_apart(alice, bob)
    bobs = _topic(bob_client)
    assert "From what you both care about" in bobs
    alice.comparison_off = True
    alice.save(update_fields=["comparison_off"])
    alices = _topic(alice_client)
    assert "From what you both care about" not in alices
    assert cards._text(WeeklyCard.objects.get(couple=couple).prompt_key)[0] not in alices
    # Bob keeps the card he saw before: her switch is not his to see.
    prompt = cards._text(WeeklyCard.objects.get(couple=couple).prompt_key)[0].replace("'", "&#x27;")
    assert prompt in bobs and prompt in _topic(bob_client)


def test_may_compare_is_my_own_switch(couple, alice, bob):
    from couples import sharing

    assert sharing.may_compare(pair_for(alice)) and sharing.may_compare(pair_for(bob))
    alice.comparison_off = True
    alice.save(update_fields=["comparison_off"])
    assert not sharing.may_compare(pair_for(alice))
    assert sharing.may_compare(pair_for(bob))


def test_the_card_is_the_same_whichever_partner_draws_it(couple, alice, bob):
    _openness_apart(alice, bob)
    pair_a, pair_b = pair_for(alice), pair_for(bob)
    assert cards._pool(pair_a) == cards._pool(pair_b)


def test_a_pausing_partners_newer_answers_do_not_feed_the_card(couple, alice, bob):
    from django.utils import timezone

    intimacy(alice, [80] * 8, days_ago=10)
    intimacy(bob, [80] * 8, days_ago=10)
    alice.sharing_paused_at = timezone.now() - timedelta(days=5)
    alice.save(update_fields=["sharing_paused_at"])
    before = cards._pool(pair_for(bob))
    values = [80] * 8
    values[ELEMENTS.index("openness")] = 20
    intimacy(alice, values)  # answered again while paused
    assert cards._pool(pair_for(bob)) == cards._pool(pair_for(alice)) == before
