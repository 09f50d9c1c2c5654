"""/checkin/history/: my own past check-ins and the couple's shared part."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from couples.models import CheckIn
from couples.weeks import current_week
from tests.checkins import make_checkin
from tests.conftest import HTMX

WEDNESDAY = datetime(2026, 11, 25, 12, tzinfo=UTC)
THIS_WEEK = date(2026, 11, 23)


def weeks_ago(n: int) -> date:
    return THIS_WEEK - timedelta(weeks=n)


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def test_partner_sees_their_own_answers_and_both_closeness_values(alice_client, alice, bob, couple):
    make_checkin(couple, alice, weeks_ago(1), closeness=8, appreciated=5, pulled_away=2, private_note="Mine to keep.")
    make_checkin(couple, bob, weeks_ago(1), closeness=3, appreciated=1, pulled_away=4)
    response = alice_client.get("/checkin/history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Your check-ins, week by week</h1>" in page
    assert "Week of 16 November 2026" in page
    assert 'class="bar--you" width="8"' in page and 'class="bar--partner" width="3"' in page
    assert "5 out of 5" in page and "Twice" in page  # Alice's own answers
    assert "1 out of 5" not in page and "4 or more" not in page  # Bob's are his
    assert "Mine to keep." in page


def test_anonymous_is_sent_to_log_in(anon_client):
    response = anon_client.get("/checkin/history/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/checkin/history/"


def test_user_without_a_partner_is_sent_home(lone_client):
    assert lone_client.get("/checkin/history/").url == "/"


def test_outsider_sees_only_their_own_couple(carol_client, alice, couple, other_couple):
    make_checkin(couple, alice, weeks_ago(1), appreciation_note="For Bob", private_note="Alice only")
    page = carol_client.get("/checkin/history/").content.decode()
    assert "Dan" in page
    assert "Alice" not in page and "For Bob" not in page and "Alice only" not in page
    assert "Nothing here yet." in page


def test_wrong_method_is_refused(alice_client, couple):
    assert alice_client.post("/checkin/history/").status_code == 405


def test_notes_are_revealed_only_when_both_checked_in(alice_client, bob_client, alice, bob, couple):
    make_checkin(couple, alice, weeks_ago(2), appreciation_note="Thanks for the tea.")
    make_checkin(couple, bob, weeks_ago(1), appreciation_note="You listened.")
    make_checkin(couple, alice, weeks_ago(1), appreciation_note="You cooked.")
    alice_page = alice_client.get("/checkin/history/").content.decode()
    bob_page = bob_client.get("/checkin/history/").content.decode()
    # Both checked in a week ago: each sees the other's note.
    assert "You listened." in alice_page and "You cooked." in bob_page
    # Two weeks ago only Alice checked in: her note stays hers.
    assert "Thanks for the tea." in alice_page
    assert "Thanks for the tea." not in bob_page
    assert "You see how close Alice felt, and their note, for the weeks you both checked in." in bob_page


def test_private_notes_are_never_shown_to_the_partner(alice_client, bob_client, alice, bob, couple):
    make_checkin(couple, alice, weeks_ago(1), private_note="ALICE-PRIVATE", appreciation_note="ALICE-SHARED")
    make_checkin(couple, bob, weeks_ago(1), private_note="BOB-PRIVATE")
    make_checkin(couple, alice, THIS_WEEK, private_note="ALICE-PRIVATE-NOW")
    bob_client.post("/checkin/", {})  # even a failed submit re-renders nothing of Alice's
    pages = {
        url: bob_client.get(url, headers=headers).content.decode()
        for url in ["/", "/checkin/", "/checkin/history/", "/couple/settings/"]
        for headers in [{}, HTMX]
    }
    assert "ALICE-SHARED" in pages["/checkin/history/"]
    assert "BOB-PRIVATE" in pages["/checkin/history/"]
    for url, page in pages.items():
        assert "ALICE-PRIVATE" not in page, url
    assert "ALICE-PRIVATE" in alice_client.get("/checkin/history/").content.decode()


def test_streak_counts_weeks_both_checked_in(alice_client, alice, bob, couple):
    for n in (1, 2, 3):
        make_checkin(couple, alice, weeks_ago(n))
        make_checkin(couple, bob, weeks_ago(n))
    make_checkin(couple, alice, weeks_ago(5))  # an older week only Alice did
    make_checkin(couple, alice, THIS_WEEK)  # this week is still open for Bob
    page = alice_client.get("/checkin/history/").content.decode()
    assert '<span class="stat">3</span> weeks in a row that you both checked in, up to last week.' in page

    make_checkin(couple, bob, THIS_WEEK)
    page = alice_client.get("/checkin/history/").content.decode()
    assert '<span class="stat">4</span> weeks in a row that you both checked in.' in page


def test_no_streak_is_said_plainly(alice_client, alice, bob, couple):
    make_checkin(couple, alice, weeks_ago(3))
    make_checkin(couple, bob, weeks_ago(3))
    page = alice_client.get("/checkin/history/").content.decode()
    assert "No run of weeks together right now." in page
    assert 'class="stat"' not in page


def _history_of(couple, alice, bob, weeks: int) -> None:
    CheckIn.objects.bulk_create(
        CheckIn(couple=couple, user=user, week_start=weeks_ago(n), closeness=5, appreciated=3, pulled_away=0,
                appreciation_note=f"note {n}", private_note=f"private {n}")
        for n in range(weeks)
        for user in (alice, bob)
    )


@pytest.mark.parametrize("weeks", [1, 104])
def test_query_count_does_not_grow_with_history(alice_client, alice, bob, couple, weeks, django_assert_num_queries):
    _history_of(couple, alice, bob, weeks)
    # Session, user, the couple with both partners, my check-ins and the
    # partner's shared part for the months shown, the streak (dates only, all
    # weeks), whether any week is older (two more than one long page), and the
    # replies to the notes shown (all of them in one query).
    with django_assert_num_queries(8):
        response = alice_client.get("/checkin/history/")
    shown = response.content.decode().count('class="card history-week"')
    assert shown == weeks if weeks == 1 else 12 <= shown <= 14  # three months of weeks


def test_this_week_is_the_couples_week_even_with_a_check_in_dated_later(alice_client, alice, bob, couple):
    """After a move to a time zone further west, a check-in can be dated a
    week ahead: the history page still knows this week's check-in is done."""
    this_week = current_week(couple)
    for person in (alice, bob):
        make_checkin(couple, person, this_week + timedelta(weeks=1))
        make_checkin(couple, person, this_week)
    page = alice_client.get("/checkin/history/").content.decode()
    assert "Change this week's check-in" in page
    assert "up to last week" not in page
