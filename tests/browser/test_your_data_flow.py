"""In a real browser: leave quickly (by keyboard), download my data, delete my account."""

import json

import pytest

from accounts.models import User
from tests.browser.conftest import audit
from tests.browser.test_steps_flow import log_in
from tests.conftest import PASSWORD, make_couple, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_leave_quickly_replaces_the_page_in_history(live_server, new_context, settings):
    settings.LEAVE_QUICKLY_URL = live_server.url + "/static/img/icon.svg"  # no internet here: a stand-in neutral page
    make_couple(make_user("Ana"), make_user("Ben"))
    page = log_in(new_context(), live_server.url, "ana@example.com")
    page.goto(live_server.url + "/help/")
    audit(page, "help")
    page.goto(live_server.url + "/checkin/")
    page.keyboard.press("Tab")  # skip link
    leave_quickly_by_keyboard(page, settings.LEAVE_QUICKLY_URL)
    # The check-in page is no longer in the back button: back leads to the page before it.
    assert page.url == live_server.url + "/help/"


def leave_quickly_by_keyboard(page, neutral_url):
    """Tab to "Leave quickly", press Enter, then the browser's back button."""
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Leave quickly"
    page.keyboard.press("Enter")
    page.wait_for_url(neutral_url)
    page.go_back()


def test_leave_quickly_on_an_error_page_replaces_it_in_history(live_server, new_context, settings):
    """Error pages render without the usual context (500 and 503 have none),
    yet their "Leave quickly" must also leave no trace in the back button."""
    settings.LEAVE_QUICKLY_URL = live_server.url + "/static/img/icon.svg"
    page = new_context().new_page()
    page.goto(live_server.url + "/help/")
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    audit(page, "error-404")
    leave_quickly_by_keyboard(page, settings.LEAVE_QUICKLY_URL)
    assert page.url == live_server.url + "/help/"


def test_download_my_data_then_delete_my_account(live_server, new_context):
    make_couple(make_user("Ana"), make_user("Ben"))
    base = live_server.url
    page = log_in(new_context(), base, "ana@example.com")
    page.goto(base + "/profile/")
    audit(page, "profile")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download everything you entered").click()
    data = json.loads(open(download_info.value.path()).read())
    assert data["profile"]["email"] == "ana@example.com"

    page.get_by_role("link", name="Delete your account").click()
    audit(page, "delete-account")
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_text("That password isn't right. Nothing was deleted.").wait_for()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(base + "/")
    page.get_by_text("Your account and everything you wrote in Rekindle are deleted.").wait_for()
    assert not User.objects.filter(email="ana@example.com").exists()
    page.goto(base + "/profile/")
    assert "/accounts/login/" in page.url
