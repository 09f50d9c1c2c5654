"""Ana pauses sharing on her profile and checks in; Ben's dashboard and
check-in say only that she has paused; once she resumes, her check-in
reaches him."""

import pytest
from playwright.sync_api import expect

from couples import weeks
from tests.browser.conftest import audit
from tests.browser.test_checkin_flow import choose
from tests.browser.test_steps_flow import log_in
from tests.checkins import make_checkin
from tests.conftest import make_couple, make_user

pytestmark = pytest.mark.django_db(transaction=True)

HER_NOTE = "You listened to me on Sunday."


def test_pause_then_resume_sharing(live_server, new_context):
    ana, ben = make_user("Ana"), make_user("Ben")
    couple = make_couple(ana, ben)
    make_checkin(couple, ben, weeks.current_week(couple), appreciation_note="Thanks for the soup.")
    base = live_server.url

    a = log_in(new_context(), base, "ana@example.com")
    a.goto(base + "/profile/")
    a.get_by_role("button", name="Pause sharing").click()
    expect(a.get_by_text("Sharing is paused. Nothing new of yours reaches your partner until you resume.")).to_be_visible()
    expect(a.get_by_text("Ben sees only that it is paused")).to_be_visible()
    audit(a, "profile-sharing-paused")

    a.goto(base + "/checkin/")
    choose(a, "How close did you feel to Ben this week?", "5")
    choose(a, "How appreciated did you feel?", "3")
    choose(a, "How many times did you pull away?", "None")
    a.get_by_label("Something you appreciated about Ben").fill(HER_NOTE)
    a.get_by_role("button", name="Save my check-in").click()
    a.get_by_text("Your check-in is saved.").wait_for()
    # Mutual: while Ben can't see her check-in, she doesn't get his note either.
    expect(a.get_by_text("Thanks for the soup.")).to_have_count(0)

    b = log_in(new_context(), base, "ben@example.com")
    paused = "Ana has paused sharing for now"
    expect(b.locator("#checkin-form").get_by_text(paused)).to_be_visible()  # the check-in on This week
    audit(b, "home-partner-paused")
    assert HER_NOTE not in b.content()
    b.goto(base + "/together/")
    expect(b.get_by_text(f"{paused}, so anything new of theirs stays with them until they resume.")).to_be_visible()
    # Questionnaires and check-in: not "Not yet", nor "Done". The step row is the couple's ("This week: step n"), never hers.
    expect(b.locator("#panel-status td").filter(has_text="Paused")).to_have_count(3)
    audit(b, "dashboard-partner-paused")
    assert HER_NOTE not in b.content()
    b.goto(base + "/checkin/")
    expect(b.locator("#checkin-form").get_by_text(paused)).to_be_visible()
    audit(b, "checkin-partner-paused")
    assert HER_NOTE not in b.content()
    assert "From Ana this week" not in b.content()

    a.goto(base + "/profile/")
    a.get_by_role("button", name="Resume sharing").click()
    expect(a.get_by_text("Sharing is back on.")).to_be_visible()

    b.reload()
    expect(b.get_by_text("From Ana this week")).to_be_visible()
    expect(b.get_by_text(HER_NOTE)).to_be_visible()
    expect(b.get_by_text(paused)).to_have_count(0)
    audit(b, "checkin-partner-resumed")
    b.goto(base + "/")
    expect(b.get_by_text(paused)).to_have_count(0)
    a.goto(base + "/checkin/")
    expect(a.get_by_text("Thanks for the soup.")).to_be_visible()
