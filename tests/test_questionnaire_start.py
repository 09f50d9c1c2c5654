from assessments.models import Draft
from tests.questionnaires import make_draft, make_submission


def test_start_creates_one_draft_and_opens_it(alice, alice_client, couple):
    response = alice_client.post("/questionnaires/intimacy/start/")
    draft = Draft.objects.get(user=alice)
    assert (draft.instrument, draft.version) == ("intimacy", 2)
    assert response.url == f"/questionnaires/drafts/{draft.pk}/"


def test_starting_twice_keeps_the_same_draft(alice, alice_client, couple):
    first = alice_client.post("/questionnaires/distancing/start/")
    second = alice_client.post("/questionnaires/distancing/start/")
    assert first.url == second.url
    assert Draft.objects.filter(user=alice).count() == 1


def test_retake_after_submitting_starts_a_fresh_draft(alice, alice_client, couple):
    make_submission(alice, "intimacy")
    alice_client.post("/questionnaires/intimacy/start/")
    draft = Draft.objects.get(user=alice)
    assert draft.answers.count() == 0


def test_partners_have_their_own_drafts(alice, bob_client, couple):
    mine = make_draft(alice, "intimacy")
    response = bob_client.post("/questionnaires/intimacy/start/")
    theirs = Draft.objects.exclude(pk=mine.pk).get()
    assert response.url == f"/questionnaires/drafts/{theirs.pk}/"


def test_unknown_questionnaire_is_404(alice_client, couple):
    assert alice_client.post("/questionnaires/nope/start/").status_code == 404
    assert not Draft.objects.exists()


def test_anonymous_is_sent_to_log_in(anon_client, db):
    response = anon_client.post("/questionnaires/intimacy/start/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not Draft.objects.exists()


def test_get_is_refused(alice_client, couple):
    assert alice_client.get("/questionnaires/intimacy/start/").status_code == 405
    assert not Draft.objects.exists()
