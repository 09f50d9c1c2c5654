"""Ways in, in a real browser: an invite link opened signed out survives
sign-up from the header's link, from the invite page's own button, and
through e-mail confirmation; each lands on the invite, which pairs only when
the person accepts it."""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache

from tests.browser.conftest import audit
from tests.conftest import PASSWORD, make_couple, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def invite_link(live_server):
    from couples.models import Invite

    ana = make_user("Ana")
    _, token = Invite.issue(make_couple(ana), ana)
    return f"{live_server.url}/invite/{token}/"


def the_mail(to: str):
    """The confirmation mail, once the server's thread has sent it."""
    for _ in range(50):
        found = [m for m in mail.outbox if m.to == [to]]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no mail to {to}")


def fill_sign_up(page, name, email):
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()


def accept(page, base):
    page.get_by_role("button", name="Accept and pair our accounts").click()
    page.wait_for_url(base + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "This week"
    assert "You and Ana" in page.locator("main").inner_text()


def test_sign_up_from_the_header_link(live_server, new_context, invite_link):
    base = live_server.url
    page = new_context().new_page()
    page.goto(invite_link)
    # Wandering off first: the welcome page, then the header's "Sign up".
    page.goto(base + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    fill_sign_up(page, "Ben", "ben@example.com")
    page.wait_for_url(base + "/invite/")
    audit(page, "ways-in-header-signup")
    accept(page, base)


def test_sign_up_from_the_invite_page(live_server, new_context, invite_link):
    base = live_server.url
    page = new_context().new_page()
    page.goto(invite_link)
    page.get_by_role("link", name="Create an account").click()
    fill_sign_up(page, "Ben", "ben@example.com")
    page.wait_for_url(base + "/invite/")
    accept(page, base)


def test_sign_up_through_e_mail_confirmation(live_server, new_context, invite_link, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    # allauth sends one confirmation per address every few minutes, counted in
    # the database cache, which outlives each test's data: start afresh.
    cache.clear()
    base = live_server.url
    page = new_context().new_page()
    page.goto(invite_link)
    page.goto(base + "/accounts/signup/")
    fill_sign_up(page, "Bea", "bea@example.com")
    page.wait_for_url(re.compile(r".*/accounts/confirm-email/$"))
    message = the_mail("bea@example.com")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(base + link[link.index("/accounts/"):])
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    page.wait_for_url(base + "/invite/")
    audit(page, "ways-in-after-confirmation")
    accept(page, base)


def test_the_unpaired_home_shows_the_invite(live_server, new_context, invite_link):
    base = live_server.url
    make_user("Ben")
    page = new_context().new_page()
    page.goto(invite_link)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("ben@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/invite/")
    page.goto(base + "/")
    audit(page, "ways-in-home-with-invite")
    page.get_by_role("link", name="See the invite and accept").click()
    accept(page, base)
