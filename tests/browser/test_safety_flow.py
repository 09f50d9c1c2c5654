"""Ana and Ben have both answered the questionnaires. Ana's private safety
check says yes: Ben's dashboard keeps saying only that it waits for her; Ana
sees why, and where to find help. Later she turns comparison back on (two
steps), and both of them see the side-by-side."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import audit
from tests.browser.test_checkin_flow import choose
from tests.browser.test_steps_flow import log_in
from tests.conftest import make_couple, make_user
from tests.dashboards import distancing, intimacy

pytestmark = pytest.mark.django_db(transaction=True)

WAITING = "Waiting for Ana to answer"
SIDE_BY_SIDE = "Every part"
QUESTIONS = [
    "Do you ever feel afraid of your partner?",
    "Has your partner threatened you, hurt you, or forced you into anything, sexual things included?",
    "Does your partner control your money or your phone, whom you see, or where you go?",
    "Lately, have you had thoughts of harming yourself?",
]


def answer_check_with_no(page) -> None:
    """Answer the private safety check from the page that offers it, "No" to everything."""
    page.get_by_role("link", name="Answer the private check").first.click()
    for question in QUESTIONS:
        choose(page, question, "No")
    page.get_by_role("button", name="Send, privately").click()
    expect(page.get_by_text("Thank you. Your answers can be set side by side")).to_be_visible()


def test_a_yes_switches_comparison_off_privately_and_it_can_be_turned_back_on(live_server, new_context):
    ana, ben = make_user("Ana"), make_user("Ben")
    make_couple(ana, ben)
    intimacy(ben, [70, 60, 50, 65, 75, 55, 80, 60])
    distancing(ben, 25, {"criticism": 50})
    # Ana has sent hers; her check is still to come.
    intimacy(ana, [40, 50, 60, 45, 35, 55, 30, 50], cleared=False)
    distancing(ana, 50, 25, cleared=False)
    base = live_server.url

    b = log_in(new_context(), base, "ben@example.com")
    b.reload()  # without the "signed in" message
    before_home = b.locator("main").inner_text()
    b.goto(base + "/together/")
    expect(b.locator("#panel-intimacy").get_by_text(WAITING)).to_be_visible()
    before = b.locator("main").inner_text()

    a = log_in(new_context(), base, "ana@example.com")
    expect(a.locator(".next-thing").get_by_role("link", name="Answer the private check")).to_be_visible()  # This week's one next thing
    a.goto(base + "/together/")
    expect(a.locator("#panel-intimacy").get_by_text("One short private check before you see your answers side by side")).to_be_visible()
    a.goto(base + "/questionnaires/")
    a.get_by_role("link", name="Answer the private check").click()
    expect(a.get_by_role("heading", level=1)).to_have_text("A private check")
    audit(a, "safety-check")
    for question, answer in zip(QUESTIONS, ["Yes", "No", "I'd rather not say", "No"]):
        choose(a, question, answer)
    a.get_by_role("button", name="Send, privately").click()

    expect(a.get_by_role("heading", level=1)).to_have_text("Comparing is switched off")
    expect(a.get_by_text("Nothing was shown or sent to your partner.")).to_be_visible()
    expect(a.locator('a[href="tel:+18007997233"]')).to_be_visible()
    expect(a.locator('a[href^="tel:"]').first).to_be_visible()
    audit(a, "safety-result")
    a.goto(base + "/together/")
    expect(a.locator("#panel-intimacy").get_by_text("You've switched comparing off for now")).to_be_visible()
    expect(a.get_by_text(SIDE_BY_SIDE)).to_have_count(0)
    expect(a.get_by_text("You've paused sharing")).to_have_count(0)
    audit(a, "dashboard-comparison-off")

    b.reload()
    expect(b.locator("#panel-intimacy").get_by_text(WAITING)).to_be_visible()
    expect(b.get_by_text(SIDE_BY_SIDE)).to_have_count(0)
    assert b.locator("main").inner_text() == before  # not a word more or less
    audit(b, "dashboard-partner-check-yes")
    b.goto(base + "/")
    assert b.locator("main").inner_text() == before_home  # This week too: the same next thing, not a word more or less
    b.goto(base + "/together/")

    a.locator("#panel-intimacy").get_by_role("link", name="Why, where to find help, and how to turn it back on").click()
    a.get_by_role("link", name="Turn comparing back on").click()
    expect(a.get_by_role("heading", level=1)).to_have_text("Turn comparing back on?")
    audit(a, "safety-turn-on")
    a.get_by_role("button", name="Yes, turn it back on").click()
    expect(a.get_by_text("Comparison is back on.")).to_be_visible()
    expect(a.locator(".next-thing").get_by_role("link", name="See your answers side by side")).to_be_visible()
    a.goto(base + "/together/")
    expect(a.get_by_text(SIDE_BY_SIDE)).to_be_visible()

    b.reload()
    expect(b.get_by_text(SIDE_BY_SIDE)).to_be_visible()
    expect(b.get_by_text(WAITING)).to_have_count(0)
