"""The counselor card on the dashboard (dashboard/support.py): each trigger on
a hand-made case, and none of them fed by anything of my partner's I cannot
already see (their unshared hope, their answers before the comparison
exists, their closeness for a week I did not check in)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from assessments.models import Submission
from assessments.scoring import Measure
from couples.checkins import WeekCloseness
from dashboard import support
from couples.comparison import Element
from steps.models import Hope
from tests import dashboards
from tests.checkins import make_checkin
from tests.conftest import HTMX
from tests.dashboards import intimacy
from tests.dashboards import shared_pages

WEDNESDAY = datetime(2026, 11, 25, 12, tzinfo=UTC)
THIS_WEEK = date(2026, 11, 23)
CARD = 'id="support"'


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def card(client) -> bool:
    return CARD in shared_pages(client)


# The rule by hand.

def element(n: int, mine: int, theirs: int) -> Element:
    return Element(f"e{n}", f"Element {n}", mine, theirs, 3, 3, Measure(items=3, most=12))  # three items


def week(n: int, mine: int | None, partner: int | None) -> WeekCloseness:
    return WeekCloseness(THIS_WEEK - timedelta(weeks=n), mine, partner, partner is not None)


def distancing_scores(self_substances: int = 0, partner_substances: int = 0) -> Submission:
    return Submission(scores={"self": {"substances": self_substances}, "partner": {"substances": partner_substances}})


def reasons(**given) -> list[str]:
    args = {"elements": [], "weeks": [], "current_week": THIS_WEEK, "my_distancing": None,
            "compared_distancing": None, "hopes": []}
    return support.reasons(**args | given)


def test_nothing_heavy_shows_no_card():
    assert reasons() == []
    assert reasons(elements=[element(n, 80, 80) for n in range(8)], weeks=[week(n, 7, 6) for n in range(3)],
                   my_distancing=distancing_scores(50, 50), hopes=[4, 9]) == []


def test_three_shared_growth_areas():
    low = [element(n, 10, 20) for n in range(3)]
    assert reasons(elements=low + [element(3, 90, 90)]) == ["growth"]
    assert reasons(elements=low[:2] + [element(3, 10, 90)]) == []  # two, and one seen differently


def test_closeness_three_or_less_for_both_in_the_last_three_weeks():
    assert reasons(weeks=[week(0, 3, 1), week(1, 2, 3), week(2, 1, 1)]) == ["closeness"]
    # This week still open: last week and the two before it.
    assert reasons(weeks=[week(0, 2, None), week(1, 2, 3), week(2, 1, 1), week(3, 3, 3)]) == ["closeness"]
    assert reasons(weeks=[week(0, 3, 4), week(1, 2, 3), week(2, 1, 1)]) == []  # one 4
    assert reasons(weeks=[week(0, 1, 1), week(1, 1, 1)]) == []  # two weeks are not three
    assert reasons(weeks=[week(1, 1, 1), week(2, 1, 1), week(4, 1, 1)]) == []  # the third is not lately
    assert reasons(weeks=[week(0, 1, None), week(1, 1, None), week(2, 1, None)]) == []  # mine alone


def test_hope_three_or_less():
    assert reasons(hopes=[3]) == ["hope"]
    assert reasons(hopes=[8, 0]) == ["hope"]
    assert reasons(hopes=[4, 10]) == []


def test_substance_use_often_or_more_about_either_of_us():
    assert reasons(my_distancing=distancing_scores(self_substances=75)) == ["substances"]
    assert reasons(my_distancing=distancing_scores(partner_substances=100)) == ["substances"]
    assert reasons(my_distancing=distancing_scores(50, 50)) == []  # "sometimes"
    theirs = distancing_scores(self_substances=75)
    assert reasons(compared_distancing=(distancing_scores(), theirs)) == ["substances"]


# On the dashboard, for both partners.

def test_shared_growth_areas_show_the_card_to_both_once_both_sent(alice_client, bob_client, alice, bob, couple):
    intimacy(alice, [10, 10, 10, 90, 90, 90, 90, 90])
    assert not card(alice_client) and not card(bob_client)  # no comparison yet
    intimacy(bob, [15, 20, 10, 90, 90, 90, 90, 90])
    assert card(alice_client) and card(bob_client)


def test_low_closeness_for_both_shows_the_card_to_both(alice_client, bob_client, alice, bob, couple):
    for n in range(3):
        make_checkin(couple, alice, THIS_WEEK - timedelta(weeks=n), closeness=2)
        make_checkin(couple, bob, THIS_WEEK - timedelta(weeks=n), closeness=3)
    assert card(alice_client) and card(bob_client)


def test_my_partners_closeness_for_weeks_i_missed_shows_me_nothing(alice_client, bob_client, alice, bob, couple):
    for n in range(3):
        make_checkin(couple, bob, THIS_WEEK - timedelta(weeks=n), closeness=1)
    make_checkin(couple, alice, THIS_WEEK, closeness=1)
    assert not card(alice_client) and not card(bob_client)


def test_closeness_held_back_by_a_pause_shows_nothing(alice_client, bob_client, alice, bob, couple):
    alice.sharing_paused_at = timezone.now() - timedelta(weeks=4)
    alice.save(update_fields=["sharing_paused_at"])
    for n in range(3):
        make_checkin(couple, alice, THIS_WEEK - timedelta(weeks=n), closeness=1)
        make_checkin(couple, bob, THIS_WEEK - timedelta(weeks=n), closeness=1)
    assert not card(bob_client)  # Alice's weeks do not reach him
    assert not card(alice_client)  # and hers, held back, unlock none of his


def test_my_low_hope_shows_me_the_card_and_my_partner_only_once_shared(alice_client, bob_client, alice, bob, couple):
    hope = Hope.objects.create(author=alice, couple=couple, hope=1, growth="Listen to the end.")
    assert card(alice_client)
    assert not card(bob_client)  # her hope is hers
    hope.shared = True
    hope.save(update_fields=["shared", "updated_at"])
    assert card(bob_client)


def test_a_shared_hope_changed_while_paused_stays_with_its_author(alice_client, bob_client, alice, bob, couple):
    Hope.objects.create(author=alice, couple=couple, hope=9, growth="Listen.", shared=True)
    alice.sharing_paused_at = timezone.now() - timedelta(hours=1)
    alice.save(update_fields=["sharing_paused_at"])
    Hope.objects.filter(author=alice).update(hope=1, updated_at=timezone.now())
    assert card(alice_client) and not card(bob_client)


def test_my_substance_answer_shows_me_the_card_and_my_partner_only_with_the_comparison(
    alice_client, bob_client, alice, bob, couple
):
    dashboards.distancing(alice, {"substances": 75}, 0)
    assert card(alice_client)
    assert not card(bob_client)  # his comparison does not exist yet
    dashboards.distancing(bob, 0, 0)
    assert card(bob_client)  # now he sees her "often" in the comparison too


def test_what_i_see_in_my_partner_shows_only_me_the_card_before_the_comparison(
    alice_client, bob_client, alice, bob, couple
):
    dashboards.distancing(alice, 0, {"substances": 100})
    assert card(alice_client) and not card(bob_client)


def test_sometimes_is_not_often(alice_client, bob_client, alice, bob, couple):
    dashboards.distancing(alice, {"substances": 50}, {"substances": 50})
    dashboards.distancing(bob, {"substances": 50}, {"substances": 50})
    assert not card(alice_client) and not card(bob_client)


def test_the_card_is_calm_private_and_points_to_help(alice_client, alice, couple):
    Hope.objects.create(author=alice, couple=couple, hope=0, growth="Rest.")
    page = shared_pages(alice_client)
    section = page[page.index(CARD) : page.index("</aside>")]
    assert '<h2 id="support-title">' in section and 'href="/help/"' in section
    assert "Only you can see this suggestion." in section
    assert "!" not in section


def test_the_card_is_in_no_fragment(alice_client, alice, couple):
    Hope.objects.create(author=alice, couple=couple, hope=0, growth="Rest.")
    for name in ("status", "intimacy", "distancing", "progress", "this-week"):
        assert CARD not in alice_client.get(f"/dashboard/panel/{name}/", headers=HTMX).content.decode()


def test_an_outsider_never_sees_it_for_another_couple(carol_client, alice, bob, couple, other_couple):
    Hope.objects.create(author=alice, couple=couple, hope=0, growth="Rest.", shared=True)
    dashboards.distancing(alice, 100, 100)
    dashboards.distancing(bob, 100, 100)
    assert not card(carol_client)


def test_the_anonymous_visitor_sees_the_welcome_page_only(anon_client):
    assert CARD not in shared_pages(anon_client)
