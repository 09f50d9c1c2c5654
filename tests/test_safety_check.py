"""/questionnaires/check/ (the private safety check), /check/result/ (what a
yes means, privately) and /check/turn-on/ (comparison back on, confirmed).

These pages name no object: each reads and changes only the signed-in
person's own check. So the partner and the outsider are served their own,
never Alice's, and change nothing of hers."""

import logging
import re

import pytest
from django.conf import settings

from accounts.models import User
from assessments.models import SafetyCheck
from tests.conftest import HTMX, client_for
from tests.questionnaires import make_submission

CHECK, RESULT, TURN_ON = "/questionnaires/check/", "/questionnaires/check/result/", "/questionnaires/check/turn-on/"
NO = {"afraid": "no", "harmed": "no", "controlled": "no", "self_harm": "no"}


def token_of(client) -> str:
    page = client.get(CHECK).content.decode()
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def send(client, **answers):
    return client.post(CHECK, {"token": token_of(client), **NO, **answers})


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def test_the_form_asks_four_questions_privately(alice_client):
    response = alice_client.get(CHECK)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only you can see this" in page
    assert page.count("<fieldset") == 4
    for answer in ("Yes", "No", "I&#x27;d rather not say"):
        assert answer in page


def test_all_no_clears_what_was_sent_for_comparison(alice, alice_client):
    make_submission(alice, cleared=False)
    response = send(alice_client)
    assert response.status_code == 302 and response.url == "/"
    alice = fresh(alice)
    assert alice.comparison_cleared_at is not None and not alice.comparison_off
    assert SafetyCheck.objects.filter(user=alice).count() == 1


@pytest.mark.parametrize("question", ["afraid", "harmed", "controlled"])
@pytest.mark.parametrize("answer", ["yes", "rather_not_say"])
def test_a_yes_or_rather_not_say_turns_comparison_off_and_leaves_the_cleared_moment(alice, alice_client, question, answer):
    send(alice_client)  # an earlier check with no yes
    cleared_at = fresh(alice).comparison_cleared_at
    response = send(alice_client, **{question: answer})
    assert response.url == RESULT
    alice = fresh(alice)
    assert alice.comparison_off
    assert alice.comparison_cleared_at == cleared_at  # for the partner, as if not sent


def test_after_a_yes_alice_sees_why_help_and_that_nothing_was_shown(alice_client):
    page = alice_client.get(send(alice_client, harmed="yes").url).content.decode()
    assert "Comparing is switched off" in page
    assert "Nothing was shown or sent to your partner" in page
    assert 'href="tel:+18007997233"' in page and 'href="tel:112"' in page
    assert 'href="/questionnaires/check/turn-on/"' in page
    assert "If you're thinking about harming yourself" not in page


def test_a_yes_to_self_harm_shows_crisis_help_at_once_and_leaves_comparison_on(alice, alice_client):
    response = send(alice_client, self_harm="yes")
    assert response.url == RESULT
    page = alice_client.get(RESULT).content.decode()
    assert "If you're thinking about harming yourself" in page
    assert 'href="tel:988"' in page and 'href="tel:116123"' in page
    assert "Comparing is switched off" not in page
    alice = fresh(alice)
    assert not alice.comparison_off and alice.comparison_cleared_at is not None


def test_rather_not_say_to_self_harm_shows_crisis_help_too(alice, alice_client):
    send(alice_client, self_harm="rather_not_say")
    assert "harming yourself" in alice_client.get(RESULT).content.decode()
    assert not fresh(alice).comparison_off


@pytest.mark.parametrize("headers, status", [({}, 400), (HTMX, 400)])
def test_a_missing_answer_gets_a_message_and_saves_nothing(alice, alice_client, headers, status):
    data = {"token": token_of(alice_client), **NO}
    del data["controlled"]
    response = alice_client.post(CHECK, data, headers=headers)
    assert response.status_code == status
    assert "Please choose an answer" in response.content.decode()
    assert not SafetyCheck.objects.exists()
    assert fresh(alice).comparison_cleared_at is None


def test_an_answer_off_the_list_or_a_broken_token_gets_a_message(alice_client):
    response = alice_client.post(CHECK, {"token": token_of(alice_client), **NO, "afraid": "maybe"})
    assert response.status_code == 400 and "Please choose an answer" in response.content.decode()
    response = alice_client.post(CHECK, {"token": "not-a-token", **NO})
    assert response.status_code == 400 and "This page was out of date" in response.content.decode()
    assert not SafetyCheck.objects.exists()


