"""couples.sharing on its own: each rule of what reaches a partner, on rows
made directly. The pages that go through it have their own tests (docs/privacy.md)."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from couples import sharing
from couples.access import pair_for
from couples.models import CheckIn
from couples.weeks import current_week, previous_week
from steps.models import Interest
from tests.checkins import make_checkin
from tests.dashboards import intimacy


def paused_ago(user, **ago):
    user.sharing_paused_at = timezone.now() - timedelta(**ago)
    user.save(update_fields=["sharing_paused_at"])


def test_what_changed_after_a_pause_does_not_reach_the_partner(alice):
    assert sharing.reaches_partner(alice, timezone.now())
    paused_ago(alice, hours=1)
    assert sharing.reaches_partner(alice, timezone.now() - timedelta(hours=2))
    assert not sharing.reaches_partner(alice, timezone.now())


def test_check_ins_saved_since_the_partners_pause_are_held_back(alice, bob, couple):
    week = current_week(couple)
    old = make_checkin(couple, alice, previous_week(week), updated_at=timezone.now() - timedelta(days=3))
    new = make_checkin(couple, alice, week)
    mine = make_checkin(couple, bob, week)
    paused_ago(alice, days=1)
    bobs_view = pair_for(bob)
    assert set(CheckIn.objects.of_partner(bobs_view)) == {old}
    assert set(CheckIn.objects.visible_to(bobs_view)) == {old, mine}
    assert new not in CheckIn.objects.visible_to(bobs_view)
    # Alice's own pause never hides anything from herself.
    assert set(CheckIn.objects.visible_to(pair_for(alice))) == {old, new, mine}


def test_only_shared_items_reach_the_partner_and_only_as_they_were_at_the_pause(alice, bob, couple):
    shared = Interest.objects.create(author=alice, couple=couple, text="Golf", shared=True)
    Interest.objects.create(author=alice, couple=couple, text="Chess")
    assert list(Interest.objects.shared_with(pair_for(bob))) == [shared]
    assert list(Interest.objects.shared_with(pair_for(alice))) == []  # Bob shared nothing
    Interest.objects.update(updated_at=timezone.now() - timedelta(days=2))
    paused_ago(alice, days=1)
    shared.kind = Interest.DISTANCE
    shared.save(update_fields=["kind", "updated_at"])
    assert list(Interest.objects.shared_with(pair_for(bob))) == []
    assert [i.held_back for i in Interest.objects.mine(pair_for(alice)).order_by("pk")] == [True, False]


def test_questionnaires_are_compared_once_both_have_sent_one_the_other_may_see(alice, bob, couple, django_assert_num_queries):
    mine = intimacy(alice, [50] * 8, days_ago=3)
    pair = pair_for(alice)
    with django_assert_num_queries(1):
        history = sharing.submission_histories(pair)["intimacy"]
    assert sharing.comparable(pair, history.get(alice.pk, []), history.get(bob.pk, [])) is None
    theirs = intimacy(bob, [60] * 8, days_ago=2)
    pair = pair_for(alice)  # as a new request would: Bob's safety check now covers what he sent
    history = sharing.submission_histories(pair)["intimacy"]
    assert sharing.comparable(pair, history[alice.pk], history[bob.pk]) == (mine, theirs)
    # Sent after my own pause: my partner cannot see it, so neither side is compared on it.
    paused_ago(alice, days=1)
    intimacy(alice, [70] * 8)
    pair = pair_for(alice)
    history = sharing.submission_histories(pair)["intimacy"]
    assert sharing.comparable(pair, history[alice.pk], history[bob.pk]) == (mine, theirs)


def test_a_pausing_partners_newer_questionnaires_are_not_read_at_all(alice, bob, couple):
    before = intimacy(bob, [60] * 8, days_ago=3)
    paused_ago(bob, days=2)
    intimacy(bob, [20] * 8, days_ago=1)
    assert sharing.submission_histories(pair_for(alice))["intimacy"][bob.pk] == [before]
    assert len(sharing.submission_histories(pair_for(bob))["intimacy"][bob.pk]) == 2


def test_docs_privacy_names_only_tests_and_functions_that_exist():
    """docs/privacy.md says which test proves each rule: those must be real."""
    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "privacy.md").read_text()
    named = []
    for cell in re.findall(r"`tests/[^`]+`(?:, `::[^`]+`)*", text):
        path, *tests = re.findall(r"`([^`]+)`", cell)
        path, _, first = path.partition("::")
        named += [(path, name.removeprefix("::")) for name in [first, *tests] if name]
        assert (root / path).exists(), path
    for path, name in named:
        assert re.search(rf"^def {name}\(", (root / path).read_text(), re.M), f"{path}::{name}"
    assert len(named) > 20
    for function in re.findall(r"`sharing\.(\w+)", text):
        assert hasattr(sharing, function), function
