"""One page of a questionnaire: shown with the saved answers, saved on Next without JavaScript."""

import pytest

from assessments.models import Answer
from tests.questionnaires import make_draft, make_submission, saved


def url(draft, section="touch"):
    return f"/questionnaires/drafts/{draft.pk}/{section}/"




def test_page_shows_the_questions_with_saved_answers_checked(alice_client, draft):
    response = alice_client.get(url(draft))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1>") == 1 and "<h1>Touch and attraction</h1>" in content
    assert "part 1 of 9" in content
    assert content.count("<fieldset") == 4 and content.count("<legend>") == 4
    assert 'name="touch_1" value="4" id="id_touch_1_3" checked' in content
    assert 'data-hx-post="/questionnaires/drafts/' in content
    assert "1 of 35 questions answered" in content
    assert "Only you can see your answers" in content


def test_distancing_pages_group_questions_by_behaviour(alice, alice_client, couple):
    draft = make_draft(alice, "distancing")
    content = alice_client.get(url(draft, "reactions")).content.decode()
    assert "<h2>Taking differences personally</h2>" in content
    assert content.count("<fieldset") == 6


def test_next_saves_the_page_and_moves_on(alice_client, draft):
    data = {"version": "2", "go": "next", "touch_1": "2", "touch_2": "5", "touch_importance": "3"}
    response = alice_client.post(url(draft), data)
    assert response.url == url(draft, "eye_contact")
    assert saved(draft) == {"touch_1": 2, "touch_2": 5, "touch_importance": 3}


def test_back_saves_and_goes_to_the_page_before(alice_client, draft):
    response = alice_client.post(url(draft, "openness"), {"version": "2", "go": "back", "openness_1": "1"})
    assert response.url == url(draft, "eye_contact")
    assert saved(draft)["openness_1"] == 1


def test_last_page_leads_to_review_and_later_to_the_list(alice_client, draft):
    response = alice_client.post(url(draft, "appreciation"), {"version": "2", "go": "next"})
    assert response.url == url(draft, "own_words")  # optional, last
    response = alice_client.post(url(draft, "own_words"), {"version": "2", "go": "next"})
    assert response.url == f"/questionnaires/drafts/{draft.pk}/review/"
    response = alice_client.post(url(draft, "care"), {"version": "2", "go": "later", "care_1": "5"})
    assert response.url == "/questionnaires/"
    assert saved(draft)["care_1"] == 5


def test_resending_the_page_updates_rather_than_duplicates(alice_client, draft):
    for value in ("1", "3", "3"):
        alice_client.post(url(draft), {"version": "2", "go": "next", "touch_1": value})
    assert Answer.objects.filter(draft=draft, item="touch_1").count() == 1
    assert saved(draft)["touch_1"] == 3


def test_resume_opens_the_first_page_with_a_gap(alice_client, draft):
    response = alice_client.get(f"/questionnaires/drafts/{draft.pk}/")
    assert response.url == url(draft, "touch")
    alice_client.post(url(draft), {"version": "2", "touch_2": "3", "touch_3": "3", "touch_importance": "3"})
    assert alice_client.get(f"/questionnaires/drafts/{draft.pk}/").url == url(draft, "eye_contact")


@pytest.mark.parametrize(
    "bad",
    [
        {"touch_1": "6"},  # off the scale
        {"touch_1": "0"},
        {"touch_1": "lots"},
        {"eye_contact_1": "3"},  # a question from another page
        {"criticism_self": "2"},  # from another questionnaire
        {"surprise": "1"},
        {"version": "1"},  # tampered version
        {"version": ""},
    ],
)
def test_bad_values_store_nothing_and_explain(alice_client, draft, bad):
    data = {"version": "2", "go": "next", "touch_2": "4"} | bad
    response = alice_client.post(url(draft), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()
    assert saved(draft) == {"touch_1": 4}


def test_partner_and_outsider_get_404(bob_client, carol_client, other_couple, draft):
    for client in (bob_client, carol_client):
        assert client.get(url(draft)).status_code == 404
        assert client.post(url(draft), {"version": "2", "touch_1": "1"}).status_code == 404
        assert client.get(f"/questionnaires/drafts/{draft.pk}/").status_code == 404
    assert saved(draft) == {"touch_1": 4}


def test_unknown_page_or_draft_is_404(alice_client, draft):
    assert alice_client.get(url(draft, "nowhere")).status_code == 404
    assert alice_client.get("/questionnaires/drafts/00000000-0000-0000-0000-000000000000/touch/").status_code == 404


def test_anonymous_is_sent_to_log_in(anon_client, draft):
    response = anon_client.post(url(draft), {"version": "2", "touch_1": "1"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert saved(draft) == {"touch_1": 4}


def test_other_methods_are_refused(alice_client, draft):
    assert alice_client.put(url(draft)).status_code == 405
    assert alice_client.post(f"/questionnaires/drafts/{draft.pk}/").status_code == 405


def test_query_count_does_not_grow_with_history(alice, alice_client, draft, django_assert_num_queries):
    make_submission(alice, "intimacy")
    with django_assert_num_queries(5):  # session, user, draft, its answers, couple (menu)
        alice_client.get(url(draft))
    for days in range(1, 30):
        make_submission(alice, "intimacy", days_ago=days)
    with django_assert_num_queries(5):
        alice_client.get(url(draft))
