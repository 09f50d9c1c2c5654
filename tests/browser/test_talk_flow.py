"""Talk it through on one phone held between two partners: appreciation, the
week's card with the speaker-and-listener guidance and the gentle timer, and
the end that becomes Ana's one thing and shows Ben "we talked about this" on
his own phone. axe on every stage, and no console error (CSP included)."""

import pytest

from steps.models import ConnectionIdea, WeeklyAction
from talk.models import TalkedAbout
from tests.browser.conftest import PHONE, audit
from tests.browser.test_steps_flow import log_in
from tests.conftest import PASSWORD, make_couple, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_phone_both_partners(live_server, new_context):
    ana, ben = make_user("Ana"), make_user("Ben")
    couple = make_couple(ana, ben)
    ConnectionIdea.objects.create(couple=couple, added_by=ben, text="Breakfast on the balcony")
    base, errors = live_server.url, []
    phone = log_in(new_context(PHONE), base, "ana@example.com", errors)

    phone.goto(base + "/talk/")
    audit(phone, "talk-appreciate-phone")
    phone.get_by_role("button", name="We've each said one").click()
    phone.get_by_role("heading", name="One thing worth talking about").wait_for()
    timer = phone.get_by_role("button", name="Start a 3-minute timer for each speaker")
    timer.click()
    phone.get_by_text("The timer is running").wait_for()
    assert phone.locator("[data-timer-clock]").inner_text().startswith(("3:00", "2:5"))
    audit(phone, "talk-topic-phone")
    phone.get_by_role("button", name="We've both had a turn").click()
    phone.get_by_role("heading", name="End with one small thing").wait_for()
    audit(phone, "talk-end-phone")
    phone.get_by_role("radio", name="Breakfast on the balcony").check()
    phone.get_by_role("button", name="We talked about this").click()
    phone.get_by_text("You two talked it through this week").wait_for()
    audit(phone, "talk-talked-phone")

    assert WeeklyAction.objects.get(user=ana).text == "Breakfast on the balcony"
    assert TalkedAbout.objects.filter(couple=couple).count() == 1

    # Ben, later, on his own phone: he sees it too, and not Ana's choice.
    other = log_in(new_context(PHONE), base, "ben@example.com", errors)
    other.goto(base + "/talk/?stage=end")
    other.get_by_text("You two talked it through this week").wait_for()
    assert "Your one thing this week" not in other.content()
    assert errors == []


def test_without_javascript_there_is_no_timer(live_server, browser):
    ana, ben = make_user("Ana"), make_user("Ben")
    make_couple(ana, ben)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Email").fill("ana@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(live_server.url + "/talk/")
        page.get_by_role("button", name="We've each said one").click()
        page.get_by_role("heading", name="One thing worth talking about").wait_for()
        assert not page.get_by_role("button", name="Start a 3-minute timer for each speaker").is_visible()
        page.get_by_role("button", name="We've both had a turn").click()
        page.get_by_role("button", name="We talked about this").click()
        page.get_by_text("You two talked it through this week").wait_for()
    finally:
        context.close()
