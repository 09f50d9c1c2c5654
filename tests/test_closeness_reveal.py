"""Weekly closeness follows mutual reveal: my partner's closeness for a week
reaches me only once I have checked in that week too, as they can see it (a
check-in of mine held back by my own pause unlocks nothing). Every page and
fragment that shows closeness: the dashboard's chart, its table and caption,
the status panel, the check-in page and its fragment after saving, the
history page, and the reminder e-mail."""

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from couples import sharing
from couples.access import pair_for
from couples.reminders import send_reminders
from tests.checkins import form_data, make_checkin
from tests.conftest import HTMX, committed
from tests.dashboards import shared_pages

WEDNESDAY = datetime(2026, 11, 25, 12, tzinfo=UTC)
THIS_WEEK = date(2026, 11, 23)
LAST_WEEK = THIS_WEEK - timedelta(weeks=1)
BOBS = 9  # Bob's closeness; Alice answers 2, so a 9 in a closeness place is his

PAGES = {
    "dashboard": ("/", {}),
    "status": ("/dashboard/panel/status/", HTMX),
    "progress": ("/dashboard/panel/progress/", HTMX),
    "this-week": ("/dashboard/panel/this-week/", HTMX),
    "checkin": ("/checkin/", {}),
    "checkin fragment": ("/checkin/", HTMX),
    "history": ("/checkin/history/", {}),
}


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def shows_bobs_closeness(page: str) -> bool:
    """Bob's number in any of the places closeness is shown: his line on the
    chart, his column of its table, his bar on the history page, the
    check-in form's sentence."""
    return bool(
        re.search(r'class="line line--partner" d="M', page)
        or f'<td class="num">{BOBS}</td></tr>' in page
        or f'class="bar--partner" width="{BOBS}"' in page
        or f"<strong>{BOBS}</strong> out of 10" in page
    )


def pages(client) -> dict[str, str]:
    return {name: client.get(url, headers=headers).content.decode() for name, (url, headers) in PAGES.items()}


def pause(user, days_ago: int = 1) -> None:
    user.sharing_paused_at = timezone.now() - timedelta(days=days_ago)
    user.save(update_fields=["sharing_paused_at"])


def test_before_my_check_in_my_partners_closeness_is_absent_everywhere(alice_client, alice, bob, couple):
    make_checkin(couple, bob, THIS_WEEK, closeness=BOBS)
    for name, page in pages(alice_client).items():
        assert not shows_bobs_closeness(page), name
    seen = pages(alice_client)
    # Only that he checked in, as the status always said.
    status = seen["status"]
    assert "This week's check-in</th>\n          <td><a href=\"/#checkin-form\">Not yet</a></td>\n          <td>Done</td>" in status
    assert '<td class="num">–</td><td class="num">Checked in</td></tr>' in seen["progress"]
    assert '<span class="muted history-week__missing">Checked in</span>' in seen["history"]
    assert "Bob has checked in. How close they felt, and their note to you, appear once you have too." in seen["checkin"]
    assert "How close Bob felt this week, and their note to you, appear once you've checked in too." in seen["history"]


def test_after_my_check_in_it_is_present(alice_client, alice, bob, couple):
    make_checkin(couple, bob, THIS_WEEK, closeness=BOBS)
    response = alice_client.post("/checkin/", form_data(couple, closeness="2"), headers=HTMX)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "checkin-saved"
    saved = response.content.decode()
    assert "Your check-in is saved." in saved and shows_bobs_closeness(saved)  # the fragment after saving
    assert f'How close <span class="partner">Bob</span> felt this week: <strong>{BOBS}</strong> out of 10.' in saved
    seen = pages(alice_client)
    for name in ("dashboard", "progress", "this-week", "checkin", "checkin fragment", "history"):
        assert shows_bobs_closeness(seen[name]), name
    assert not shows_bobs_closeness(seen["status"])  # the status panel never shows a number
    assert f'<td class="num">2</td><td class="num">{BOBS}</td></tr>' in seen["progress"]


