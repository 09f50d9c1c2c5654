"""In a real browser: set up two-step log-in from the profile, scanning
nothing: the test reads the key the page shows and makes the codes itself
(RFC 6238, as an authenticator app does); then log in with a code and with a
backup code. Staff are sent to set it up before the admin opens."""

import base64
import hashlib
import hmac
import struct
import time

import pytest

from tests.browser.conftest import DESKTOP, audit
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def totp(key: str) -> str:
    """The code of this 30-second step, as an app shows it. allauth accepts
    only the current step, so with less than 5 seconds left, wait for the next."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    counter = int(time.time()) // 30
    digest = hmac.new(base64.b32decode(key, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def password_step(context, base, email, then=""):
    page = context.new_page()
    page.goto(base + "/accounts/login/" + (f"?next={then}" if then else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def set_up_the_app(page) -> tuple[str, list[str]]:
    # Changing how one logs in asks for the password again (allauth's reauthentication).
    page.get_by_role("heading", name="Confirm it's you").wait_for()
    audit(page, "mfa-reauthenticate")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Set up an authenticator app").wait_for()
    assert page.get_by_role("img", name="A QR code for your authenticator app.").is_visible()
    audit(page, "mfa-activate")
    key = page.get_by_label("Or type in this key").input_value()
    page.get_by_label("Authenticator code").fill("000000" if totp(key) != "000000" else "111111")
    page.get_by_role("button", name="Turn on two-step log-in").click()
    page.get_by_text("Incorrect code.").wait_for()
    page.get_by_label("Authenticator code").fill(totp(key))
    page.get_by_role("button", name="Turn on two-step log-in").click()
    page.get_by_role("heading", name="Your backup codes").wait_for()
    page.get_by_text("Two-step log-in is on.").wait_for()
    audit(page, "mfa-backup-codes")
    codes = page.get_by_role("list", name="Backup codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    return key, codes


def test_set_up_two_step_log_in_and_log_in_with_it(live_server, new_context):
    make_user("Ana")
    base = live_server.url
    page = password_step(new_context(DESKTOP), base, "ana@example.com")
    page.wait_for_url(base + "/")
    page.goto(base + "/profile/")
    page.get_by_role("link", name="Set up two-step log-in").click()
    key, codes = set_up_the_app(page)
    page.get_by_role("link", name="Done").click()
    page.get_by_text("On. Each log-in asks for a code from your app.").wait_for()
    audit(page, "mfa-index")

    # A new device: the password alone is not enough.
    phone = password_step(new_context(), base, "ana@example.com")
    phone.get_by_role("heading", name="One more step").wait_for()
    audit(phone, "mfa-authenticate")
    phone.goto(base + "/profile/")  # not in yet: back to the second step
    assert phone.url == base + "/accounts/2fa/authenticate/"
    phone.get_by_label("Code").fill(totp(key))
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url(base + "/")
    phone.goto(base + "/profile/")
    phone.get_by_text("On. Each log-in asks for a code").wait_for()

    # Phone lost: a backup code lets Ana in once.
    other = password_step(new_context(), base, "ana@example.com")
    other.get_by_label("Code").fill(codes[0])
    other.get_by_role("button", name="Log in").click()
    other.wait_for_url(base + "/")
    again = password_step(new_context(), base, "ana@example.com")
    again.get_by_label("Code").fill(codes[0])
    again.get_by_role("button", name="Log in").click()
    again.get_by_text("Incorrect code.").wait_for()


def test_staff_set_up_the_second_step_before_the_admin_opens(live_server, new_context):
    make_user("Sam", is_staff=True, is_superuser=True)
    base = live_server.url
    page = password_step(new_context(DESKTOP), base, "sam@example.com", then="/admin/")
    page.get_by_text("The admin asks for a second step at log-in.").wait_for()
    set_up_the_app(page)
    page.goto(base + "/admin/")
    page.get_by_role("link", name="Users").wait_for()
