"""/ for a partner in a complete couple: the shared dashboard."""

import gzip
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders

from couples import weeks
from steps.models import StepDone, WeeklyAction
from tests import dashboards
from tests.checkins import make_checkin
from tests.conftest import HTMX
from tests.dashboards import SENTINELS, intimacy, shows_score
from tests.dashboards import shared_pages


def history(couple, alice, bob, count: int) -> None:
    """Both partners with `count` weeks of check-ins, two submissions of each questionnaire, steps and an action."""
    this_week = weeks.current_week(couple)
    for n in range(count):
        week = this_week - timedelta(weeks=n)
        make_checkin(couple, alice, week, closeness=5 + n % 3, private_note="ALICE-PRIVATE")
        make_checkin(couple, bob, week, closeness=6, private_note="BOB-PRIVATE", appreciated=1)
    for person in (alice, bob):
        intimacy(person, [50] * 8, days_ago=60)
        intimacy(person, [60] * 8)
        dashboards.distancing(person, 25, 50, days_ago=60)
        dashboards.distancing(person, 0, 25)
        StepDone.objects.create(user=person, couple=couple, step=1)
    WeeklyAction.objects.create(user=alice, couple=couple, week_start=this_week, text="Make Bob breakfast")


def test_partner_sees_every_panel(alice_client, alice, bob, couple):
    """The panels of the old single dashboard, now on three pages: "This
    week" (the check-in, the glance), /together/ (status, both comparisons)
    and /progress/ (the chart)."""
    history(couple, alice, bob, 3)
    home, together, progress = (alice_client.get(p) for p in ("/", "/together/", "/progress/"))
    assert home.status_code == together.status_code == progress.status_code == 200
    home, together, progress = (r.content.decode() for r in (home, together, progress))
    assert "<h1>This week</h1>" in home and "You and Bob" in home
    for panel in ("checkin-form", "panel-glance"):
        assert f'id="{panel}"' in home
    for panel in ("panel-status", "panel-intimacy", "panel-distancing"):
        assert f'id="{panel}"' in together
    assert 'id="panel-progress"' in progress
    assert "Worth talking about" not in together  # every gap is zero, and 60 is mixed for both
    # The couple's step this week (a year after pairing, all five are open), never each partner's.
    assert 'This week: <a href="/steps/5/">Step 5: Closer, without pressure</a>' in together and "Step 2: My part" not in together
    assert '<span class="stat">3</span> weeks in a row that you\'ve both checked in.' in together
    assert "<strong>3</strong> weeks in a row you've both checked in" in home
    assert 'data-hx-get="/dashboard/panel/progress/" data-hx-trigger="checkin-saved from:body"' in progress
    assert 'data-hx-get="/dashboard/panel/glance/" data-hx-trigger="checkin-saved from:body"' in home
    # This week's check-in is saved, so it is folded; unfolded it works without JavaScript too.
    unfolded = alice_client.get("/?edit=1").content.decode()
    assert 'data-hx-post="/checkin/"' in unfolded and 'action="/checkin/"' in unfolded
    assert "You chose: Make Bob breakfast" in unfolded
    assert "You chose: <strong>Make Bob breakfast</strong>" in home
    assert "<title" in progress and "<desc" in progress and "The numbers, week by week" in progress


