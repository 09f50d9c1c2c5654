"""/checkin/: the weekly check-in form, as a page and as an htmx fragment."""

import html
import json
import re
import threading
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection

from couples.models import CheckIn
from steps.models import WeeklyAction
from tests.checkins import checked, form_data, make_checkin
from tests.conftest import HTMX, client_for

WEDNESDAY = datetime(2026, 11, 25, 12, tzinfo=UTC)
THIS_WEEK = date(2026, 11, 23)

@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


def test_partner_sees_the_form(alice_client, couple):
    response = alice_client.get("/checkin/")
    assert response.status_code == 200
    assert b"<h1>Your weekly check-in</h1>" in response.content
    assert b"How close did you feel to Bob this week?" in response.content
    assert b'name="week" value="2026-11-23"' in response.content
    assert b"Only you can see this." in response.content


def test_anonymous_is_sent_to_log_in(anon_client):
    response = anon_client.get("/checkin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/checkin/"


def test_user_without_a_partner_is_sent_home(lone_client, alice, alice_client):
    assert lone_client.get("/checkin/").url == "/"
    assert lone_client.post("/checkin/", {}).url == "/"
    assert CheckIn.objects.count() == 0


def test_outsider_sees_only_their_own_couple(carol_client, couple, other_couple, alice):
    make_checkin(couple, alice, THIS_WEEK, appreciation_note="Alice's thanks", private_note="Alice's secret")
    content = carol_client.get("/checkin/").content.decode()
    assert "How close did you feel to Dan this week?" in content
    assert "Alice" not in content and "Bob" not in content


def test_wrong_method_is_refused(alice_client, couple):
    assert alice_client.put("/checkin/").status_code == 405
    assert alice_client.delete("/checkin/").status_code == 405


def test_check_in_is_stored_and_redirects(alice_client, alice, couple):
    data = form_data(couple, appreciation_note="You made soup.", private_note="Felt tired.")
    response = alice_client.post("/checkin/", data)
    assert response.status_code == 302 and response.url == "/checkin/"
    checkin = CheckIn.objects.get()
    assert (checkin.couple, checkin.user, checkin.week_start) == (couple, alice, THIS_WEEK)
    assert (checkin.closeness, checkin.appreciated, checkin.pulled_away) == (7, 4, 1)
    assert checkin.appreciation_note == "You made soup."
    assert checkin.private_note == "Felt tired."
    assert checkin.did_step_action is None
    page = alice_client.get("/checkin/").content.decode()
    assert "Your check-in is saved." in page
    assert "Edit my check-in" in page and "<form" not in page.split('id="checkin-form"')[1].split("</section>")[0]
    page = alice_client.get("/checkin/?edit=1").content.decode()  # unfolded: the form, as saved
    assert "Update my check-in" in page
    assert checked(page, "closeness") == ["7"]


def test_resending_updates_and_never_duplicates(alice_client, couple):
    alice_client.post("/checkin/", form_data(couple, closeness="3"))
    alice_client.post("/checkin/", form_data(couple, closeness="3"))
    alice_client.post("/checkin/", form_data(couple, closeness="8", private_note="Better now."))
    checkin = CheckIn.objects.get()
    assert checkin.closeness == 8
    assert checkin.private_note == "Better now."


def test_partners_each_have_their_own_row(alice_client, bob_client, couple):
    alice_client.post("/checkin/", form_data(couple))
    bob_client.post("/checkin/", form_data(couple, closeness="5"))
    assert sorted(CheckIn.objects.values_list("closeness", flat=True)) == [5, 7]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("closeness", "11", "Please choose how close you felt, from 1 to 10."),
        ("closeness", "", "Please choose how close you felt, from 1 to 10."),
        ("appreciated", "0", "Please choose how appreciated you felt, from 1 to 5."),
        ("pulled_away", "many", "Please choose how many times you pulled away."),
        ("private_note", "x" * 2001, "Ensure this value has at most 2000 characters"),
        ("appreciation_note", "x" * 1001, "Ensure this value has at most 1000 characters"),
        ("week", "not-a-date", "This page was out of date."),
        ("week", "", "This page was out of date."),
    ],
)
def test_bad_values_get_a_clear_message_and_nothing_is_stored(alice_client, couple, field, value, message):
    response = alice_client.post("/checkin/", form_data(couple, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert CheckIn.objects.count() == 0


def test_editing_is_open_until_the_week_ends_then_refused(alice_client, couple, wednesday):
    couple.time_zone = "Europe/Berlin"
    couple.save()
    alice_client.post("/checkin/", form_data(couple, closeness="4"))
    wednesday.move_to(datetime(2026, 11, 29, 22, 59, tzinfo=UTC))  # Sunday 23:59 in Berlin
    data = form_data(couple, closeness="6")
    assert data["week"] == "2026-11-23"
    assert alice_client.post("/checkin/", data).status_code == 302
    assert CheckIn.objects.get().closeness == 6

    wednesday.move_to(datetime(2026, 11, 29, 23, 1, tzinfo=UTC))  # Monday 00:01 in Berlin
    response = alice_client.post("/checkin/", data | {"closeness": "9"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ended on Sunday 29 November" in page
    assert 'name="week" value="2026-11-30"' in page  # sending again counts for the new week
    assert checked(page, "closeness") == ["9"]  # the answers are kept
    checkin = CheckIn.objects.get()
    assert (checkin.week_start, checkin.closeness) == (THIS_WEEK, 6)


def test_a_week_that_has_not_started_is_refused(alice_client, couple):
    response = alice_client.post("/checkin/", form_data(couple, week="2026-11-30"))
    assert response.status_code == 400
    assert "This page was out of date" in response.content.decode()
    assert CheckIn.objects.count() == 0


def test_a_new_week_starts_a_fresh_form(alice_client, couple, wednesday):
    alice_client.post("/checkin/", form_data(couple, private_note="Last week's thought."))
    wednesday.move_to(datetime(2026, 12, 2, 12, tzinfo=UTC))
    page = alice_client.get("/checkin/").content.decode()
    assert "Save my check-in" in page
    assert "Last week&#x27;s thought." not in page
    assert checked(page, "closeness") == []


def test_step_action_names_my_one_thing(alice, alice_client, bob_client, couple):
    # No one thing chosen this week: nothing to ask about.
    assert b"Did you do your one thing" not in alice_client.get("/checkin/").content
    WeeklyAction.objects.create(user=alice, couple=couple, week_start=THIS_WEEK, text="Leave a note in a coat pocket")
    assert b"You chose: Leave a note in a coat pocket" in alice_client.get("/checkin/").content
    assert b"Leave a note in a coat pocket" not in bob_client.get("/checkin/").content
    alice_client.post("/checkin/", form_data(couple, did_step_action="yes"))
    assert CheckIn.objects.get().did_step_action is True
    alice_client.post("/checkin/", form_data(couple, did_step_action="no"))
    assert CheckIn.objects.get().did_step_action is False
    assert checked(alice_client.get("/checkin/?edit=1").content.decode(), "did_step_action") == ["no"]


def test_htmx_get_returns_only_the_fragment(alice_client, couple):
    response = alice_client.get("/checkin/", headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="checkin-form"')
    assert "<html" not in content and "<h1>" not in content
    assert 'data-hx-post="/checkin/"' in content and 'action="/checkin/"' in content


def test_htmx_submit_saves_and_announces_it(alice_client, couple):
    response = alice_client.post("/checkin/", form_data(couple), headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "checkin-saved"
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="checkin-form"')
    assert "Your check-in is saved." in content
    assert CheckIn.objects.count() == 1


def test_htmx_submit_with_errors_returns_the_fragment_with_messages(alice_client, couple):
    response = alice_client.post("/checkin/", form_data(couple, closeness=""), headers=HTMX)
    assert response.status_code == 400  # swapped in all the same: responseHandling in base.html
    assert "HX-Trigger" not in response.headers
    assert "Please choose how close you felt" in response.content.decode()
    assert CheckIn.objects.count() == 0


def test_htmx_swaps_a_refused_form_and_no_other_error(alice_client, couple):
    """base.html's htmx-config, read as htmx 2 reads responseHandling: the
    first rule whose code (a regular expression) matches the status wins."""
    page = alice_client.get("/checkin/").content.decode()
    config = json.loads(html.unescape(re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', page).group(1)))

    def handling(status):
        return next(rule for rule in config["responseHandling"] if re.search(rule["code"], str(status)))

    assert handling(400)["swap"] is True and not handling(400).get("error")
    assert handling(200)["swap"] is True and handling(204)["swap"] is False
    for status in (403, 404, 409, 429, 500, 503):
        assert handling(status) == {"code": "[45]..", "swap": False, "error": True}


def test_partners_note_appears_in_the_form_once_both_checked_in(alice_client, bob_client, alice, couple):
    make_checkin(couple, alice, THIS_WEEK, appreciation_note="Thank you for the walk.", private_note="Alice only.")
    before = bob_client.get("/checkin/").content.decode()
    assert "Alice has checked in. How close they felt, and their note to you, appear once you have too." in before
    assert "Thank you for the walk." not in before
    after = bob_client.post("/checkin/", form_data(couple), headers=HTMX).content.decode()
    assert "Thank you for the walk." in after
    assert "Alice only." not in after


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises all writers; the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_make_one_row(alice, couple):
    barrier = threading.Barrier(4)
    statuses = []

    def submit(closeness: str):
        try:
            client = client_for(alice)
            barrier.wait()
            statuses.append(client.post("/checkin/", form_data(couple, closeness=closeness)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(str(n),)) for n in range(2, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    assert CheckIn.objects.filter(user=alice).count() == 1


def test_bad_step_action_gets_a_clear_message(alice, alice_client, couple):
    WeeklyAction.objects.create(user=alice, couple=couple, week_start=THIS_WEEK, text="Make tea")
    response = alice_client.post("/checkin/", form_data(couple, did_step_action="maybe"))
    assert response.status_code == 400
    assert "Please choose yes or not this week." in response.content.decode()
    assert CheckIn.objects.count() == 0
