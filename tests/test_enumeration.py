"""No "is my partner on here?": sign-up with a taken address answers exactly
like with a new one, and an address counts for an account (log-in, reset,
blocking sign-up) only once verified there or as its own sign-up address.

With ACCOUNT_EMAIL_VERIFICATION=mandatory, the production default
(tests/test_settings.py): only then can allauth keep sign-up silent."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from tests.conftest import PASSWORD, committed, make_user
from tests.test_accounts import SIGNUP

SQUATTED = "jamie@example.com"


@pytest.fixture(autouse=True)
def production_verification(settings, db):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    cache.clear()


def normalised(response, email: str) -> str:
    """The page without what differs between any two requests, nor the address typed."""
    text = response.content.decode().replace(email, "ADDRESS")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", text)
    text = re.sub(r'nonce="[^"]+"', "nonce", text)
    return re.sub(r'"x-csrftoken": "[^"]+"', "csrf", text)


def sign_up(email: str):
    client = Client()
    with committed():  # the mail is queued when the request commits
        response = client.post("/accounts/signup/", SIGNUP | {"email": email})
    page = client.get(response.url) if response.status_code == 302 else None
    return response, page, client


def test_sign_up_with_a_taken_address_answers_like_with_a_new_one(bob, mailoutbox):
    taken, taken_page, taken_client = sign_up("bob@example.com")
    new, new_page, new_client = sign_up("newcomer@example.com")
    assert (taken.status_code, taken.url) == (new.status_code, new.url) == (302, "/accounts/confirm-email/")
    assert sorted(taken.cookies) == sorted(new.cookies)
    assert taken_page.status_code == new_page.status_code == 200
    assert normalised(taken_page, "bob@example.com") == normalised(new_page, "newcomer@example.com")
    assert "_auth_user_id" not in taken_client.session and "_auth_user_id" not in new_client.session

    # Bob's account is untouched; only he learns that someone tried.
    assert User.objects.filter(email="bob@example.com").count() == 1
    assert User.objects.get(email="bob@example.com").check_password(PASSWORD)
    (to_bob,) = [m for m in mailoutbox if m.to == ["bob@example.com"]]
    assert to_bob.subject == "Rekindle: You already have an account"
    assert "Someone, most likely you, tried to sign up" in to_bob.body


def test_a_taken_address_costs_a_password_hash_too(bob, settings, monkeypatch):
    """The answer takes as long: the password is hashed either way."""
    hashed = []
    from django.contrib.auth import hashers

    real = hashers.make_password
    monkeypatch.setattr(hashers, "make_password", lambda *a, **k: hashed.append(1) or real(*a, **k))
    monkeypatch.setattr("accounts.auth.make_password", hashers.make_password)
    sign_up("bob@example.com")
    assert hashed


@pytest.fixture
def squatter(db):
    """Someone who added Jamie's address to their own account, never confirming it."""
    user = make_user("Mallory")
    EmailAddress.objects.create(user=user, email="mallory@example.com", verified=True, primary=True)
    EmailAddress.objects.create(user=user, email=SQUATTED, verified=False, primary=False)
    return user


def test_an_unconfirmed_address_on_another_account_does_not_block_its_owners_sign_up(squatter, mailoutbox):
    response, _, _ = sign_up(SQUATTED)
    assert response.status_code == 302
    jamie = User.objects.get(email=SQUATTED)
    assert jamie != squatter
    address = EmailAddress.objects.get(user=jamie)
    assert (address.email, address.primary, address.verified) == (SQUATTED, True, False)
    (mail,) = [m for m in mailoutbox if m.to == [SQUATTED]]
    assert mail.subject == "Rekindle: Please confirm your e-mail address"
    # Confirming it makes it Jamie's; the squatter's claim stays unconfirmed, and unseen.
    link = re.search(r"http://testserver(/\S+)", mail.body).group(1)
    assert Client().post(link).status_code == 302
    assert EmailAddress.objects.get(user=jamie).verified
    assert not EmailAddress.objects.get(user=squatter, email=SQUATTED).verified


def test_an_unconfirmed_address_does_not_receive_its_owners_password_reset(squatter, anon_client, mailoutbox):
    with committed():
        response = anon_client.post("/accounts/password/reset/", {"email": SQUATTED})
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == [SQUATTED]
    assert mail.subject == "Rekindle: Your request for a new password"  # as for an address without an account
    assert "/accounts/password/reset/key/" not in mail.body


def test_an_unconfirmed_address_does_not_log_in(squatter, anon_client):
    response = anon_client.post("/accounts/login/", {"login": SQUATTED, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in anon_client.session
    assert anon_client.post("/accounts/login/", {"login": "mallory@example.com", "password": PASSWORD}).status_code == 302


def test_with_its_owners_account_the_reset_goes_to_the_owner_only(squatter, anon_client, mailoutbox):
    jamie = make_user("Jamie")  # signed up with the address, not yet confirmed
    EmailAddress.objects.create(user=jamie, email=SQUATTED, verified=False, primary=True)
    with committed():
        anon_client.post("/accounts/password/reset/", {"email": SQUATTED})
    (mail,) = mailoutbox
    assert mail.subject == "Rekindle: Choose a new password"
    link = re.search(r"http://testserver(/\S+)", mail.body).group(1)
    page = anon_client.get(link, follow=True)
    anon_client.post(page.redirect_chain[-1][0], {"password1": "jamies-new-passphrase-4", "password2": "jamies-new-passphrase-4"})
    jamie.refresh_from_db(), squatter.refresh_from_db()
    assert jamie.check_password("jamies-new-passphrase-4")
    assert squatter.check_password(PASSWORD)


def test_a_verified_address_still_logs_in_and_resets(anon_client, mailoutbox):
    jamie = make_user("Jamie")
    EmailAddress.objects.create(user=jamie, email=SQUATTED, verified=True, primary=True)
    assert anon_client.post("/accounts/login/", {"login": SQUATTED, "password": PASSWORD}).status_code == 302
    with committed():
        Client().post("/accounts/password/reset/", {"email": SQUATTED})
    assert mailoutbox[-1].subject == "Rekindle: Choose a new password"
