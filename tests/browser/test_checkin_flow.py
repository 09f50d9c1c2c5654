"""A partner checks in on a phone, changes an answer, and reads the history."""

import pytest

from couples import weeks
from couples.models import CheckIn
from tests.browser.conftest import audit
from tests.checkins import make_checkin
from tests.conftest import client_for, make_couple, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in_page(new_context, live_server, user):
    context = new_context()
    session = client_for(user).cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    return context.new_page()


def choose(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_text(answer, exact=True).click()


def test_partner_checks_in_edits_and_reads_history(new_context, live_server):
    alice, bob = make_user("Alice"), make_user("Bob")
    couple = make_couple(alice, bob, time_zone="Europe/Berlin")
    page = signed_in_page(new_context, live_server, alice)

    page.goto(live_server.url + "/checkin/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your weekly check-in"
    audit(page, "checkin-form")

    # Sending without answers: clear messages, nothing stored.
    page.get_by_role("button", name="Save my check-in").click()
    page.get_by_text("Please choose how close you felt, from 1 to 10.").wait_for()
    assert CheckIn.objects.count() == 0
    audit(page, "checkin-form-errors")

    choose(page, "How close did you feel to Bob this week?", "6")
    choose(page, "How appreciated did you feel?", "4")
    choose(page, "How many times did you pull away?", "Once")
    page.get_by_label("Something you appreciated about Bob").fill("You made me laugh on Tuesday.")
    page.get_by_label("A note for yourself").fill("I was short with him on Thursday.")
    page.get_by_role("button", name="Save my check-in").click()
    page.get_by_text("Your check-in is saved.").wait_for()
    audit(page, "checkin-saved")

    # Saved, it folds to a summary; Edit unfolds it. Change one answer: the same row is updated.
    assert page.locator("#checkin-form form").count() == 0
    page.get_by_role("link", name="Edit my check-in").click()
    choose(page, "How close did you feel to Bob this week?", "8")
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_role("button", name="Update my check-in").click()
    page.get_by_text("Your check-in is saved.").wait_for()
    checkin = CheckIn.objects.get()
    assert (checkin.closeness, checkin.appreciated, checkin.pulled_away) == (8, 4, 1)
    assert checkin.private_note == "I was short with him on Thursday."

    make_checkin(couple, bob, weeks.current_week(couple), closeness=7, appreciation_note="Thanks for the coffee.")
    page.get_by_role("link", name="Your check-ins week by week").click()
    page.get_by_role("heading", level=1, name="Your check-ins, week by week").wait_for()
    assert page.get_by_text("Thanks for the coffee.").is_visible()
    assert page.get_by_text("I was short with him on Thursday.").is_visible()
    assert "1 week in a row that you both checked in." in page.inner_text("main")
    audit(page, "checkin-history")

    page.goto(live_server.url + "/couple/settings/")
    audit(page, "couple-settings")


def test_partner_never_sees_the_private_note(new_context, live_server):
    alice, bob = make_user("Alice"), make_user("Bob")
    couple = make_couple(alice, bob)
    make_checkin(couple, alice, weeks.current_week(couple), private_note="Only mine.", appreciation_note="For Bob.")
    make_checkin(couple, bob, weeks.current_week(couple))
    page = signed_in_page(new_context, live_server, bob)
    page.goto(live_server.url + "/checkin/history/")
    assert page.get_by_text("For Bob.").is_visible()
    assert "Only mine." not in page.content()
    page.goto(live_server.url + "/checkin/")
    assert "Only mine." not in page.content()
