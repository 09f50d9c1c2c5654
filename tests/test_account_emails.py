"""The e-mails allauth sends for us, as they really go out: Rekindle's own
words, a subject that says nothing about anyone's relationship, and no
"Hello from <domain>!" or the name someone typed at sign-up."""

import re

from django.core.cache import cache
from django.test import Client

from accounts.models import User
from tests.conftest import PASSWORD, committed
from tests.test_accounts import SIGNUP

# Words that would tell whoever sees the inbox (or a lock-screen preview)
# what the account is about, or that come from allauth's own wording.
TELLING = ("couple", "partner", "relationship", "closeness", "intimacy")
ALLAUTH_WORDING = ("Hello from", "Thank you for using", "testserver!", "has given your email address", "user ")


def the_mail(mailoutbox, to: str):
    (mail,) = [m for m in mailoutbox if m.to == [to]]
    assert mail.from_email == "Rekindle <hello@rekindle.localhost>"
    assert mail.subject.startswith("Rekindle: ")
    assert mail.body.startswith("Hello,\n\n")
    assert mail.body.endswith("\n\nRekindle")
    for text in (mail.subject, mail.body):
        for word in TELLING + ALLAUTH_WORDING:
            assert word not in text, (word, text)
    assert "Sam" not in mail.body  # the name typed at sign-up is not proof of anything
    assert not mail.alternatives  # plain text only
    return mail


def link_in(mail) -> str:
    return re.search(r"^http://testserver(/\S+)$", mail.body, re.M).group(1)


def test_sign_up_confirmation(anon_client, db, mailoutbox):
    with committed():
        anon_client.post("/accounts/signup/", SIGNUP)
    mail = the_mail(mailoutbox, "sam@example.com")
    assert mail.subject == "Rekindle: Please confirm your e-mail address"
    assert "has just made a Rekindle account with this e-mail address" in mail.body
    assert anon_client.post(link_in(mail)).status_code == 302
    assert User.objects.get(email="sam@example.com").emailaddress_set.get().verified


def test_confirmation_sent_again_from_the_email_page(anon_client, db, mailoutbox):
    with committed():
        anon_client.post("/accounts/signup/", SIGNUP)
    mailoutbox.clear()
    cache.clear()  # allauth allows one confirmation mail per address every 3 minutes
    with committed():
        anon_client.post("/accounts/email/", {"action_send": "", "email": "sam@example.com"})
    mail = the_mail(mailoutbox, "sam@example.com")
    assert mail.subject == "Rekindle: Please confirm your e-mail address"
    assert mail.body.startswith("Hello,\n\nPlease confirm that this e-mail address is yours")
    assert anon_client.post(link_in(mail)).status_code == 302


def test_password_reset(anon_client, bob, mailoutbox):
    with committed():
        anon_client.post("/accounts/password/reset/", {"email": "bob@example.com"})
    mail = the_mail(mailoutbox, "bob@example.com")
    assert mail.subject == "Rekindle: Choose a new password"
    assert "your password stays as it is" in mail.body
    assert "Bob" not in mail.body
    assert link_in(mail).startswith("/accounts/password/reset/key/")


def test_password_reset_for_an_address_without_an_account(anon_client, db, mailoutbox):
    with committed():
        anon_client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    mail = the_mail(mailoutbox, "nobody@example.com")
    assert mail.subject == "Rekindle: Your request for a new password"
    assert "no account uses it" in mail.body
    assert link_in(mail) == "/accounts/signup/"


def test_sign_up_with_an_address_that_has_an_account(bob, mailoutbox, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # only then is the sign-up form silent about it
    with committed():
        response = Client().post("/accounts/signup/", SIGNUP | {"email": "bob@example.com"})
    assert response.status_code == 302
    mail = the_mail(mailoutbox, "bob@example.com")
    assert mail.subject == "Rekindle: You already have an account"
    assert "no second one was made" in mail.body
    assert link_in(mail) == "/accounts/password/reset/"
    assert User.objects.get(email="bob@example.com").check_password(PASSWORD)
