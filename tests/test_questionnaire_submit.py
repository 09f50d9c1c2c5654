import threading

import pytest
from django.db import IntegrityError, connection, transaction

from assessments.models import Draft, Submission
from tests.conftest import client_for, make_user
from tests.questionnaires import answers_for, make_draft


def url(draft):
    return f"/questionnaires/drafts/{draft.pk}/submit/"


@pytest.fixture
def draft(alice, couple):
    answers = answers_for("intimacy", 3) | {"touch_1": 5, "touch_2": 4, "touch_3": 2, "touch_importance": 5}
    return make_draft(alice, "intimacy", answers)


def test_submit_scores_once_stores_and_shows_the_result(alice, alice_client, draft):
    response = alice_client.post(url(draft), {"version": "2"})
    submission = Submission.objects.get(user=alice)
    assert response.url == f"/questionnaires/submissions/{submission.pk}/"
    assert (submission.instrument, submission.version, submission.draft) == ("intimacy", 2, draft.pk)
    assert submission.answers["touch_3"] == 2
    assert submission.scores["dimensions"]["touch"] == 83
    assert submission.scores["dimensions"]["care"] == 50
    assert submission.scores["importance"]["touch"] == 5
    assert not Draft.objects.exists()


def test_double_click_or_resend_makes_one_submission(alice_client, draft):
    first = alice_client.post(url(draft), {"version": "2"})
    second = alice_client.post(url(draft), {"version": "2"})
    assert second.status_code == 302 and second.url == first.url
    assert Submission.objects.count() == 1


def test_the_database_refuses_a_second_submission_of_one_draft(alice, draft):
    Submission.objects.create(user=alice, instrument="intimacy", version=1, draft=draft.pk, answers={}, scores={})
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(user=alice, instrument="intimacy", version=1, draft=draft.pk, answers={}, scores={})


def test_incomplete_draft_is_not_sent(alice, alice_client, couple):
    draft = make_draft(alice, "intimacy", {"touch_1": 3})
    response = alice_client.post(url(draft), {"version": "2"}, follow=True)
    assert "A few questions still need an answer" in response.content.decode()
    assert not Submission.objects.exists()
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_tampered_version_is_not_sent(alice_client, draft):
    response = alice_client.post(url(draft), {"version": "1"}, follow=True)
    assert "out of date" in response.content.decode()
    assert not Submission.objects.exists()


def test_someone_elses_draft_is_404(bob_client, carol_client, other_couple, draft):
    for client in (bob_client, carol_client):
        assert client.post(url(draft), {"version": "2"}).status_code == 404
    assert not Submission.objects.exists()
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_partner_cannot_replay_a_sent_draft(alice_client, bob_client, draft):
    alice_client.post(url(draft), {"version": "2"})
    assert bob_client.post(url(draft), {"version": "2"}).status_code == 404


def test_anonymous_is_sent_to_log_in(anon_client, draft):
    response = anon_client.post(url(draft), {"version": "2"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not Submission.objects.exists()


def test_get_is_refused(alice_client, draft):
    assert alice_client.get(url(draft)).status_code == 405
    assert not Submission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_make_exactly_one_submission():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    alice = make_user("Alice")
    draft = make_draft(alice, "distancing", answers_for("distancing", 1))
    barrier = threading.Barrier(4)
    locations = []

    def send():
        client = client_for(alice)
        barrier.wait()
        response = client.post(url(draft), {"version": "2"})
        locations.append((response.status_code, response.url))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    submission = Submission.objects.get()
    assert locations == [(302, f"/questionnaires/submissions/{submission.pk}/")] * 4
    assert not Draft.objects.exists()
