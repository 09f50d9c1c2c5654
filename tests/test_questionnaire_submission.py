"""The author's own results: answers and scores, read-only, then beside now."""

import re
from dataclasses import replace

import pytest

from assessments.instruments import AGREEMENT, REGISTRY, Item, Role, Section, get_instrument
from assessments.models import Submission
from assessments.scoring import score
from tests.questionnaires import make_draft, make_submission


def url(submission):
    return f"/questionnaires/submissions/{submission.pk}/"


@pytest.fixture
def submission(alice, couple):
    return make_submission(alice, "intimacy", 4, version=1)


def test_author_sees_scores_and_answers_read_only(alice_client, submission):
    response = alice_client.get(url(submission))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1>") == 1
    assert "Touch and attraction" in content
    # "Agree" to everything: 3 + 3 points, and 1 for the reverse-worded item: 7 of 12
    assert '<td class="num">58</td>' in content
    assert "You still feel drawn to your partner." in content and "<dd>Agree</dd>" in content
    assert "type=\"radio\"" not in content  # nothing to edit here
    # The way on is back to the week; answering again is offered, not the main button.
    assert '<a class="button" href="/">Back to this week</a>' in content
    assert '<button class="button button--quiet" type="submit">Take it again</button>' in content
    assert "Change" not in content  # nothing to compare with yet


def test_then_and_now_per_dimension(alice, alice_client, couple):
    make_submission(alice, "intimacy", 2, days_ago=40, version=1)  # 1 + 1 + 3 of 12 points: 42
    then = make_submission(alice, "intimacy", 4, days_ago=30, version=1)  # 3 + 3 + 1 = 7: 58
    content = alice_client.get(url(then)).content.decode()
    assert '<td class="num">42</td>' in content and '<td class="num">58</td>' in content
    assert content.count('<td class="num">about the same</td>') == 8  # 5 -> 7 points: within one step a question
    make_submission(alice, "intimacy", 1, days_ago=20, version=1)  # 0 + 0 + 4 = 4: 33
    now = make_submission(alice, "intimacy", 5, version=1)  # 4 + 4 + 0 = 8: 67
    content = alice_client.get(url(now)).content.decode()
    assert content.count("up 34") == 8  # 4 -> 8 points: more than the wobble of 3
    assert content.count("<td>Strong</td>") == 8  # what the partner sees of it
    assert "Every time you" in content


def test_distancing_shows_self_and_partner_views(alice, alice_client, couple):
    mine = make_submission(alice, "distancing", 1)
    content = alice_client.get(url(mine)).content.decode()
    assert "How often you pulled away" in content
    assert "How often you saw your partner pull away" in content
    # The ways of coming closer have tables of their own, not "pulling away".
    assert "How often you turned toward your partner" in content
    assert "How often you saw your partner turn toward you" in content
    assert content.count('<td class="num">25</td>') == 18


def test_version_1_distancing_has_no_turning_toward_tables(alice, alice_client, couple):
    mine = make_submission(alice, "distancing", 1, version=1)
    content = alice_client.get(url(mine)).content.decode()
    assert "How often you pulled away" in content and "turned toward" not in content
    assert content.count('<td class="num">25</td>') == 14


def test_an_open_retake_is_offered_instead_of_a_new_one(alice, alice_client, submission):
    draft = make_draft(alice, "intimacy")
    content = alice_client.get(url(submission)).content.decode()
    assert f'href="/questionnaires/drafts/{draft.pk}/"' in content


def test_partner_and_outsider_get_404(bob_client, carol_client, other_couple, submission):
    assert bob_client.get(url(submission)).status_code == 404
    assert carol_client.get(url(submission)).status_code == 404


def test_unknown_submission_is_404(alice_client, submission):
    assert alice_client.get("/questionnaires/submissions/999999/").status_code == 404


def test_anonymous_is_sent_to_log_in(anon_client, submission):
    response = anon_client.get(url(submission))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_post_is_refused(alice_client, submission):
    assert alice_client.post(url(submission)).status_code == 405
    assert Submission.objects.count() == 1


def test_query_count_does_not_grow_with_history(alice, alice_client, submission, django_assert_num_queries):
    # session, user, submission, the one before, history dates, open draft, couple (menu)
    with django_assert_num_queries(7):
        alice_client.get(url(submission))
    for days in range(1, 30):
        make_submission(alice, "intimacy", days_ago=days)
    with django_assert_num_queries(7):
        alice_client.get(url(submission))


def test_version_1_submissions_are_read_with_version_1_items(alice, alice_client, couple):
    old = make_submission(alice, "intimacy", 4, version=1)
    content = alice_client.get(url(old)).content.decode()
    assert "You still feel drawn to your partner." in content
    assert "You can hold your partner&#x27;s gaze and feel comfortable." in content
    assert "You can hold your partner&#x27;s gaze.</dt>" not in content  # version 2's wording
    assert "In your own words" not in content
    assert content.count('<td class="num">58</td>') == 8  # as stored, three items everywhere


def test_a_new_version_leaves_earlier_pages_and_scores_as_they_were(alice, alice_client, couple, monkeypatch):
    """Registering one more version with other items: an earlier submission is
    still read with its own items, and its stored scores are its scores."""
    old = make_submission(alice, "intimacy", 4, version=1)
    before = alice_client.get(url(old)).content.decode()

    v1 = get_instrument("intimacy", 1)
    touch = Section("touch", "Touch", "New words.", (Item("touch_new", "touch", Role.DIMENSIONS, "A new question.", AGREEMENT),))
    v3 = replace(v1, version=3, sections=(touch, *v1.sections[2:]), dimensions=tuple(d for d in v1.dimensions if d.key != "eye_contact"))
    monkeypatch.setitem(REGISTRY["intimacy"], 3, v3)  # put back as it was after the test
    assert get_instrument("intimacy") is v3

    after = alice_client.get(url(old)).content.decode()
    assert without_tokens(after) == without_tokens(before)
    assert "You still feel drawn to your partner." in after and "A new question." not in after
    old.refresh_from_db()
    assert old.version == 1
    assert old.scores == score(v1, old.answers)


def without_tokens(page: str) -> str:
    """The page without what changes on every request (CSRF token, CSP nonce)."""
    return re.sub(r'(nonce="|csrfmiddlewaretoken" value="|"x-csrftoken": ")[^"]+', r"\1", page)
