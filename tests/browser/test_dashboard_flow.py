"""Two partners, two browsers: each answers both questionnaires and the private safety check; the dashboard
waits for the second one, then shows both the same comparison; a check-in
sent from the dashboard updates its panels in place."""

import pytest
from playwright.sync_api import expect

from assessments.instruments import get_instrument
from tests.browser.conftest import DESKTOP, audit
from tests.browser.test_checkin_flow import choose, signed_in_page
from tests.browser.test_questionnaire_flow import answer
from tests.browser.test_safety_flow import answer_check_with_no
from tests.conftest import make_couple, make_user

pytestmark = pytest.mark.django_db(transaction=True)

INTIMACY, DISTANCING = get_instrument("intimacy"), get_instrument("distancing")  # what a new draft takes


def complete(page, base, instrument, choice) -> None:
    """Answer every question through the pages, the way a person would, and send."""
    page.goto(f"{base}/questionnaires/")
    page.locator(f'form[action="/questionnaires/{instrument.key}/start/"] button').click()
    for section in instrument.sections:
        expect(page.locator("h1")).to_have_text(section.title)
        for item in section.items:
            answer(page, item, choice(item))
        last = section is instrument.sections[-1]
        page.get_by_role("button", name="Check and send" if last else "Next").click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("h1")).to_contain_text("Your answers from")


def alice_choice(item):  # strongly agrees with every sign of closeness, disagrees with the reverse ones: 92
    if item.role == "importance":
        return 4
    if item.scale.low == 0:  # pulling away: rarely herself, often him
        return 1 if item.role == "self" else 3
    return 2 if item.reverse else 5


def bob_choice(item):  # in between on everything: 50; rarely for every behaviour
    if item.scale.low == 0:
        return 1
    return 3


def comparison(page) -> list[str]:
    """The labelled elements of the intimacy panel, as text, in order."""
    return page.locator("#panel-intimacy .element__head").all_inner_texts()


def test_two_partners_reveal_and_check_in(new_context, live_server):
    base = live_server.url
    alice, bob = make_user("Alice"), make_user("Bob")
    make_couple(alice, bob)
    a = signed_in_page(new_context, live_server, alice)
    b = signed_in_page(new_context, live_server, bob)

    complete(a, base, INTIMACY, alice_choice)
    complete(a, base, DISTANCING, alice_choice)
    answer_check_with_no(a)  # offered on the page after sending
    a.goto(f"{base}/together/")
    intimacy = a.locator("#panel-intimacy")
    expect(intimacy).to_contain_text("Waiting for Bob to answer.")
    expect(a.locator("#panel-distancing")).to_contain_text("Waiting for Bob to answer.")
    audit(a, "dashboard-waiting")
    b.goto(f"{base}/together/")
    expect(b.locator("#panel-intimacy")).to_contain_text("Alice has answered.")
    assert "92" not in b.locator("#panel-intimacy").inner_text()

    complete(b, base, INTIMACY, bob_choice)
    complete(b, base, DISTANCING, bob_choice)
    answer_check_with_no(b)
    b.goto(f"{base}/together/")
    a.reload()
    # The same comparison from both sides: every element 92 against 50 (more than one step a
    # question apart), seen differently, and shown in words.
    assert comparison(a) == comparison(b) == [f"{d.title}\nSeen differently" for d in INTIMACY.dimensions]
    expect(a.locator("#panel-intimacy .pair-bar").first).to_contain_text("You\nstrong\nBob\nmixed")
    expect(b.locator("#panel-intimacy .pair-bar").first).to_contain_text("You\nmixed\nAlice\nstrong")
    assert a.locator(".talk-first strong").all_inner_texts() == b.locator(".talk-first strong").all_inner_texts()
    expect(a.locator("#panel-distancing")).to_contain_text("You see this in Bob more often than they do.")
    expect(b.locator("#panel-distancing")).to_contain_text("Alice sees this more often than you do.")
    audit(b, "dashboard-both")

    # Alice checks in on "This week": the check-in folds, the glance refreshes, the page stays.
    a.goto(f"{base}/progress/")
    expect(a.locator("#panel-progress")).to_contain_text("Nothing to draw yet.")
    a.goto(f"{base}/")
    a.evaluate("window.stillHere = true")
    choose(a, "How close did you feel to Bob this week?", "7")
    choose(a, "How appreciated did you feel?", "4")
    choose(a, "How many times did you pull away?", "Once")
    a.get_by_role("button", name="Save my check-in").click()
    expect(a.get_by_text("Your check-in is saved.")).to_be_visible()
    expect(a.locator("#panel-glance")).to_contain_text("you have checked in")
    assert a.evaluate("window.stillHere") is True
    audit(a, "dashboard-checked-in")
    a.goto(f"{base}/progress/")
    progress = a.locator("#panel-progress")
    expect(progress.locator("svg.chart")).to_be_visible()
    expect(progress.locator("table")).to_contain_text("7")
    a.goto(f"{base}/together/")
    expect(a.locator("#panel-status")).to_contain_text("Done")


def test_dashboard_on_a_desktop_in_dark_mode(new_context, live_server):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    from accounts.models import User

    context = new_context(viewport=DESKTOP)
    page = signed_in_page(lambda: context, live_server, User.objects.get(email="sam@demo.rekindle.example"))
    page.emulate_media(color_scheme="dark")
    page.goto(live_server.url + "/progress/")
    expect(page.locator("#panel-progress svg.chart")).to_be_visible()
    audit(page, "dashboard-demo-desktop-dark")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 390, "height": 844})
    audit(page, "dashboard-demo-phone")
