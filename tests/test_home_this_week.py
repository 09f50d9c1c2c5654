"""/ for a paired partner: "This week". One next thing (dashboard.next_thing),
the check-in folding to a summary, my one thing, what my partner shared since
my last visit, and a one-line glance; the full comparison and the chart have
their own pages (/together/, /progress/)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from couples import weeks
from couples.access import pair_for
from couples.models import CheckIn, Membership
from dashboard.next_thing import RULES, next_thing
from dashboard.panels import Dashboard
from steps.models import Hope, Interest, Resentment, StepDone, WeeklyAction
from tests import dashboards
from tests.checkins import form_data, make_checkin
from tests.conftest import HTMX
from tests.questionnaires import answers_for, make_draft


def thing(user) -> str:
    return next_thing(Dashboard(pair_for(user))).key


def both_answered(alice, bob):
    for user in (alice, bob):
        dashboards.intimacy(user, [80] * 8)
        dashboards.distancing(user, 1, 1)


# The next thing, rule by rule, on hand cases.

def test_first_evening_answer_a_questionnaire(alice, couple):
    assert thing(alice) == "answer"
    assert next_thing(Dashboard(pair_for(alice))).label == "Answer the closeness questionnaire"


def test_part_way_through_it_is_carry_on_n_of_n(alice, alice_client, couple):
    make_draft(alice, "intimacy", dict(list(answers_for("intimacy").items())[:14]))
    nxt = next_thing(Dashboard(pair_for(alice)))
    assert (nxt.key, nxt.label) == ("carry_on", "Carry on (14 of 35)")
    page = alice_client.get("/").content.decode()
    assert "Carry on (14 of 35)" in page
    assert "Carry on (14 of 35)" in alice_client.get("/together/").content.decode()  # not "Answer the closeness..."


def test_a_draft_with_nothing_answered_is_still_answer(alice, couple):
    make_draft(alice, "intimacy", {})
    assert thing(alice) == "answer"


def test_my_safety_check_comes_first(alice, bob, couple):
    dashboards.intimacy(alice, [80] * 8, cleared=False)
    make_draft(alice, "distancing", {"criticism_self": 2})
    assert thing(alice) == "safety_check"


def test_a_comparison_newly_ready_then_check_in(alice, bob, alice_client, couple):
    both_answered(alice, bob)
    assert thing(alice) == "comparison_ready"
    alice_client.get("/together/")  # seen: the next thing moves on
    assert thing(alice) == "check_in"
    make_checkin(couple, alice, weeks.current_week(couple))
    assert thing(alice) == "step"


def test_a_visit_before_the_comparison_does_not_count_as_seeing_it(alice, bob, alice_client, couple):
    dashboards.intimacy(alice, [80] * 8)
    alice_client.get("/together/")  # waiting for Bob: nothing compared to see yet
    dashboards.intimacy(bob, [80] * 8, days_ago=1)  # sent before her visit, cleared after it
    assert thing(alice) == "comparison_ready"


def test_my_partners_safety_check_changes_nothing_for_me(alice, bob, couple):
    """A yes on Bob's check (or a check still to come) looks to Alice exactly
    like a questionnaire he has not sent: her next thing is the same."""
    dashboards.intimacy(alice, [80] * 8)
    dashboards.distancing(alice, 1, 1)
    before = thing(alice)
    dashboards.intimacy(bob, [80] * 8, cleared=False)
    dashboards.distancing(bob, 1, 1, cleared=False)
    assert thing(alice) == before == "check_in"


def test_every_rule_is_in_one_ordered_list():
    assert [r.__name__ for r in RULES] == [
        "safety_check", "comparison_ready", "carry_on", "answer", "check_in", "conversation", "this_weeks_step"
    ]


def _seen_and_checked_in(alice, alice_client, bob, couple):
    both_answered(alice, bob)
    alice_client.get("/together/")  # the comparison seen
    make_checkin(couple, alice, weeks.current_week(couple))


def test_after_the_check_in_this_weeks_step(alice, alice_client, bob, couple):
    _seen_and_checked_in(alice, alice_client, bob, couple)
    # The fixture couple paired a year ago: all five steps are open, step 5 is this week's.
    step = next_thing(Dashboard(pair_for(alice)))
    assert (step.key, step.label, step.url) == ("step", "Go to step 5: Closer, without pressure", "/steps/5/")


def test_after_all_five_of_my_own_the_weekly_conversation(alice, alice_client, bob, couple):
    _seen_and_checked_in(alice, alice_client, bob, couple)
    for number in range(1, 5):
        StepDone.objects.create(user=alice, couple=couple, step=number)
    assert thing(alice) == "step"  # four of five
    StepDone.objects.create(user=alice, couple=couple, step=5)
    assert thing(alice) == "conversation" and next_thing(Dashboard(pair_for(alice))).url == "/talk/"
    assert thing(bob) != "conversation"  # only my own marks count: never where my partner is


# The check-in, folded once saved.

def test_the_check_in_folds_to_a_summary_and_unfolds_with_edit(alice, alice_client, couple):
    page = alice_client.get("/").content.decode()
    assert "Save my check-in" in page
    alice_client.post("/checkin/", form_data(couple, closeness="8"))
    page = alice_client.get("/").content.decode()
    assert "Save my check-in" not in page and "Update my check-in" not in page
    assert "8 out of 10" in page and 'href="?edit=1#checkin-form"' in page
    unfolded = alice_client.get("/?edit=1").content.decode()
    assert "Update my check-in" in unfolded


def test_saving_through_htmx_answers_the_summary(alice, alice_client, couple):
    response = alice_client.post("/checkin/", form_data(couple, closeness="6"), headers=HTMX)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "checkin-saved"
    page = response.content.decode()
    assert "Your check-in is saved." in page and "Edit my check-in" in page and "<form" not in page
    edit = alice_client.get("/checkin/?edit=1", headers=HTMX).content.decode()
    assert "<html" not in edit and "Update my check-in" in edit


def test_a_bad_check_in_stays_unfolded_with_its_message(alice, alice_client, couple):
    response = alice_client.post("/checkin/", form_data(couple, closeness="11"), headers=HTMX)
    assert response.status_code == 400
    assert "<form" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_partners_closeness_only_once_i_checked_in(alice, bob, alice_client, couple):
    make_checkin(couple, bob, weeks.current_week(couple), closeness=3, appreciation_note="BOB-NOTE")
    page = alice_client.get("/").content.decode()
    assert "BOB-NOTE" not in page and "<strong>3</strong> out of 10" not in page
    alice_client.post("/checkin/", form_data(couple))
    page = alice_client.get("/").content.decode()
    assert "BOB-NOTE" in page and "<strong>3</strong> out of 10" in page


# My one thing.

def test_my_one_thing_or_a_way_to_choose_one(alice, bob, alice_client, bob_client, couple):
    assert "Choose one in step 5" in alice_client.get("/").content.decode()
    WeeklyAction.objects.create(user=alice, couple=couple, week_start=weeks.current_week(couple), text="Walk to the bakery")
    page = alice_client.get("/").content.decode()
    assert "You chose: <strong>Walk to the bakery</strong>" in page
    assert "Did you do your one thing this week?" in page  # and the check-in asks about it
    assert "Walk to the bakery" not in bob_client.get("/").content.decode()


# What my partner shared since my last visit.

def test_what_my_partner_shared_since_my_last_visit(alice, bob, alice_client, couple):
    Interest.objects.create(author=bob, couple=couple, text="BOB-SHARED-INTEREST", shared=True)
    Interest.objects.create(author=bob, couple=couple, text="BOB-PRIVATE-INTEREST")
    Resentment.objects.create(author=bob, couple=couple, text="BOB-PRIVATE-RESENTMENT")
    page = alice_client.get("/").content.decode()
    assert "BOB-SHARED-INTEREST" in page
    assert "BOB-PRIVATE" not in page
    # Seen: the next visit lists only what is new since.
    assert "BOB-SHARED-INTEREST" not in alice_client.get("/").content.decode()
    Hope.objects.create(author=bob, couple=couple, hope=7, growth="BOB-SHARED-GROWTH", shared=True)
    page = alice_client.get("/").content.decode()
    assert "BOB-SHARED-GROWTH" in page and "BOB-SHARED-INTEREST" not in page


def test_nothing_shared_while_my_partner_pauses_reaches_me(alice, bob, alice_client, couple):
    Interest.objects.create(author=bob, couple=couple, text="BEFORE-PAUSE", shared=True)
    User.objects.filter(pk=bob.pk).update(sharing_paused_at=timezone.now())
    Interest.objects.create(author=bob, couple=couple, text="DURING-PAUSE", shared=True)
    page = alice_client.get("/").content.decode()
    assert "BEFORE-PAUSE" in page and "DURING-PAUSE" not in page


def test_my_own_shared_items_are_not_news_to_me(alice, alice_client, couple):
    Interest.objects.create(author=alice, couple=couple, text="MINE-SHARED", shared=True)
    assert "MINE-SHARED" not in alice_client.get("/").content.decode()


def test_the_visit_is_noted_on_my_membership_only(alice, bob, alice_client, couple):
    alice_client.get("/")
    seen = dict(Membership.objects.filter(couple=couple).values_list("user_id", "last_seen_home_at"))
    assert seen[alice.pk] is not None and seen[bob.pk] is None


# Access and cost.

@pytest.mark.parametrize("path", ["/together/", "/progress/"])
def test_partner_outsider_and_anonymous(path, alice_client, carol_client, lone_client, anon_client, alice, bob, couple, other_couple):
    both_answered(alice, bob)
    assert alice_client.get(path).status_code == 200
    outsider = carol_client.get(path)  # her own couple's page, nothing of Alice and Bob's
    assert outsider.status_code == 200 and "Bob" not in outsider.content.decode() and "Dan" in outsider.content.decode()
    assert lone_client.get(path).status_code == 404  # no partner yet
    assert anon_client.get(path).url == f"/accounts/login/?next={path}"
    assert alice_client.post(path).status_code == 405


def test_together_holds_the_comparison_and_home_does_not(alice, bob, alice_client, couple):
    both_answered(alice, bob)
    together = alice_client.get("/together/").content.decode()
    assert 'id="panel-intimacy"' in together and 'id="panel-distancing"' in together
    home = alice_client.get("/").content.decode()
    assert 'id="panel-intimacy"' not in home and 'id="panel-progress"' not in home


def history(couple, alice, bob, count):
    current = weeks.current_week(couple)
    CheckIn.objects.bulk_create(
        CheckIn(couple=couple, user=user, week_start=current - timedelta(weeks=n + 1), closeness=5, appreciated=3, pulled_away=0)
        for n in range(count)
        for user in (alice, bob)
    )
    for n in range(count % 5 + 1):
        Interest.objects.create(author=bob, couple=couple, text=f"shared {n}", shared=True)


@pytest.mark.parametrize("count", [1, 104])
def test_home_query_count_is_fixed(alice_client, alice, bob, couple, count, django_assert_num_queries):
    history(couple, alice, bob, count)
    both_answered(alice, bob)
    # session, user, couple and partner (with my last visits), both
    # questionnaires' histories, this week's check-in (mine, the partner's
    # shared part), my step-5 action, what was shared since my last visit (one
    # union), the streak's dates, and noting this visit. (My drafts are read
    # only when no earlier rule of the next thing applies: +1 then.)
    with django_assert_num_queries(10):
        assert alice_client.get("/").status_code == 200


@pytest.mark.parametrize("count", [1, 104])
def test_home_query_count_when_the_next_thing_is_the_step(alice_client, alice, bob, couple, count, django_assert_num_queries):
    """Every rule before the step falls through: my drafts (+1), then the
    couple's step dates and my done marks (steps.pacing.walk, +2)."""
    history(couple, alice, bob, count)
    _seen_and_checked_in(alice, alice_client, bob, couple)
    with django_assert_num_queries(13):
        assert b"Go to step 5" in alice_client.get("/").content


@pytest.mark.parametrize("count", [1, 104])
def test_together_query_count_is_fixed(alice_client, alice, bob, couple, count, django_assert_num_queries):
    history(couple, alice, bob, count)
    both_answered(alice, bob)
    # session, user, couple, both histories, the chart's weeks and the hopes
    # (the counselor card), this week (2), the streak, steps, noting the visit
    with django_assert_num_queries(11):
        assert alice_client.get("/together/").status_code == 200


@pytest.mark.parametrize("count", [1, 104])
def test_progress_query_count_is_fixed(alice_client, alice, bob, couple, count, django_assert_num_queries):
    history(couple, alice, bob, count)
    both_answered(alice, bob)
    # session, user, couple, both histories, the chart's weeks, the hopes (the counselor card)
    with django_assert_num_queries(6):
        assert alice_client.get("/progress/").status_code == 200