def test_a_double_submit_records_one_check(alice, alice_client):
    data = {"token": token_of(alice_client), **NO, "afraid": "yes"}
    first, second = alice_client.post(CHECK, data), alice_client.post(CHECK, data)
    assert first.url == second.url == RESULT
    assert SafetyCheck.objects.filter(user=alice).count() == 1
    client_for(alice).post(TURN_ON, {"confirm": "yes"})
    data = {"token": token_of(client_for(alice)), **NO}
    assert client_for(alice).post(CHECK, data).status_code == 302
    assert client_for(alice).post(CHECK, data).status_code == 302
    assert SafetyCheck.objects.filter(user=alice).count() == 2


def test_while_comparison_is_off_the_check_leads_to_the_result_page(alice_client):
    send(alice_client, afraid="yes")
    assert alice_client.get(CHECK).url == RESULT


def test_turning_comparison_back_on_takes_a_second_confirmation(alice, alice_client):
    send(alice_client, controlled="yes")
    page = alice_client.get(TURN_ON)
    assert page.status_code == 200
    assert "Yes, turn it back on" in page.content.decode()
    refused = alice_client.post(TURN_ON, {})
    assert refused.status_code == 400
    assert "choose “Yes, turn it back on”" in refused.content.decode()
    assert fresh(alice).comparison_off
    assert alice_client.post(TURN_ON, {"confirm": "yes"}, headers=HTMX).status_code == 302
    alice = fresh(alice)
    assert not alice.comparison_off and alice.comparison_cleared_at is not None
    assert alice_client.get(TURN_ON).url == "/"  # nothing to turn on any more


def test_partner_and_outsider_get_their_own_pages_never_alices(alice_client, bob, bob_client, carol, carol_client, couple, other_couple):
    send(alice_client, afraid="yes")
    for user, client in ((bob, bob_client), (carol, carol_client)):
        assert client.get(RESULT).url == CHECK  # they have no check of their own
        page = client.get(CHECK).content.decode()
        assert "switched off" not in page
        assert client.post(TURN_ON, {"confirm": "yes"}).url == "/"
        assert not fresh(user).comparison_off and fresh(user).comparison_cleared_at is None
    assert User.objects.get(email="alice@example.com").comparison_off


@pytest.mark.parametrize("url", [CHECK, RESULT, TURN_ON])
def test_anonymous_is_sent_to_log_in(anon_client, url):
    assert anon_client.get(url).url == f"/accounts/login/?next={url}"
    assert anon_client.post(url).url.startswith("/accounts/login/")


@pytest.mark.parametrize("url, method", [(CHECK, "put"), (RESULT, "post"), (TURN_ON, "delete")])
def test_wrong_method_is_refused(alice_client, url, method):
    assert getattr(alice_client, method)(url).status_code == 405


def test_the_answers_are_never_logged(alice_client, caplog):
    with caplog.at_level(logging.DEBUG):
        send(alice_client, afraid="yes", self_harm="rather_not_say")
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "afraid" not in logged and "rather_not_say" not in logged and "self_harm" not in logged


def test_the_answers_are_not_in_the_admin():
    from django.contrib import admin

    assert SafetyCheck not in admin.site._registry
    user_admin = admin.site._registry[User]
    for shown in (user_admin.list_display, user_admin.fields, user_admin.search_fields, user_admin.list_filter):
        assert "comparison_off" not in shown and "comparison_cleared_at" not in shown
    assert str(SafetyCheck(afraid="yes")) == "safety check"


def test_the_help_page_has_tel_links_for_every_number(anon_client):
    page = anon_client.get("/help/").content.decode()
    for resource in settings.HELP_RESOURCES:
        for phone in resource["phones"]:
            assert f'<a href="tel:{phone["tel"]}">{phone["number"]}</a>' in page


def test_help_is_one_tap_away_on_every_page(alice_client, anon_client):
    for client in (alice_client, anon_client):
        for url in ("/", "/questionnaires/", CHECK, "/help/"):
            page = client.get(url, follow=True).content.decode()
            assert '<footer class="site-footer">\n    <p><a href="/help/">' in page


def test_step_four_opens_with_the_safety_caveat(alice_client, couple):
    page = alice_client.get("/steps/4/").content.decode()
    caveat = page.index("First, your safety.")
    assert caveat < page.index("put your energy into the part you control")
    assert 'href="/help/"' in page[caveat : caveat + 600]
