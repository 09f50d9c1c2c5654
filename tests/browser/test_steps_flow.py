"""Both partners complete step 5 together from two browsers: each adds to the
shared list in place (htmx), sees the other's additions, edits an idea the
other just removed, chooses a weekly action and marks the step done. Every
page passes the axe audit."""

import pytest
from django.utils import timezone

from steps.models import ConnectionIdea, StepDone, WeeklyAction
from tests.browser.conftest import audit
from tests.conftest import PASSWORD, make_couple, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(context, base, email, errors: list | None = None):
    """A new page, logged in through the form. With `errors`, every console
    error and uncaught exception on the page is appended to it."""
    page = context.new_page()
    if errors is not None:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")
    return page


def add_idea(page, text):
    page.get_by_label("A way we used to connect").fill(text)
    page.get_by_role("button", name="Add to our list").click()
    # Swapped in place: the new idea appears as an editable row, no page load.
    page.locator(f'#ideas input[value="{text}"]').wait_for()


def test_both_partners_build_the_list_and_choose_their_one_thing(live_server, new_context):
    ana, ben = make_user("Ana"), make_user("Ben")
    couple = make_couple(ana, ben)
    # Steps 1-4 are behind them both, so step 5 is the last one.
    StepDone.objects.bulk_create([StepDone(user=u, couple=couple, step=n) for u in (ana, ben) for n in range(1, 5)])
    base = live_server.url
    a = log_in(new_context(), base, "ana@example.com")
    b = log_in(new_context(), base, "ben@example.com")

    a.goto(base + "/steps/")
    audit(a, "steps-index")
    a.get_by_role("link", name="Step 5: Closer, without pressure").click()
    audit(a, "step5-empty")
    a.evaluate("window.noReload = true")
    # A refused add answers 400; htmx swaps its message in all the same.
    with a.expect_response(lambda response: response.request.method == "POST") as refused:
        a.get_by_role("button", name="Add to our list").click()
    assert refused.value.status == 400
    a.locator("#ideas").get_by_text("Write a few words first.").wait_for()
    add_idea(a, "Saturday pancakes")
    # The weekly choice below the list follows it in place too.
    a.locator("#this-week").get_by_role("radio", name="Saturday pancakes").wait_for()

    b.goto(base + "/steps/5/")
    add_idea(b, "Walks by the river")
    assert b.locator('#ideas input[value="Saturday pancakes"]').count() == 1

    add_idea(a, "Dancing in the kitchen")
    # Ana's list now shows Ben's idea too, and the page never reloaded.
    assert a.locator('#ideas input[value="Walks by the river"]').count() == 1
    assert a.evaluate("window.noReload") is True
    audit(a, "step5-list")

    # Editing in place.
    row = a.locator("#ideas li", has=a.locator('input[value="Saturday pancakes"]'))
    row.get_by_label("Edit idea").fill("Sunday pancakes")
    row.get_by_role("button", name="Save").click()
    a.locator('#ideas input[value="Sunday pancakes"]').wait_for()

    b.reload()
    # Ana removes an idea while Ben still has it on screen; his Save then shows
    # the list as it is now, in place, with a word on why.
    a.locator("#ideas li", has=a.locator('input[value="Dancing in the kitchen"]')).get_by_role("button", name="Remove").click()
    a.locator('#ideas input[value="Dancing in the kitchen"]').wait_for(state="detached")
    stale = b.locator("#ideas li", has=b.locator('input[value="Dancing in the kitchen"]'))
    stale.get_by_label("Edit idea").fill("Dancing on the balcony")
    stale.get_by_role("button", name="Save").click()
    b.locator("#ideas").get_by_role("alert").filter(has_text="That idea was just removed.").wait_for()
    assert b.locator('#ideas input[value="Dancing in the kitchen"]').count() == 0
    audit(b, "step5-idea-gone")
    b.reload()
    b.get_by_role("radio", name="Walks by the river").check()
    b.get_by_role("button", name="This is my one thing").click()
    b.get_by_text("This week you chose").wait_for()
    audit(b, "step5-chosen")

    a.reload()
    a.get_by_role("radio", name="Sunday pancakes").check()
    a.get_by_role("button", name="This is my one thing").click()
    a.get_by_text("This week you chose").wait_for()
    assert "This week you chose: Sunday pancakes." in a.locator("#this-week").inner_text()

    assert sorted(ConnectionIdea.objects.values_list("text", flat=True)) == ["Sunday pancakes", "Walks by the river"]
    assert {w.user.display_name: w.text for w in WeeklyAction.objects.select_related("user")} == {
        "Ana": "Sunday pancakes", "Ben": "Walks by the river",
    }

    # Both mark step 5 done; each sees their own marks, and nothing of where the other is.
    for page in (a, b):
        page.goto(base + "/steps/5/")
        page.get_by_role("button", name="Mark this step done").click()
        page.wait_for_url(base + "/steps/")
        page.get_by_text("Step 5 is marked done.").wait_for()
        assert page.locator(".step-list .chip", has_text="You marked it done").count() == 5
    for page, partner in ((a, "Ben"), (b, "Ana")):
        page.reload()
        main = page.locator("main").inner_text()
        assert "This week" in main and f"{partner}: " not in main and "all five done" not in main
    audit(a, "steps-all-done")
    assert StepDone.objects.filter(step=5).count() == 2

    # The check-in asks Ana about her own choice.
    a.goto(base + "/checkin/")
    a.get_by_text("You chose: Sunday pancakes").wait_for()


def test_steps_one_to_four_pages_pass_the_audit(live_server, new_context):
    ana, ben = make_user("Ana"), make_user("Ben")
    make_couple(ana, ben)
    base = live_server.url
    page = log_in(new_context(), base, "ana@example.com")
    page.goto(base + "/steps/1/")
    page.get_by_label("One of your partner's own interests or habits").fill("Late-night gaming")
    page.get_by_role("button", name="Add").click()
    page.get_by_role("button", name="A way we avoid each other").click()
    page.get_by_label("Honesty and trust").check()
    page.get_by_role("button", name="Save my values").click()
    audit(page, "step1")
    page.get_by_role("button", name="Mark this step done").click()
    page.wait_for_url(base + "/steps/2/")
    page.get_by_label("Finding fault").check()
    page.get_by_role("button", name="Save").click()
    audit(page, "step2")
    page.goto(base + "/steps/3/")
    page.get_by_label("Something that still weighs on you").fill("The missed anniversary dinner")
    page.get_by_role("button", name="Add").click()
    audit(page, "step3")
    page.goto(base + "/steps/4/")
    page.get_by_role("radio", name="7", exact=True).check()
    page.get_by_label("One thing I will grow in myself").fill("Ask before I assume")
    page.get_by_role("button", name="Save").click()
    audit(page, "step4")


def test_a_first_week_another_week_moves_the_date_for_both(live_server, new_context):
    ana, ben = make_user("Ana"), make_user("Ben")
    make_couple(ana, ben, joined_at=timezone.now())
    base = live_server.url
    a = log_in(new_context(), base, "ana@example.com")
    b = log_in(new_context(), base, "ben@example.com")
    a.goto(base + "/steps/")
    audit(a, "steps-first-week")
    before = a.locator(".step-list li", has_text="Step 2: My part").inner_text()
    a.get_by_role("button", name="Give us another week").click()
    a.get_by_text("Take the time you need.").wait_for()
    after = a.locator(".step-list li", has_text="Step 2: My part").inner_text()
    assert after != before
    b.goto(base + "/steps/2/")
    audit(b, "step2-not-open")
    assert after.split("Opens on ")[1].split(".")[0] in b.locator("main").inner_text()