def test_my_check_in_held_back_by_my_own_pause_unlocks_nothing(alice_client, alice, bob, couple):
    make_checkin(couple, bob, THIS_WEEK, closeness=BOBS)
    pause(alice)
    assert alice_client.post("/checkin/", form_data(couple, closeness="2"), headers=HTMX).status_code == 200
    seen = pages(alice_client)
    for name, page in seen.items():
        assert not shows_bobs_closeness(page), name
    assert "You've paused sharing, so how close they felt, and their note, wait until you resume." in seen["checkin"]
    assert "You've paused sharing, so how close Bob felt this week, and their note, wait until you resume." in seen["history"]
    assert '<td class="num">2</td><td class="num">Checked in</td></tr>' in seen["progress"]

    alice.sharing_paused_at = None  # resuming lets my check-in reach Bob: his reaches me
    alice.save(update_fields=["sharing_paused_at"])
    assert shows_bobs_closeness(shared_pages(alice_client))


def test_a_check_in_of_mine_from_before_my_pause_still_counts(alice_client, alice, bob, couple):
    make_checkin(couple, alice, LAST_WEEK, closeness=2, updated_at=timezone.now() - timedelta(days=5))
    make_checkin(couple, bob, LAST_WEEK, closeness=BOBS)
    pause(alice, days_ago=1)
    assert shows_bobs_closeness(alice_client.get("/checkin/history/").content.decode())
    assert shows_bobs_closeness(alice_client.get("/dashboard/panel/progress/", headers=HTMX).content.decode())


def test_a_past_week_i_missed_keeps_my_partners_number_with_them(alice_client, alice, bob, couple):
    make_checkin(couple, bob, LAST_WEEK, closeness=BOBS, appreciation_note="BOB-NOTE")
    make_checkin(couple, alice, THIS_WEEK, closeness=2)
    make_checkin(couple, bob, THIS_WEEK, closeness=5)
    history = alice_client.get("/checkin/history/").content.decode()
    assert not shows_bobs_closeness(history) and "BOB-NOTE" not in history
    assert "You see how close Bob felt, and their note, for the weeks you both checked in." in history
    assert 'class="bar--partner" width="5"' in history  # this week both checked in
    progress = alice_client.get("/dashboard/panel/progress/", headers=HTMX).content.decode()
    assert '<td class="num">–</td><td class="num">Checked in</td></tr>' in progress
    assert '<td class="num">2</td><td class="num">5</td></tr>' in progress


def test_the_rule_holds_both_ways(bob_client, alice, bob, couple):
    make_checkin(couple, alice, THIS_WEEK, closeness=BOBS)  # Alice's this time: the same markers
    for name, page in pages(bob_client).items():
        assert not shows_bobs_closeness(page), name
    make_checkin(couple, bob, THIS_WEEK, closeness=2)
    assert shows_bobs_closeness(shared_pages(bob_client))


def test_the_caption_follows_only_the_weeks_revealed(alice_client, alice, bob, couple):
    """Bob's six falling weeks, none of which Alice checked in: the caption
    says nothing of his direction."""
    for n, value in enumerate([3, 3, 3, 8, 8, 8]):
        make_checkin(couple, bob, THIS_WEEK - timedelta(weeks=n), closeness=value)
    for n in range(6):
        make_checkin(couple, alice, THIS_WEEK - timedelta(weeks=n + 6), closeness=5)
    page = alice_client.get("/dashboard/panel/progress/", headers=HTMX).content.decode()
    assert "less close" not in page
    assert "there aren't yet enough weeks you've both checked in to show how it's going for Bob" in html.unescape(page)


def test_the_reminder_says_nothing_of_the_partners_check_in(alice, bob, couple):
    make_checkin(couple, bob, THIS_WEEK, closeness=BOBS, appreciation_note="BOB-NOTE")
    with time_machine.travel(datetime(2026, 11, 29, 10, tzinfo=UTC), tick=False), committed():
        assert send_reminders() == 1
    (message,) = mail.outbox
    assert message.to == ["alice@example.com"]
    assert "Bob" not in message.body and "BOB-NOTE" not in message.body and "out of 10" not in message.body


def test_week_revealed_by_hand(alice, bob, couple):
    pair = pair_for(alice)
    now = timezone.now()
    assert not sharing.week_revealed(pair, None)  # no check-in of mine
    assert sharing.week_revealed(pair, now)
    alice.sharing_paused_at = now - timedelta(hours=1)
    assert not sharing.week_revealed(pair_for(alice), now)  # saved since my pause
    assert sharing.week_revealed(pair_for(alice), now - timedelta(hours=2))  # saved before it
