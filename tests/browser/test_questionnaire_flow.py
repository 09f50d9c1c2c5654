"""A partner answers half the closeness questionnaire and a few words of the
open question, closes the page, comes back in a fresh browser, finds every
answer in place, finishes and sends it. Their partner's browser can reach
none of it."""

from playwright.sync_api import expect

from assessments.instruments import get_instrument
from assessments.models import Draft, Submission
from tests.browser.conftest import audit
from tests.conftest import PASSWORD


def log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def answer(page, item, value):
    """Tap an answer and wait until the server has kept it."""
    page.click(f'label[for="id_{item.key}_{value - item.scale.low}"]')
    expect(page.locator(f"#status-{item.key}")).to_have_text("Saved")


def choice_for(item):
    return 2 if item.reverse else 4


INTIMACY, DISTANCING = get_instrument("intimacy"), get_instrument("distancing")  # what a new draft takes
OWN_WORDS = "Cooking together on Sundays, OWN-WORDS-4417."


def test_answers_survive_a_closed_page_and_stay_private(live_server, new_context, alice, bob, couple):
    base = live_server.url
    first_half, second_half = INTIMACY.sections[:4], INTIMACY.sections[4:]
    total = len(INTIMACY.items)

    page = new_context().new_page()
    log_in(page, base, alice.email)
    page.goto(f"{base}/questionnaires/")
    audit(page, "questionnaires-list")
    page.get_by_role("button", name="Begin").first.click()
    expect(page.locator("h1")).to_have_text(INTIMACY.sections[0].title)
    audit(page, "questionnaire-section")
    answered = 0
    for number, section in enumerate(first_half):
        for item in section.items:
            answer(page, item, choice_for(item))
        answered += len(section.items)
        expect(page.locator(".progress__label")).to_contain_text(f"{answered} of {total}")
        if number < len(first_half) - 1:  # the last page is left by closing it, not by Next
            page.get_by_role("button", name="Next").click()
            expect(page.locator("h1")).to_have_text(first_half[number + 1].title)
    draft = Draft.objects.get(user=alice)
    # A few words of the open question, typed and saved as they go; then the page is closed.
    page.goto(f"{base}/questionnaires/drafts/{draft.pk}/own_words/")
    page.get_by_label("What else is part of feeling close, for you?").press_sequentially(OWN_WORDS)
    expect(page.locator("#status-closeness_own_words")).to_have_text("Saved")
    expect(page.locator(".progress__label")).to_contain_text(f"{answered} of {total}")  # optional: not counted
    audit(page, "questionnaire-own-words")
    page.context.close()
    assert draft.answers.get(item="closeness_own_words").text == OWN_WORDS

    # While the draft exists (sending it deletes it, and then anyone gets 404).
    partner = new_context().new_page()
    log_in(partner, base, bob.email)
    for path in (
        f"/questionnaires/drafts/{draft.pk}/",
        f"/questionnaires/drafts/{draft.pk}/touch/",
        f"/questionnaires/drafts/{draft.pk}/review/",
    ):
        assert partner.goto(f"{base}{path}").status == 404
        assert INTIMACY.sections[0].items[0].text not in partner.content()
        assert OWN_WORDS not in partner.content()
    assert Draft.objects.filter(pk=draft.pk).exists()

    page = new_context().new_page()
    log_in(page, base, alice.email)
    page.goto(f"{base}/questionnaires/")
    expect(page.get_by_text(f"{answered} of {total} questions answered")).to_be_visible()
    audit(page, "questionnaires-list-resuming")
    page.get_by_role("link", name="Carry on").click()
    expect(page.locator("h1")).to_have_text(second_half[0].title)  # exactly where she stopped
    for section in first_half:
        page.goto(f"{base}/questionnaires/drafts/{draft.pk}/{section.key}/")
        for item in section.items:
            expect(page.locator(f"#id_{item.key}_{choice_for(item) - 1}")).to_be_checked()
    page.get_by_role("button", name="Next").click()
    for section in second_half:
        expect(page.locator("h1")).to_have_text(section.title)
        if not section.items:  # the open question: what was typed before closing is still there
            expect(page.get_by_label("What else is part of feeling close, for you?")).to_have_value(OWN_WORDS)
            page.get_by_role("button", name="Check and send").click()
            continue
        for item in section.items[:-1]:
            answer(page, item, choice_for(item))
        # The last one by keyboard: focus the scale, move with the arrow keys.
        last = section.items[-1]
        page.focus(f"#id_{last.key}_0")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        expect(page.locator(f"#status-{last.key}")).to_have_text("Saved")
        page.get_by_role("button", name="Check and send" if section is second_half[-1] else "Next").click()
    expect(page.locator("h1")).to_have_text("Ready to send")
    audit(page, "questionnaire-review")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("h1")).to_contain_text("Your answers from")
    audit(page, "questionnaire-submission")

    submission = Submission.objects.get(user=alice)
    assert submission.answers["touch_1"] == 4 and submission.answers["touch_3"] == 2
    assert submission.answers["appreciation_importance"] == 3  # chosen with the keyboard
    assert submission.scores["dimensions"]["touch"] == 75  # 3 + 3 + 3 of 12 points
    assert submission.answers["closeness_own_words"] == OWN_WORDS
    expect(page.get_by_text(OWN_WORDS)).to_be_visible()  # on her own results page

    assert partner.goto(f"{base}/questionnaires/submissions/{submission.pk}/").status == 404
    partner.goto(f"{base}/questionnaires/")
    expect(partner.get_by_role("button", name="Begin")).to_have_count(2)
    audit(partner, "questionnaires-list-partner")


def test_distancing_page_reads_well_on_a_phone(live_server, new_context, alice, couple):
    page = new_context().new_page()
    log_in(page, live_server.url, alice.email)
    page.goto(f"{live_server.url}/questionnaires/")
    page.get_by_role("button", name="Begin").nth(1).click()
    expect(page.locator("h1")).to_have_text(DISTANCING.sections[0].title)
    item = DISTANCING.sections[0].items[0]
    answer(page, item, 1)
    audit(page, "questionnaire-distancing-section")
