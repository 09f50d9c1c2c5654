"""Partner A signs up and makes an invite; partner B opens it signed out,
signs up, accepts; both see each other's name. Two separate browsers."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, audit
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(page, base, name, email, path="/accounts/signup/"):
    page.goto(base + path)
    audit(page, f"signup-{name.lower()}")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_two_partners_pair_through_an_invite_link(live_server, new_context, viewport):
    base = live_server.url
    size = "phone" if viewport == PHONE else "desktop"

    a = new_context(viewport).new_page()
    a.goto(base + "/")
    audit(a, f"welcome-{size}")
    a.get_by_role("link", name="Create an account").first.click()
    sign_up(a, base, "Ana", "ana@example.com")
    a.wait_for_url(base + "/")
    audit(a, f"start-{size}")
    a.get_by_role("button", name="Make my invite link").click()
    link = a.get_by_label("Send this link to your partner").input_value()
    assert link.startswith(base + "/invite/")
    audit(a, f"invite-{size}")

    b = new_context(viewport).new_page()
    b.goto(link)
    assert b.get_by_role("heading", level=1).inner_text() == "Ana invited you to Rekindle"
    audit(b, f"invite-landing-{size}")
    b.get_by_role("link", name="Create an account").click()
    b.get_by_label("Your name").fill("Ben")
    b.get_by_label("Email").fill("ben@example.com")
    b.get_by_label("Password", exact=True).fill(PASSWORD)
    b.get_by_label("Password (again)").fill(PASSWORD)
    b.get_by_role("button", name="Create my account").click()
    b.wait_for_url(base + "/invite/")
    audit(b, f"invite-accept-{size}")
    b.get_by_role("button", name="Accept and pair our accounts").click()
    b.wait_for_url(base + "/")
    assert "You and Ana" in b.locator(".page-header").inner_text()
    audit(b, f"home-b-{size}")

    a.goto(base + "/")
    assert "You and Ben" in a.locator(".page-header").inner_text()
    audit(a, f"home-a-{size}")

    # The link is used now: a third visitor is told so, kindly.
    c = new_context(viewport).new_page()
    c.goto(link)
    assert c.get_by_role("heading", level=1).inner_text() == "This invite link was already used"
    audit(c, f"invite-used-{size}")


def test_login_detour_keeps_the_invite(live_server, new_context, django_user_model):
    from couples.models import Invite
    from tests.conftest import make_couple, make_user

    ana = make_user("Ana")
    make_user("Ben")
    _, token = Invite.issue(make_couple(ana), ana)
    page = new_context().new_page()
    page.goto(f"{live_server.url}/invite/{token}/")
    page.get_by_role("link", name="Log in").last.click()
    audit(page, "login")
    page.get_by_label("Email").fill("ben@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/invite/")
    page.get_by_role("button", name="Accept and pair our accounts").click()
    page.wait_for_url(live_server.url + "/")
    assert "You and Ana" in page.locator(".page-header").inner_text()


def test_invite_email_limit_then_leaving(live_server, new_context):
    """On a phone: without a partner the menu offers only what works; the
    sixth invite e-mail in an hour gets a message on the form; leaving lands
    home, and leaving again from a second tab too. (Chromium sends one POST for
    a double click; tests/test_leave.py sends the second one itself.)"""
    from tests.browser.test_checkin_flow import signed_in_page
    from tests.conftest import make_user

    page = signed_in_page(new_context, live_server, make_user("Ana"))
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="The five steps").count() == 0
    assert nav.get_by_role("link", name="Check-in").count() == 0
    page.get_by_role("button", name="Make my invite link").click()
    for n in range(6):
        page.get_by_label("Your partner's e-mail address").fill(f"ben{n}@example.com")
        page.get_by_role("button", name="Send the link").click()
        page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_contain_text("You've sent the link 5 times in the last hour")
    audit(page, "invite-email-limit-phone")

    # The leave page open in two tabs: ending it in one, then again in the other.
    other_tab = page.context.new_page()
    for tab in (page, other_tab):
        tab.goto(live_server.url + "/couple/leave/")
    page.get_by_role("button", name="Yes, end the couple").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Ana")
    audit(page, "left-phone")
    other_tab.get_by_role("button", name="Yes, end the couple").click()
    other_tab.wait_for_url(live_server.url + "/")
    expect(other_tab.get_by_role("status")).to_contain_text("There's no couple to leave")
    audit(other_tab, "left-again-phone")
