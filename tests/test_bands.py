"""Nothing private readable from a score: on every page Bob can reach, Alice's
closeness and pulling-away scores appear only as words (strong / mixed / low;
never ... very often), never as numbers, bar widths or then-to-now figures.
Alice keeps her exact scores on her own results page."""

import re

import pytest

from couples import weeks
from tests.checkins import make_checkin
from tests.conftest import HTMX
from tests.questionnaires import answers_for, make_submission
from tests.dashboards import shared_pages

PANELS = ["status", "intimacy", "distancing", "progress", "this-week", "glance", "next"]
BOB_PAGES = ["/", "/steps/", "/steps/1/", "/steps/2/", "/steps/3/", "/steps/4/", "/steps/5/", "/checkin/history/"]


def submit(user, key, answers, days_ago=0):
    """Answers given one by one, covered by a safety check with no yes."""
    return make_submission(user, key, days_ago=days_ago, answers=answers)


def alices_intimacy(touch=(5, 3, 4), ease=(5, 4, 4)):
    """Touch 4 + 2 + 1 = 7 of 12 points = 58.3 -> 58 (touch_3 is reverse-worded:
    "4" gives 5 - 4 = 1); ease 4 + 3 + 1 = 8 of 12 = 66.7 -> 67. The rest "In between": 50."""
    answers = answers_for("intimacy", 3)
    answers |= dict(zip(("touch_1", "touch_2", "touch_3"), touch))
    answers |= dict(zip(("ease_1", "ease_2", "ease_3"), ease))
    return answers


def leaks(page: str, value: int) -> bool:
    """`value` as a number a reader or a bar could show: in the text, or as a width."""
    if f'width="{value}"' in page:
        return True
    text = re.sub(r"<[^>]*>", " ", page)
    return re.search(rf"(?<![\d.]){value}(?![\d.])", text) is not None


@pytest.fixture
def distinctive(alice, bob, couple):
    """Alice with closeness scores 58 and 67 (then 83 and 100 a month before),
    and pulling away at "often" (75) on criticism about herself and "very often"
    (100) about Bob's drinking; Bob plain, so the comparison is open."""
    before = submit(alice, "intimacy", alices_intimacy(touch=(5, 5, 3), ease=(5, 5, 1)), days_ago=40)
    assert before.scores["dimensions"]["touch"] == 83 and before.scores["dimensions"]["ease"] == 100
    now = submit(alice, "intimacy", alices_intimacy())
    assert now.scores["dimensions"]["touch"] == 58 and now.scores["dimensions"]["ease"] == 67
    distancing = answers_for("distancing", 0) | {"criticism_self": 3, "substances_partner": 4}
    submit(alice, "distancing", distancing)
    submit(bob, "intimacy", answers_for("intimacy", 3), days_ago=41)
    submit(bob, "intimacy", answers_for("intimacy", 3))
    submit(bob, "distancing", answers_for("distancing", 0))
    week = weeks.current_week(couple)
    make_checkin(couple, alice, week)
    make_checkin(couple, bob, week)
    return now


ALICES_NUMBERS = [58, 67, 83, 75]  # 100 is left out: "100" may name the scale


def test_bobs_dashboard_shows_alices_sides_in_words_only(bob_client, distinctive):
    page = shared_pages(bob_client)
    assert "Touch and attraction" in page and "Alice: mixed" in page  # the comparison is there
    assert "Alice: strong" in page  # ease, 67: 8 of 12 points, above 5/8
    for value in ALICES_NUMBERS:
        assert not leaks(page, value), value
    assert 'width="3"' in page and 'width="2"' in page  # strong and mixed bars: the band, not the score


@pytest.mark.parametrize("name", PANELS)
def test_no_fragment_shows_alices_scores(bob_client, distinctive, name):
    page = bob_client.get(f"/dashboard/panel/{name}/", headers=HTMX).content.decode()
    for value in ALICES_NUMBERS:
        assert not leaks(page, value), (name, value)


@pytest.mark.parametrize("path", BOB_PAGES)
def test_no_page_bob_reaches_shows_alices_scores(bob_client, distinctive, path):
    response = bob_client.get(path)
    assert response.status_code == 200, path
    for value in ALICES_NUMBERS:
        assert not leaks(response.content.decode(), value), (path, value)


def test_the_partners_changes_read_in_words(bob_client, distinctive):
    page = bob_client.get("/dashboard/panel/progress/", headers=HTMX).content.decode()
    assert "their closeness answers since last time" in page
    assert "→" not in page  # no then-to-now figures
    # Alice's touch fell 10 -> 7 points and ease 12 -> 8: both more than one step a question.
    assert "Lower" in page and "About the same" in page


def test_alices_own_dashboard_shows_no_exact_scores_either(alice_client, distinctive):
    page = shared_pages(alice_client)
    for value in ALICES_NUMBERS:
        assert not leaks(page, value), value
    assert f'href="/questionnaires/submissions/{distinctive.pk}/"' in page


def test_before_bob_answers_alices_own_list_is_in_bands(alice, bob, couple, alice_client):
    done = submit(alice, "intimacy", alices_intimacy())
    page = shared_pages(alice_client)
    assert "Waiting for Bob" in page
    assert not leaks(page, 58) and not leaks(page, 67)
    assert ">mixed<" in page and ">strong<" in page
    assert f'href="/questionnaires/submissions/{done.pk}/"' in page


def test_alice_keeps_her_exact_scores_on_her_results_page(alice_client, bob_client, distinctive):
    page = alice_client.get(f"/questionnaires/submissions/{distinctive.pk}/").content.decode()
    assert ">58<" in page and ">67<" in page and ">83<" in page
    assert "down 25" not in page  # touch fell 3 points: one step a question is within wobble
    assert "about the same" in page and "down 33" in page  # ease: 12 -> 8 points
    assert bob_client.get(f"/questionnaires/submissions/{distinctive.pk}/").status_code == 404


def test_step2_shows_my_own_frequencies_in_words(alice_client, distinctive):
    page = alice_client.get("/steps/2/").content.decode()
    assert "Often" in page
    assert not leaks(page, 75)
