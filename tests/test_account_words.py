"""allauth's pages in Rekindle's own words: no stock wording left where a
person sees it, one link to reset a password, one banner after sign-up, and
devices named as a person would name them."""

import pytest
from allauth.usersessions.models import UserSession

from tests.conftest import PASSWORD

STOCK = ["Change Password", "Make Primary", "Sign Out", "Sign In", "Re-send Verification", "Reset My Password", "Email Addresses"]


@pytest.mark.parametrize("url", ["/accounts/password/change/", "/accounts/email/", "/accounts/logout/", "/accounts/sessions/"])
def test_account_pages_use_our_words(bob_client, url):
    response = bob_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for words in STOCK:
        assert words not in page, words


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password/reset/"])
def test_signed_out_pages_use_our_words(anon_client, db, url):
    page = anon_client.get(url).content.decode()
    for words in STOCK:
        assert words not in page, words


def test_the_log_in_page_offers_the_reset_link_once(anon_client, db):
    page = anon_client.get("/accounts/login/").content.decode()
    assert page.count("Forgot your password?") == 1
    assert page.count('href="/accounts/password/reset/"') == 1


def test_the_log_out_page_says_log_out(bob_client):
    page = bob_client.get("/accounts/logout/").content.decode()
    assert "<h1>Log out?</h1>" in page


def test_one_banner_after_sign_up(anon_client, db, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    data = {"display_name": "Sam", "email": "sam@example.com", "password1": PASSWORD, "password2": PASSWORD, "time_zone": "UTC"}
    response = anon_client.post("/accounts/signup/", data, follow=True)
    page = response.content.decode()
    assert page.count('class="message message--') == 1
    assert "We sent a link to sam@example.com" in page
    assert "Successfully signed in" not in page


def test_a_log_in_adds_no_banner(anon_client, bob):
    response = anon_client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD}, follow=True)
    assert 'class="message message--' not in response.content.decode()


def test_where_you_are_signed_in_names_the_device(bob):
    from tests.test_sessions import CHROME_LINUX, log_in

    laptop = log_in("bob@example.com", CHROME_LINUX)
    # A row saved before names were minimised on save still reads as a name.
    UserSession.objects.filter(user=bob).update(user_agent=CHROME_LINUX)
    page = laptop.get("/accounts/sessions/").content.decode()
    assert "Chrome on Linux" in page
    assert "Mozilla/5.0" not in page
