"""A single answer, saved as soon as it is given (htmx posts it on change)."""

import pytest

from assessments.models import Answer
from tests.conftest import HTMX
from tests.questionnaires import saved


def url(draft):
    return f"/questionnaires/drafts/{draft.pk}/answer/"




def test_saves_one_answer_and_returns_the_status_and_progress(alice_client, draft):
    response = alice_client.post(url(draft), {"version": "2", "care_2": "5"}, headers=HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.startswith("Saved")
    assert 'id="progress" data-hx-swap-oob="true"' in content and "2 of 35" in content
    assert "<html" not in content
    assert saved(draft) == {"touch_1": 4, "care_2": 5}


def test_changing_an_answer_updates_the_same_row(alice_client, draft):
    alice_client.post(url(draft), {"version": "2", "touch_1": "2"}, headers=HTMX)
    alice_client.post(url(draft), {"version": "2", "touch_1": "2"}, headers=HTMX)
    assert Answer.objects.filter(draft=draft).count() == 1
    assert saved(draft) == {"touch_1": 2}


@pytest.mark.parametrize(
    "bad",
    [
        {"version": "2", "touch_2": "9"},
        {"version": "2", "touch_2": "-1"},
        {"version": "2", "touch_2": ""},  # no answer at all
        {"version": "2", "criticism_self": "2"},  # another questionnaire's item
        {"version": "2", "nope": "2"},
        {"version": "2", "touch_2": "2", "touch_3": "2"},  # one at a time
        {"version": "7", "touch_2": "2"},
        {"touch_2": "2"},
    ],
)
def test_bad_values_store_nothing(alice_client, draft, bad):
    response = alice_client.post(url(draft), bad, headers=HTMX)
    assert response.status_code == 400
    assert response.content.decode().startswith("Not saved")
    assert saved(draft) == {"touch_1": 4}


def test_someone_elses_draft_is_404_and_untouched(bob_client, carol_client, other_couple, draft):
    for client in (bob_client, carol_client):
        assert client.post(url(draft), {"version": "2", "touch_1": "1"}, headers=HTMX).status_code == 404
    assert saved(draft) == {"touch_1": 4}


def test_anonymous_is_sent_to_log_in(anon_client, draft):
    response = anon_client.post(url(draft), {"version": "2", "touch_1": "1"}, headers=HTMX)
    assert response.status_code == 302
    assert saved(draft) == {"touch_1": 4}


def test_get_is_refused(alice_client, draft):
    assert alice_client.get(url(draft)).status_code == 405


def test_query_count(alice_client, draft, django_assert_num_queries):
    # session, user, draft, upsert, count
    with django_assert_num_queries(5):
        alice_client.post(url(draft), {"version": "2", "touch_2": "3"}, headers=HTMX)
