"""The reveal, strengths first, in two browsers (a phone and a laptop): two
partners who agree on most of closeness and are one answer apart on the rest
see what they share first, and a one-category difference is never singled out;
neither sees a number of the other's."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, audit
from tests.browser.test_checkin_flow import signed_in_page
from tests.browser.test_dashboard_flow import DISTANCING, INTIMACY, complete
from tests.browser.test_safety_flow import answer_check_with_no
from tests.conftest import make_couple, make_user

pytestmark = pytest.mark.django_db(transaction=True)

ONE_STEP_APART = "openness"  # the element where Jonas answers one category lower on every question


def maya_choice(item):
    """Agree with every sign of closeness (75 on every element); rarely pulls away, and so does he."""
    if item.role == "importance":
        return 4
    if item.scale.low == 0:
        return 3 if item.dimension in ("turning_toward", "showing_appreciation") else 1
    return 2 if item.reverse else 4


def jonas_choice(item):
    """Like Maya, but one category lower on every question about talking openly
    ("In between": 50), and "sometimes" where she says "rarely" about him."""
    if item.dimension == ONE_STEP_APART and item.role == "dimensions":
        return 3
    if item.scale.low == 0 and item.role == "partner" and item.dimension not in ("turning_toward", "showing_appreciation"):
        return 2
    return maya_choice(item)


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\b\d+\b", text))


def test_the_reveal_opens_with_what_they_share(new_context, live_server):
    base = live_server.url
    maya, jonas = make_user("Maya"), make_user("Jonas")
    make_couple(maya, jonas)
    phone = signed_in_page(lambda: new_context(viewport=PHONE), live_server, maya)
    laptop = signed_in_page(lambda: new_context(viewport=DESKTOP), live_server, jonas)

    for page, choice in ((phone, maya_choice), (laptop, jonas_choice)):
        complete(page, base, INTIMACY, choice)
        complete(page, base, DISTANCING, choice)
        answer_check_with_no(page)

    for page, partner in ((phone, "Jonas"), (laptop, "Maya")):
        page.goto(f"{base}/")  # This week's one next thing: the comparison is ready
        page.locator(".next-thing").get_by_role("link", name="See your answers side by side").click()
        panel = page.locator("#panel-intimacy")
        # Strengths first: the first heading after the panel's title is what they share.
        expect(panel.locator("h3").first).to_have_text("What you share and do well")
        shared = panel.locator(".strengths li").all_inner_texts()
        assert len(shared) == len(INTIMACY.dimensions) - 1
        assert not any("Talking openly" in row for row in shared)
        # One category on every question is ordinary wobble: no label, nothing to talk about first.
        expect(panel).not_to_contain_text("Seen differently")
        expect(panel.locator(".talk-first")).to_have_count(0)
        # Nor is "sometimes" against "rarely" in pulling away: both sides read "much the same".
        gently = page.locator("#panel-distancing .gently").all_inner_texts()
        assert len(gently) == 2 and all("much the same way" in text for text in gently), gently
        # Bands in words, never a score (theirs or mine) on the shared page.
        assert not numbers(panel.inner_text()), panel.inner_text()
        expect(panel).to_contain_text(f"{partner}: strong")

    audit(phone, "reveal-strengths-phone")
    phone.emulate_media(color_scheme="dark")
    audit(phone, "reveal-strengths-phone-dark")
    audit(laptop, "reveal-strengths-desktop")
    laptop.emulate_media(color_scheme="dark")
    audit(laptop, "reveal-strengths-desktop-dark")