def test_comparison_labels_and_prompts(alice_client, alice, bob, couple):
    # Three items an element, 12 points: 83 = 10, 92 = 11, 42 = 5, 25 = 3, 50 = 6, 8 = 1.
    intimacy(alice, [83, 83, 25, 50, 50, 50, 50, 50], [5, 3, 5, 3, 3, 3, 3, 3])
    intimacy(bob, [92, 42, 25, 50, 50, 50, 50, 8], [5, 3, 5, 3, 3, 3, 3, 1])
    page = shared_pages(alice_client)
    assert '<span class="chip chip--strength">Shared strength</span>' in page  # touch: both strong
    assert '<span class="chip chip--growth">Shared growth area</span>' in page  # openness: both low
    assert page.count("chip--different") == 2  # eye contact (5 points apart) and appreciation (5 apart)
    # Strengths first, then at most two things worth talking about.
    opening = page[page.index("What you share and do well") : page.index("Worth talking about")]
    assert re.findall(r"<strong>([^<]+)</strong>", opening) == ["Touch and attraction"]
    assert "you: strong, Bob: strong" in opening
    talk = page[page.index("Worth talking about") : page.index("Every part")]
    # room x importance: openness (24 - 6) / 3 x 10 = 60; appreciation (24 - 7) / 3 x 4 = 22.7;
    # eye contact (24 - 15) / 3 x 6 = 18 is the third, left out.
    assert re.findall(r"<strong>([^<]+)</strong>", talk) == ["Talking openly", "Appreciation and sharing the lead"]
    assert "keeping to yourself" in talk and "Sit facing each other" not in talk
    assert "you: low, Bob: low · matters to you: essential, to Bob: essential" in talk
    assert "you: mixed, Bob: low" in talk
    panel = page[page.index('id="panel-intimacy"') :]
    panel = panel[: panel.index("</section>")]
    assert not re.search(r"\b(83|92|42|25|50|8)\b", re.sub(r"<[^>]*>", " ", panel))  # bands, never scores


def test_distancing_names_differences_without_blame(alice_client, alice, bob, couple):
    # Alice says she never finds fault; Bob sees it often. Bob sees himself over-helping often; Alice rarely.
    dashboards.distancing(alice, 0, {"over_helping": 25})
    dashboards.distancing(bob, {"over_helping": 75}, {"criticism": 75})
    page = " ".join(shared_pages(alice_client).split())
    assert "<strong>Finding fault.</strong> Bob sees this more often than you do. Neither view is the true one" in page
    assert "You may not notice it in yourself" not in page  # never tell someone their own view is wrong
    assert "<strong>Over-helping.</strong> Bob sees this in themselves more often than you do." in page


def test_scores_stay_private_until_both_submitted(alice_client, bob_client, alice, bob, couple):
    intimacy(alice, SENTINELS)
    dashboards.distancing(alice, 100, 75)
    alice_page = shared_pages(alice_client)
    bob_page = shared_pages(bob_client)
    # Alice sees her own scores and that Bob hasn't answered.
    assert "Waiting for Bob to answer." in alice_page
    assert '<span class="chip chip--band">low</span>' in alice_page  # her own, in bands: numbers on her results page
    assert not any(shows_score(alice_page, v) for v in SENTINELS)
    # Bob sees only that Alice has answered.
    assert "Alice has answered. You'll see both of your answers side by side once you've sent yours." in bob_page
    assert not any(shows_score(bob_page, v) for v in SENTINELS)
    assert "Very often" not in bob_page and "very often" not in bob_page

    intimacy(bob, [60] * 8)
    bob_page = shared_pages(bob_client)
    assert 'class="bar--partner" width="1"' in bob_page  # Alice's side, as a band
    assert not any(shows_score(bob_page, v) for v in SENTINELS)


def test_partners_changes_shown_only_after_both_submitted(alice_client, bob_client, alice, bob, couple):
    intimacy(alice, [50] * 8, days_ago=30)
    intimacy(alice, [83] * 8)  # 6 -> 10 of 12 points on every element: more than one step a question
    alice_page = shared_pages(alice_client)
    bob_page = shared_pages(bob_client)
    assert "your closeness answers since last time" in alice_page and "(8 higher, 0 lower, 0 about the same)" in alice_page
    assert "since last time" not in bob_page and "8 higher" not in bob_page
    intimacy(bob, [40] * 8)
    bob_page = shared_pages(bob_client)
    assert "Alice</span>: their closeness answers since last time" in bob_page and "8 higher" in bob_page
    assert "→" not in bob_page and not shows_score(bob_page, 83)  # words only


def test_private_notes_never_appear(alice_client, bob_client, alice, bob, couple):
    history(couple, alice, bob, 2)
    assert "BOB-PRIVATE" not in shared_pages(alice_client)
    assert "ALICE-PRIVATE" not in shared_pages(bob_client)


