"""A couple's first week, end to end, in two browsers: Ana on a laptop, Ben on
a phone. Ana signs up and invites Ben; Ben opens the link and signs up from
the header's link; both answer both questionnaires and the private check;
the home page leads each to the reveal, which opens with what they share;
Ana shares something in step 1 and Ben answers it with a kind word; they talk
it through on Ben's phone; Ben checks in and the check-in folds away. axe on
every page, and not one console error."""

import pytest
from playwright.sync_api import expect

from steps.models import WeeklyAction
from talk.models import TalkedAbout
from tests.browser.conftest import DESKTOP, PHONE, audit
from tests.browser.test_checkin_flow import choose
from tests.browser.test_dashboard_flow import DISTANCING, INTIMACY, complete
from tests.browser.test_reveal_flow import jonas_choice, maya_choice
from tests.browser.test_safety_flow import answer_check_with_no
from tests.browser.test_ways_in_flow import fill_sign_up

pytestmark = pytest.mark.django_db(transaction=True)


def watched(context, errors):
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    return page


def test_a_first_week_together(live_server, new_context):
    base, errors = live_server.url, []
    ana = watched(new_context(DESKTOP), errors)
    ben = watched(new_context(PHONE), errors)

    # Ana signs up and makes an invite link.
    ana.goto(base + "/")
    ana.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    fill_sign_up(ana, "Ana", "ana@example.com")
    ana.wait_for_url(base + "/")
    ana.get_by_role("button", name="Make my invite link").click()
    link = ana.get_by_label("Send this link to your partner").input_value()
    audit(ana, "first-week-invite-desktop")

    # Ben opens it, wanders to the header's "Sign up", and still lands on the invite.
    ben.goto(link)
    ben.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    fill_sign_up(ben, "Ben", "ben@example.com")
    ben.wait_for_url(base + "/invite/")
    audit(ben, "first-week-accept-phone")
    ben.get_by_role("button", name="Accept and pair our accounts").click()
    ben.wait_for_url(base + "/")
    expect(ben.get_by_role("heading", level=1)).to_have_text("This week")
    expect(ben.locator(".next-thing .button")).to_have_text("Answer the closeness questionnaire")
    audit(ben, "first-week-home-phone")

    # Each answers alone, then the private check.
    for page, choice in ((ana, maya_choice), (ben, jonas_choice)):
        complete(page, base, INTIMACY, choice)
        complete(page, base, DISTANCING, choice)
        answer_check_with_no(page)

    # The home page leads each of them to the reveal, which opens with what they share.
    for page, name in ((ana, "desktop"), (ben, "phone")):
        page.goto(base + "/")
        expect(page.locator(".next-thing .button")).to_have_text("See your answers side by side")
        audit(page, f"first-week-reveal-ready-{name}")
        page.locator(".next-thing .button").click()
        page.wait_for_url(base + "/together/")
        expect(page.locator("#panel-intimacy h3").first).to_have_text("What you share and do well")
        audit(page, f"first-week-together-{name}")

    # Ana shares one of her interests in step 1; Ben answers it with a kind word.
    ana.goto(base + "/steps/1/")
    ana.get_by_label("One of your partner's own interests or habits").fill("Sunday crosswords")
    ana.get_by_role("button", name="Add").click()
    ana.get_by_role("button", name="Share with Ben").click()
    expect(ana.get_by_text("Ben can see this")).to_be_visible()
    ben.goto(base + "/steps/1/")
    expect(ben.get_by_text("Sunday crosswords")).to_be_visible()
    audit(ben, "first-week-step1-shared-phone")
    ben.get_by_role("button", name="Thank you").click()
    expect(ben.get_by_text("You answered “Thank you”.")).to_be_visible()
    ana.reload()
    expect(ana.get_by_text("Ben answered: “Thank you”")).to_be_visible()
    audit(ana, "first-week-step1-reply-desktop")

    # They talk it through together, on Ben's phone.
    ben.goto(base + "/talk/")
    audit(ben, "first-week-talk-appreciate-phone")
    ben.get_by_role("button", name="We've each said one").click()
    ben.get_by_role("heading", name="One thing worth talking about").wait_for()
    audit(ben, "first-week-talk-topic-phone")
    ben.get_by_role("button", name="We've both had a turn").click()
    ben.get_by_role("heading", name="End with one small thing").wait_for()
    ben.get_by_label("Or a new idea for your list").fill("A walk after dinner on Thursday")
    ben.get_by_role("button", name="We talked about this").click()
    ben.get_by_text("You two talked it through this week").wait_for()
    audit(ben, "first-week-talked-phone")
    assert WeeklyAction.objects.get(user__email="ben@example.com").text == "A walk after dinner on Thursday"
    assert TalkedAbout.objects.count() == 1
    ana.goto(base + "/talk/?stage=end")
    ana.get_by_text("You two talked it through this week").wait_for()

    # Ben checks in on the home page; the check-in folds to a summary.
    ben.goto(base + "/")
    choose(ben, "How close did you feel to Ana this week?", "8")
    choose(ben, "How appreciated did you feel?", "4")
    choose(ben, "How many times did you pull away?", "None")
    choose(ben, "Did you do your one thing this week?", "Yes")  # asked: he chose one in the talk
    ben.get_by_role("button", name="Save my check-in").click()
    expect(ben.get_by_text("Your check-in is saved.")).to_be_visible()
    assert ben.locator("#checkin-form form").count() == 0
    expect(ben.get_by_role("link", name="Edit my check-in")).to_be_visible()
    # The next thing moves on in place: no longer "Check in", and focus stays on the check-in.
    expect(ben.locator(".next-thing .button")).not_to_have_text("Check in for this week")
    expect(ben.locator("#checkin-form")).to_be_focused()
    audit(ben, "first-week-checked-in-phone")
    ben.emulate_media(color_scheme="dark")
    audit(ben, "first-week-checked-in-phone-dark")
    ana.emulate_media(color_scheme="dark")
    ana.goto(base + "/")
    audit(ana, "first-week-home-desktop-dark")
    assert errors == []
