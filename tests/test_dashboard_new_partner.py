"""Questionnaire answers belong to a person, not a couple. When Alice leaves
Bob and pairs with Carol, what she answered about Bob must never reach
Carol's dashboard, page or fragment, as if it were Alice's view of Carol; only
answers Alice gave since she and Bob ended count for her and Carol (answers
given before pairing, while waiting for the partner, do count). Alice keeps
her own history on her own questionnaire pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import dashboards
from tests.conftest import HTMX, client_for, make_couple, make_user
from tests.dashboards import SENTINELS, intimacy, shows_score
from tests.questionnaires import make_submission
from tests.dashboards import shared_pages

PANELS = ["status", "intimacy", "distancing", "progress", "this-week"]
OLD_AFTER = [s + 1 for s in SENTINELS]  # Alice's second answers about Bob: a "then and now" change


@pytest.fixture
def alice_now_with_carol(alice, bob):
    """Alice answered both questionnaires about Bob (closeness twice, pulling
    away with Bob "very often"), left him, and has just paired with Carol."""
    make_couple(alice, bob)
    intimacy(alice, SENTINELS, days_ago=60)
    old = intimacy(alice, OLD_AFTER, days_ago=30)
    dashboards.distancing(alice, 100, 100, days_ago=30)
    intimacy(bob, [50] * 8, days_ago=30)
    assert client_for(alice).post("/couple/leave/").status_code == 302
    carol = make_user("Carol")
    make_couple(alice, carol, joined_at=timezone.now())
    return carol, old


def carols_views(carol) -> dict[str, str]:
    client = client_for(carol)
    views = {"page": shared_pages(client)}
    for name in PANELS:
        response = client.get(f"/dashboard/panel/{name}/", headers=HTMX)
        assert response.status_code == 200
        views[name] = response.content.decode()
    return views


def test_answers_about_the_former_partner_never_reach_the_new_one(alice, alice_now_with_carol):
    carol, _ = alice_now_with_carol
    intimacy(carol, [80] * 8)
    dashboards.distancing(carol, 0, 0)
    for where, page in carols_views(carol).items():
        assert not any(shows_score(page, v) for v in SENTINELS + OLD_AFTER), where
        assert "ery often" not in page, where  # Alice's distancing answers about Bob
        assert "their closeness answers since last time" not in page, where
    views = carols_views(carol)
    assert views["status"].count("Sent ") == 2  # Carol's two; Alice has answered nothing since they paired
    assert "Waiting for Alice to answer" in views["intimacy"]
    assert "Waiting for Alice to answer" in views["distancing"]


def test_only_answers_since_pairing_are_compared(alice, alice_now_with_carol):
    carol, _ = alice_now_with_carol
    intimacy(carol, [80] * 8)
    intimacy(alice, [70] * 8)  # Alice answers again, now about Carol
    for where, page in carols_views(carol).items():
        assert not any(shows_score(page, v) for v in SENTINELS + OLD_AFTER), where
        assert "their closeness answers since last time" not in page, where  # no "then" with Carol yet
    page = carols_views(carol)["intimacy"]
    assert page.count("chip--strength") == 8  # 70 and 80: strong for both, so not the answers about Bob


def test_alice_starts_afresh_on_the_shared_page_too(alice, alice_now_with_carol):
    page = shared_pages(client_for(alice))
    assert "Neither of you has answered yet" in page
    assert not any(shows_score(page, v) for v in SENTINELS + OLD_AFTER)
    assert "your closeness answers since last time" not in page


def test_alice_keeps_her_own_history_on_her_questionnaire_pages(alice, alice_now_with_carol):
    carol, _ = alice_now_with_carol
    with_bob = make_submission(alice, "distancing", days_ago=20)  # answered the way the app stores it, before Carol
    client = client_for(alice)
    assert "See your answers and scores" in client.get("/questionnaires/").content.decode()
    assert client.get(with_bob.get_absolute_url()).status_code == 200
    assert client_for(carol).get(with_bob.get_absolute_url()).status_code == 404


def test_answers_given_while_waiting_for_the_partner_count(alice, bob):
    """Alice answers before she makes the couple and while her invite waits:
    those answers are about Bob, the partner she is about to pair with."""
    intimacy(alice, [70] * 8, days_ago=20)  # before any couple
    couple = make_couple(alice, joined_at=timezone.now() - timedelta(days=10))
    dashboards.distancing(alice, 50, 25, days_ago=5)  # waiting for Bob
    couple.memberships.create(user=bob)
    intimacy(bob, [80] * 8)
    dashboards.distancing(bob, 25, 50)
    page = shared_pages(client_for(bob))
    assert page.count("chip--strength") == 8  # 70 and 80: strong for both, so not the answers about Bob
    assert "Waiting for Alice" not in page


def test_a_second_couple_counts_from_when_the_first_ended(alice, bob):
    """What counts is each partner's own date: Carol never had a couple, so
    all her answers count; Alice's count from when she and Bob ended."""
    carol = make_user("Carol")
    intimacy(carol, [80] * 8, days_ago=40)
    ended = make_couple(alice, bob, joined_at=timezone.now() - timedelta(days=100))
    intimacy(alice, SENTINELS, days_ago=50)  # about Bob
    ended.ended_at = timezone.now() - timedelta(days=30)
    ended.save()
    ended.memberships.update(active=False)
    intimacy(alice, [70] * 8, days_ago=20)  # after Bob, before Carol
    make_couple(alice, carol, joined_at=timezone.now() - timedelta(days=10))
    page = shared_pages(client_for(carol))
    assert page.count("chip--strength") == 8  # 70 and 80: strong for both, so not the answers about Bob
    assert not any(shows_score(page, v) for v in SENTINELS)
