"""In a real browser: see where I am signed in and log out my other device;
error pages pass the same audit as every other page."""

import pytest

from tests.browser.conftest import DESKTOP, audit
from tests.browser.test_steps_flow import log_in
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_log_out_my_other_device(live_server, new_context):
    make_user("Ana")
    base = live_server.url
    laptop = log_in(new_context(DESKTOP), base, "ana@example.com")
    phone = log_in(new_context(), base, "ana@example.com")
    laptop.goto(base + "/profile/")
    laptop.get_by_role("link", name="Where you are signed in").click()
    laptop.get_by_text("This device").wait_for()
    laptop.get_by_text("Another device").wait_for()
    audit(laptop, "sessions")
    laptop.get_by_role("button", name="Log out everywhere else").click()
    laptop.get_by_text("You are now logged out everywhere else.").wait_for()
    assert laptop.get_by_text("Another device").count() == 0
    phone.goto(base + "/profile/")
    assert "/accounts/login/" in phone.url


def test_not_found_page(live_server, new_context):
    page = new_context().new_page()
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    audit(page, "404")
    page.get_by_role("link", name="Back to Rekindle").click()
    page.wait_for_url(live_server.url + "/")
