"""/checkin/history/ a page at a time: three months of weeks, grouped by
month, with an "Older weeks" link (?before=YYYY-MM), never a year on one page."""

from datetime import UTC, date, datetime, timedelta

import re

import pytest
import time_machine

from couples.models import CheckIn

WEDNESDAY = datetime(2026, 11, 25, 12, tzinfo=UTC)
THIS_WEEK = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def a_year(couple, alice, bob, weeks=52):
    CheckIn.objects.bulk_create(
        CheckIn(couple=couple, user=user, week_start=THIS_WEEK - timedelta(weeks=n), closeness=5, appreciated=3,
                pulled_away=0, appreciation_note=f"note-{n}-", private_note=f"private-{n}-")
        for n in range(weeks)
        for user in (alice, bob)
    )


def test_the_latest_three_months_grouped_by_month(alice_client, alice, bob, couple):
    a_year(couple, alice, bob)
    page = alice_client.get("/checkin/history/").content.decode()
    assert [m in page for m in ("November 2026", "October 2026", "September 2026")] == [True] * 3
    assert "August 2026" not in page.replace("before August", "")
    assert page.count('class="card history-week"') == 12  # 7 Sep to 23 Nov
    assert 'href="?before=2026-09"' in page
    assert "<span class=\"stat\">52</span> weeks in a row" in page  # the streak counts every week, not the page's


def test_older_weeks_page_back_to_the_first(alice_client, alice, bob, couple):
    a_year(couple, alice, bob)
    page = alice_client.get("/checkin/history/?before=2026-09").content.decode()
    assert "August 2026" in page and "June 2026" in page and "September 2026" not in page
    assert "Back to the latest weeks" in page and 'href="?before=2026-06"' in page
    last = alice_client.get("/checkin/history/?before=2026-03").content.decode()
    assert "December 2025" in last and "?before=" not in last  # nothing older than the first week


def test_each_page_keeps_the_reveal_and_privacy(alice_client, bob_client, alice, bob, couple):
    a_year(couple, alice, bob)
    CheckIn.objects.filter(user=alice, week_start__lt=date(2026, 9, 1)).delete()
    page = alice_client.get("/checkin/history/?before=2026-09").content.decode()
    assert not re.search(r"private-\d+-", page)  # Bob's private notes never reach her
    assert "note-20-" not in page  # Bob's note of a week Alice missed stays with him
    bob_page = bob_client.get("/checkin/history/?before=2026-09").content.decode()
    assert "private-20-" in bob_page and "note-20-" in bob_page  # his own


def test_a_month_it_cannot_read_says_so(alice_client, alice, bob, couple):
    a_year(couple, alice, bob, weeks=2)
    response = alice_client.get("/checkin/history/?before=soon")
    assert response.status_code == 200
    assert "couldn't read" in response.content.decode()


@pytest.mark.parametrize("weeks", [1, 104])
def test_an_older_page_runs_the_same_queries(alice_client, alice, bob, couple, weeks, django_assert_num_queries):
    a_year(couple, alice, bob, weeks)
    # With one week of history the older page is empty, and an empty page has
    # no notes whose replies to read (notices.templatetags.replies): one fewer.
    with django_assert_num_queries(7 if weeks == 1 else 8):
        assert alice_client.get("/checkin/history/?before=2026-06").status_code == 200


def test_outsider_sees_none_of_it(carol_client, alice, bob, couple, other_couple):
    a_year(couple, alice, bob, weeks=20)
    page = carol_client.get("/checkin/history/?before=2026-09").content.decode()
    assert not re.search(r"(note|private)-\d+-", page)


def test_anonymous_is_sent_to_log_in(anon_client):
    response = anon_client.get("/checkin/history/?before=2026-09")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
