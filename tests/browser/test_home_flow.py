""""This week" in a real browser, on a phone and a laptop: a couple in their
first week; the page fits about two phone screens, passes axe, and a check-in
saved in place folds away with keyboard focus on it, without one console
error (the CSP included)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, audit
from tests.browser.test_checkin_flow import choose, signed_in_page
from tests.conftest import make_couple, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport, name", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_this_week_in_the_first_week(new_context, live_server, viewport, name):
    alice, bob = make_user("Alice"), make_user("Bob")
    make_couple(alice, bob)
    page = signed_in_page(lambda: new_context(viewport=viewport), live_server, alice)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This week")
    expect(page.locator(".next-thing .button")).to_have_text("Answer the closeness questionnaire")
    assert page.locator("main .button:not(.button--quiet)").count() == 2  # the next thing, and saving the check-in
    if name == "phone":
        height = page.evaluate("document.documentElement.scrollHeight")
        page.screenshot(path=ARTIFACTS / "home-first-week-phone-raw.png", full_page=True)
        assert height <= 1900, height  # about two screens of 844 px
    audit(page, f"home-first-week-{name}")

    choose(page, "How close did you feel to Bob this week?", "7")
    choose(page, "How appreciated did you feel?", "4")
    choose(page, "How many times did you pull away?", "Once")
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_text("Your check-in is saved.")).to_be_visible()
    expect(page.locator("#checkin-form")).to_be_focused()  # not the top of the page
    assert page.locator("#checkin-form form").count() == 0  # folded to its summary
    expect(page.locator("#panel-glance")).to_contain_text("you have checked in")
    expect(page.locator("#checkin-form")).to_be_focused()  # the glance refreshing leaves focus alone

    page.get_by_role("link", name="Edit my check-in").click()
    expect(page.get_by_role("button", name="Update my check-in")).to_be_visible()
    expect(page.locator("#checkin-form")).to_be_focused()
    page.get_by_role("button", name="Update my check-in").click()
    expect(page.get_by_text("Your check-in is saved.")).to_be_visible()
    audit(page, f"home-checked-in-{name}")

    page.emulate_media(color_scheme="dark")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"home-checked-in-{name}-dark.png", full_page=True)
    for path in ("/together/", "/progress/", "/checkin/history/"):
        page.goto(live_server.url + path)
        audit(page, f"home-{path.strip('/').replace('/', '-')}-{name}")
    assert problems == []


def test_a_year_in_this_week_still_fits_a_phone(new_context, live_server):
    """The demo couple, a year of weeks: the home page still says what to do next, in about two screens."""
    from django.core.management import call_command

    from accounts.models import User

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    sam = User.objects.get(email="sam@demo.rekindle.example")
    page = signed_in_page(lambda: new_context(viewport=PHONE), live_server, sam)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(live_server.url + "/")
        expect(page.locator(".next-thing .button")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollHeight") <= 2 * 844 + 300
        audit(page, f"home-a-year-phone-{scheme}")
    page.goto(live_server.url + "/checkin/history/")
    assert page.evaluate("document.documentElement.scrollHeight") < 26_000 / 2  # three months a page, not a year
    audit(page, "history-a-year-phone")