@pytest.mark.parametrize("caption, closeness", [
    ("closeness has stayed about level for both of you", [6, 6, 6, 6, 6, 6]),
    ("you have both been feeling less close", [8, 8, 8, 5, 5, 5]),
])
def test_progress_caption_is_honest(alice_client, alice, bob, couple, caption, closeness):
    this_week = weeks.current_week(couple)
    for n, value in enumerate(reversed(closeness)):
        for person in (alice, bob):
            make_checkin(couple, person, this_week - timedelta(weeks=n), closeness=value)
    assert caption in shared_pages(alice_client)


def test_nothing_yet(alice_client, couple):
    page = shared_pages(alice_client)
    assert "Neither of you has answered yet." in page
    assert "Nothing to draw yet." in page
    assert "in a row" not in page  # no streak to speak of, and no fuss about it


@pytest.mark.parametrize("count", [1, 104])
def test_query_count_is_fixed(alice_client, alice, bob, couple, count, django_assert_num_queries):
    history(couple, alice, bob, count)
    # "This week" (issue 13): session, user, couple and partner, both
    # questionnaires' histories, this week's check-in (mine and the partner's
    # shared columns), my step-5 action, what the partner shared since my last
    # visit (one union), the streak's dates, and noting the visit. The chart,
    # the steps and the counselor card's hope moved to their own pages
    # (tests/test_home_this_week.py pins those).
    with django_assert_num_queries(10):
        response = alice_client.get("/")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/", "/together/", "/progress/"])
def test_downloads_stay_small(alice_client, alice, bob, couple, path):
    """Each page's HTML, CSS and scripts, compressed, with two years of history: under 60 kB."""
    history(couple, alice, bob, 104)
    page = alice_client.get(path).content.decode()
    total = len(gzip.compress(page.encode()))
    assets = re.findall(r'(?:src|href)="/static/([^"]+\.(?:css|js))"', page)
    assert len(assets) >= 3  # app.css, app.js, htmx
    for asset in assets:
        with open(finders.find(asset), "rb") as f:
            total += len(gzip.compress(f.read()))
    assert total < 60_000


def test_anonymous_sees_the_welcome_page(anon_client):
    assert b"Create an account" in anon_client.get("/").content


def test_wrong_method_is_refused(alice_client, couple):
    assert alice_client.post("/").status_code == 405


def test_pausing_hides_new_answers_both_ways(alice, bob, alice_client, bob_client, couple):
    from django.utils import timezone

    intimacy(alice, [50] * 8, days_ago=30)
    intimacy(bob, [83] * 8, days_ago=30)
    alice.sharing_paused_at = timezone.now() - timedelta(days=1)
    alice.save(update_fields=["sharing_paused_at"])
    intimacy(alice, SENTINELS)  # sent while paused
    bob_page = shared_pages(bob_client)
    assert "Alice has paused sharing for now" in bob_page
    assert not any(shows_score(bob_page, v) for v in SENTINELS)
    assert 'class="bar--partner" width="2"' in bob_page  # what she shared before pausing stays: 50, mixed
    assert "their closeness answers since last time" not in bob_page
    # Alice compares with what she shared, too: both see the same comparison.
    alice_page = shared_pages(alice_client)
    assert 'class="bar--you" width="2"' in alice_page and 'class="bar--partner" width="3"' in alice_page


def test_sent_only_while_paused_waits_for_resuming(alice, bob, alice_client, couple):
    from django.utils import timezone

    alice.sharing_paused_at = timezone.now() - timedelta(days=1)
    alice.save(update_fields=["sharing_paused_at"])
    intimacy(alice, SENTINELS)
    intimacy(bob, [60] * 8)
    page = shared_pages(alice_client)
    assert "You've paused sharing" in page
    assert 'class="bar--partner"' not in page


def test_elements_keep_the_questionnaires_order_whatever_the_json_order(alice_client, alice, bob, couple):
    """PostgreSQL's jsonb reorders keys; the page must not follow it."""
    reversed_scores = {"dimensions": dict(reversed(list(dict.fromkeys(dashboards.ELEMENTS, 50).items()))),
                       "importance": dict.fromkeys(reversed(dashboards.ELEMENTS), 3)}
    dashboards.scored(alice, "intimacy", reversed_scores)
    dashboards.scored(bob, "intimacy", reversed_scores)
    page = shared_pages(alice_client)
    titles = re.findall(r'<span class="element__title">([^<]+)</span>', page)
    assert titles[0] == "Touch and attraction" and len(titles) == 8


