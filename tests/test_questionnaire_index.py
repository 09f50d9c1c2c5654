from assessments.models import Draft
from tests.questionnaires import make_draft, make_submission


def test_new_user_sees_both_questionnaires_with_a_begin_button(alice_client, couple):
    response = alice_client.get("/questionnaires/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1>") == 1
    assert "Closeness" in content and "Pulling away" in content
    assert content.count(">Begin</button>") == 2
    assert 'action="/questionnaires/intimacy/start/"' in content


def test_works_without_a_couple(lone_client):
    assert lone_client.get("/questionnaires/").status_code == 200


def test_draft_shows_progress_and_a_way_back_in(alice, alice_client, couple):
    draft = make_draft(alice, "intimacy", {"touch_1": 4, "touch_2": 5})
    content = alice_client.get("/questionnaires/").content.decode()
    assert "2 of 35 questions answered" in content
    assert f'href="/questionnaires/drafts/{draft.pk}/"' in content


def test_submitted_questionnaire_links_to_results_and_offers_a_retake(alice, alice_client, couple):
    submission = make_submission(alice, "distancing")
    content = alice_client.get("/questionnaires/").content.decode()
    assert f'href="/questionnaires/submissions/{submission.pk}/"' in content
    assert "Take it again" in content


def test_shows_only_my_own_drafts_and_submissions(alice, bob, alice_client, bob_client, couple):
    draft = make_draft(alice, "intimacy", {"touch_1": 4})
    submission = make_submission(alice, "distancing")
    content = bob_client.get("/questionnaires/").content.decode()
    assert str(draft.pk) not in content
    assert f"/questionnaires/submissions/{submission.pk}/" not in content
    assert content.count(">Begin</button>") == 2


def test_anonymous_is_sent_to_log_in(anon_client, db):
    response = anon_client.get("/questionnaires/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_post_is_refused(alice_client, couple):
    assert alice_client.post("/questionnaires/").status_code == 405
    assert not Draft.objects.exists()


def test_query_count_does_not_grow_with_history(alice, alice_client, couple, django_assert_num_queries):
    make_submission(alice, "intimacy")
    make_draft(alice, "distancing", {"criticism_self": 1})
    with django_assert_num_queries(5):  # session, user, drafts with counts, latest submissions, couple (menu)
        alice_client.get("/questionnaires/")
    for days in range(1, 30):
        make_submission(alice, "intimacy", days_ago=days)
        make_submission(alice, "distancing", days_ago=days)
    with django_assert_num_queries(5):
        alice_client.get("/questionnaires/")
