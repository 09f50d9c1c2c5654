"""The public API the dashboard uses: latest submissions in one query."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from assessments.services import latest_submissions, submission_histories
from tests.questionnaires import make_submission


def test_latest_submission_per_user_in_one_query(alice, bob, carol, couple, django_assert_num_queries):
    make_submission(alice, "intimacy", 2, days_ago=60)
    newest = make_submission(alice, "intimacy", 4, days_ago=1)
    make_submission(alice, "distancing", 1)
    for days in range(2, 40):
        make_submission(bob, "intimacy", days_ago=days)
    bobs = make_submission(bob, "intimacy", 5, days_ago=0)
    make_submission(carol, "intimacy")
    with django_assert_num_queries(1):
        latest = latest_submissions([alice.pk, bob.pk], "intimacy")
        assert latest[alice.pk].scores["dimensions"]["touch"] == 58  # all "agree": 7 of 12 points
        assert latest[bob.pk].scores["dimensions"]["touch"] == 67  # all "strongly agree": 8 of 12
    assert set(latest) == {alice.pk, bob.pk}
    assert (latest[alice.pk].pk, latest[bob.pk].pk) == (newest.pk, bobs.pk)


def test_users_who_never_submitted_are_absent(alice, bob, couple):
    make_submission(alice, "intimacy")
    assert set(latest_submissions([alice.pk, bob.pk], "distancing")) == set()
    assert set(latest_submissions([alice.pk, bob.pk], "intimacy")) == {alice.pk}


def test_history_oldest_first_in_one_query(alice, bob, couple, django_assert_num_queries):
    first = make_submission(alice, "intimacy", 2, days_ago=60)
    second = make_submission(alice, "intimacy", 4, days_ago=1)
    make_submission(bob, "distancing")
    with django_assert_num_queries(1):
        history = submission_histories([alice.pk, bob.pk], ["intimacy"])["intimacy"]
        assert [s.scores["dimensions"]["care"] for s in history[alice.pk]] == [42, 58]
    assert [s.pk for s in history[alice.pk]] == [first.pk, second.pk]
    assert bob.pk not in history


def test_since_leaves_out_what_each_user_answered_before_their_own_date(alice, bob, couple, django_assert_num_queries):
    make_submission(alice, "intimacy", 2, days_ago=60)
    recent = make_submission(alice, "intimacy", 4, days_ago=1)
    bobs = make_submission(bob, "intimacy", days_ago=30)  # older than Alice's date, but Bob has none
    since = {alice.pk: recent.submitted_at - timedelta(days=10)}
    with django_assert_num_queries(2):
        latest = latest_submissions([alice.pk, bob.pk], "intimacy", since=since)
        history = submission_histories([alice.pk, bob.pk], ["intimacy"], since=since)["intimacy"]
    assert {uid: s.pk for uid, s in latest.items()} == {alice.pk: recent.pk, bob.pk: bobs.pk}
    assert {uid: [s.pk for s in rows] for uid, rows in history.items()} == {alice.pk: [recent.pk], bob.pk: [bobs.pk]}
    assert latest_submissions([bob.pk], "intimacy", since={bob.pk: timezone.now()}) == {}


def test_assessments_does_not_import_couples():
    for path in Path(__file__).parents[1].joinpath("assessments").rglob("*.py"):
        assert not re.search(r"^\s*(from|import) couples\b", path.read_text(), re.MULTILINE), path