def test_a_streak_longer_than_the_chart_is_counted_in_full(alice_client, alice, bob, couple):
    history(couple, alice, bob, 60)  # the chart loads 52 weeks; the streak needs all 60
    status = alice_client.get("/dashboard/panel/status/", headers=HTMX).content.decode()
    assert '<span class="stat">60</span> weeks in a row' in status


def test_chart_table_lists_each_week_newest_first(alice_client, alice, bob, couple):
    this_week = weeks.current_week(couple)
    make_checkin(couple, alice, this_week, closeness=7)
    make_checkin(couple, alice, this_week - timedelta(weeks=2), closeness=3)
    make_checkin(couple, bob, this_week - timedelta(weeks=2), closeness=10)
    make_checkin(couple, bob, this_week - timedelta(weeks=3), closeness=4)
    page = shared_pages(alice_client)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td><td class="num">([^<]+)</td></tr>', page)
    assert rows == [
        (f"{d.day} {d:%b} {d.year}", mine, theirs)
        for d, mine, theirs in [
            (this_week, "7", "–"),
            (this_week - timedelta(weeks=2), "3", "10"),
            # Only Bob checked in that week: his number waits for a check-in of Alice's (mutual reveal).
            (this_week - timedelta(weeks=3), "–", "Checked in"),
        ]
    ]
    assert '<td class="num">4</td>' not in page


def test_a_paused_partners_newer_check_ins_leave_the_streak_and_the_chart_alone(alice, bob, alice_client, bob_client, couple):
    """Bob paused sharing yesterday, then checked in this week: for Alice his
    run of weeks ends last week and his newest closeness stays his, on the
    dashboard as on the history page; Bob still sees his own."""
    from django.utils import timezone

    this_week = weeks.current_week(couple)
    long_ago = timezone.now() - timedelta(weeks=100)
    for n in range(60):
        make_checkin(couple, alice, this_week - timedelta(weeks=n), closeness=4)
        make_checkin(couple, bob, this_week - timedelta(weeks=n), closeness=9, updated_at=long_ago if n else timezone.now())
    bob.sharing_paused_at = timezone.now() - timedelta(days=1)
    bob.save(update_fields=["sharing_paused_at"])
    status = alice_client.get("/dashboard/panel/status/", headers=HTMX).content.decode()
    assert "<span class=\"stat\">59</span> weeks in a row that you've both checked in, up to last week." in status
    assert '<span class="stat">59</span> weeks in a row' in alice_client.get("/checkin/history/").content.decode()
    progress = alice_client.get("/dashboard/panel/progress/", headers=HTMX).content.decode()
    assert f'<tr><th scope="row">{this_week.day} {this_week:%b} {this_week.year}</th><td class="num">4</td><td class="num">–</td></tr>' in progress
    assert "<span class=\"stat\">60</span> weeks in a row that you've both checked in." in shared_pages(bob_client)


def test_this_week_is_the_couples_week_even_with_a_check_in_dated_later(alice_client, alice, bob, couple):
    """Moving the couple to a time zone further west can take its week back to
    the one before, leaving check-ins dated a week ahead: this week's status
    and form still show this week's check-ins, as the check-in page does."""
    this_week = weeks.current_week(couple)
    for person in (alice, bob):
        make_checkin(couple, person, this_week + timedelta(weeks=1))
        make_checkin(couple, person, this_week, appreciation_note=f"{person.display_name} THIS WEEK")
    page = shared_pages(alice_client)
    status = page[page.index('id="panel-status"') : page.index('id="panel-intimacy"')]
    assert "This week's check-in</th>\n          <td>Done</td>\n          <td>Done</td>" in status
    assert "You have both checked in this week." in page and "Bob THIS WEEK" in page
    assert "Update my check-in" in alice_client.get("/?edit=1").content.decode()
