import pytest

from tests.questionnaires import answers_for, make_draft, make_submission


def url(draft):
    return f"/questionnaires/drafts/{draft.pk}/review/"


@pytest.fixture
def draft(alice, couple):
    answers = answers_for("distancing", 2)
    del answers["criticism_partner"], answers["substances_self"]
    return make_draft(alice, "distancing", answers)


def test_lists_each_unanswered_question_with_a_link_to_it(alice_client, draft):
    response = alice_client.get(url(draft))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>A few questions left</h1>" in content
    assert f'href="/questionnaires/drafts/{draft.pk}/reactions/#q-criticism_partner"' in content
    assert f'href="/questionnaires/drafts/{draft.pk}/coping/#q-substances_self"' in content
    assert content.count("#q-") == 2
    assert "Send my answers" not in content


def test_complete_draft_can_be_sent(alice, alice_client, couple):
    draft = make_draft(alice, "intimacy", answers_for("intimacy", 4))
    content = alice_client.get(url(draft)).content.decode()
    assert "<h1>Ready to send</h1>" in content
    assert f'action="/questionnaires/drafts/{draft.pk}/submit/"' in content
    assert 'name="version" value="2"' in content


def test_partner_and_outsider_get_404(bob_client, carol_client, other_couple, draft):
    assert bob_client.get(url(draft)).status_code == 404
    assert carol_client.get(url(draft)).status_code == 404


def test_anonymous_is_sent_to_log_in(anon_client, draft):
    response = anon_client.get(url(draft))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_post_is_refused(alice_client, draft):
    assert alice_client.post(url(draft)).status_code == 405


def test_query_count_does_not_grow_with_history(alice, alice_client, draft, django_assert_num_queries):
    with django_assert_num_queries(5):  # session, user, draft, answers, couple (menu)
        alice_client.get(url(draft))
    for days in range(30):
        make_submission(alice, "distancing", days_ago=days)
    with django_assert_num_queries(5):
        alice_client.get(url(draft))
