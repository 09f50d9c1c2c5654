"""Version 2 beside version 1: new drafts take the newest, an open version-1
draft finishes as version 1, and the open question in your own words stays
with its author (saved as typed, on their results page and in their export,
never anywhere the partner, an outsider or staff can look)."""

import json

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from assessments.instruments import get_instrument
from assessments.models import Answer, Draft, Submission
from assessments.scoring import score
from tests import dashboards
from tests.conftest import HTMX, client_for, make_user
from tests.questionnaires import answers_for, make_draft, make_submission, saved, saved_texts
from tests.dashboards import shared_pages

OWN = "closeness_own_words"
SECRET = "Walking the dog at dusk, SECRET-WORDS-7731, without our phones."


def answer_url(draft):
    return f"/questionnaires/drafts/{draft.pk}/answer/"


def page_url(draft, section="own_words"):
    return f"/questionnaires/drafts/{draft.pk}/{section}/"


# Versions -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["intimacy", "distancing"])
def test_a_new_draft_takes_version_2(alice, alice_client, couple, key):
    alice_client.post(f"/questionnaires/{key}/start/")
    assert Draft.objects.get(user=alice).version == 2


def test_an_open_version_1_draft_carries_on_and_is_sent_as_version_1(alice, alice_client, couple):
    answers = answers_for("intimacy", 4, version=1)
    draft = make_draft(alice, "intimacy", answers, version=1)
    # Starting again opens the same draft, still version 1, with version 1's pages and items.
    assert alice_client.post("/questionnaires/intimacy/start/").url == f"/questionnaires/drafts/{draft.pk}/"
    page = alice_client.get(page_url(draft, "touch")).content.decode()
    assert "You still feel drawn to your partner." in page and "part 1 of 8" in page
    assert alice_client.get(page_url(draft, "own_words")).status_code == 404  # no such page in version 1
    # A version 2 item is refused on a version 1 draft.
    assert alice_client.post(answer_url(draft), {"version": "1", "eye_contact_4": "3"}, headers=HTMX).status_code == 400
    response = alice_client.post(f"/questionnaires/drafts/{draft.pk}/submit/", {"version": "1"})
    done = Submission.objects.get(user=alice)
    assert response.url == f"/questionnaires/submissions/{done.pk}/"
    assert done.version == 1 and done.answers == answers
    assert done.scores == score(get_instrument("intimacy", 1), answers)
    assert done.scores["dimensions"]["eye_contact"] == 58  # 7 of 12: version 1's three items


def test_version_2_is_sent_and_scored_with_its_own_items(alice, alice_client, couple):
    answers = answers_for("intimacy", 4, version=2)
    draft = make_draft(alice, "intimacy", answers)
    alice_client.post(f"/questionnaires/drafts/{draft.pk}/submit/", {"version": "2"})
    done = Submission.objects.get(user=alice)
    assert done.version == 2
    # "Agree" everywhere: 3 points a plain item, 1 the reverse one.
    assert done.scores["dimensions"]["touch"] == 58  # 7 of 12
    assert done.scores["dimensions"]["eye_contact"] == 62  # 10 of 16 = 62.5, the half to the even number
    page = alice_client.get(done.get_absolute_url()).content.decode()
    assert "You can hold your partner&#x27;s gaze." in page and "You still feel" not in page


def test_the_dashboard_compares_a_version_1_submission_with_a_version_2_one(alice, bob, alice_client, couple):
    make_submission(alice, "intimacy", 4, version=1)
    make_submission(bob, "intimacy", 4, version=2)
    make_submission(alice, "distancing", 1, version=1)
    make_submission(bob, "distancing", 1, version=2)
    for client in (alice_client, client_for(bob)):
        page = shared_pages(client)
        assert "Touch and attraction" in page
        # Only what both answered is set side by side: the ways of coming closer wait for version 2 on both sides.
        assert "Answering when the other reaches out" not in page


def test_the_ways_of_coming_closer_are_not_called_pulling_away(alice, bob, alice_client, couple):
    dashboards.distancing(alice, self_view={"turning_toward": 100}, partner_view={"turning_toward": 75})
    dashboards.distancing(bob, self_view={"turning_toward": 75}, partner_view={"turning_toward": 100})
    page = shared_pages(alice_client)
    assert "Answering when the other reaches out" in page
    assert "pulled away in each way" not in page and "your pulling away" not in page


def test_step_2_leaves_the_ways_of_coming_closer_out(alice, alice_client, couple):
    dashboards.distancing(alice, self_view={"turning_toward": 100, "criticism": 50})
    page = alice_client.get("/steps/2/").content.decode()
    assert "Finding fault" in page
    assert "Answering when the other reaches out" not in page and "Showing appreciation" not in page
    response = alice_client.post("/steps/2/", {"behaviours": ["turning_toward"]})
    assert response.status_code == 400


# The open question ------------------------------------------------------------------


@pytest.fixture
def draft(alice, couple):
    return make_draft(alice, "intimacy", answers_for("intimacy", 4))


def test_the_open_question_has_its_own_optional_page(alice_client, draft):
    page = alice_client.get(page_url(draft)).content.decode()
    assert "<h1>In your own words</h1>" in page
    assert "What else is part of feeling close, for you?" in page
    assert "Only you can see what you write here" in page
    assert 'data-hx-trigger="input changed delay:600ms"' in page
    assert f'data-hx-params="version,{OWN}"' in page
    # Every question on a scale is answered, so resuming goes to the review, not to the optional page.
    assert alice_client.get(f"/questionnaires/drafts/{draft.pk}/").url == f"/questionnaires/drafts/{draft.pk}/review/"
    assert "35 of 35 questions answered" in page


def test_typing_saves_the_text_as_it_goes_and_it_survives_a_closed_tab(alice_client, draft):
    for typed in ("Walking", "Walking the dog", SECRET):
        response = alice_client.post(answer_url(draft), {"version": "2", OWN: typed}, headers=HTMX)
        assert response.status_code == 200 and response.content.decode().startswith("Saved")
    assert saved_texts(draft) == {OWN: SECRET}
    assert Answer.objects.filter(draft=draft, item=OWN).count() == 1
    assert "35 of 35" in response.content.decode()  # the open question is not counted
    # The tab is closed; opened again later, the page holds what was typed.
    page = client_for(draft.user).get(page_url(draft)).content.decode()
    assert SECRET in page


def test_the_text_is_saved_without_javascript_too_and_can_be_emptied(alice_client, draft):
    response = alice_client.post(page_url(draft), {"version": "2", "go": "next", OWN: SECRET})
    assert response.url == f"/questionnaires/drafts/{draft.pk}/review/"
    assert saved_texts(draft) == {OWN: SECRET}
    alice_client.post(page_url(draft), {"version": "2", "go": "later", OWN: ""})
    assert saved_texts(draft) == {OWN: ""}


def test_too_long_or_broken_text_is_refused_with_a_clear_message(alice_client, draft):
    response = alice_client.post(answer_url(draft), {"version": "2", OWN: "x" * 2001}, headers=HTMX)
    assert response.status_code == 400
    assert response.content.decode().startswith("Not saved. This is longer than the box can hold (2000 characters).")
    response = alice_client.post(page_url(draft), {"version": "2", "go": "next", OWN: "x" * 2001})
    assert response.status_code == 400 and "This is longer than the box can hold" in response.content.decode()
    response = alice_client.post(answer_url(draft), {"version": "2", OWN: "a\x00b"}, headers=HTMX)
    assert response.status_code == 400 and "can&#x27;t be saved" in response.content.decode()
    # Only on the page that asks it, and one answer at a time.
    assert alice_client.post(page_url(draft, "touch"), {"version": "2", "go": "next", OWN: "hi"}).status_code == 400
    assert alice_client.post(answer_url(draft), {"version": "2", OWN: "hi", "touch_1": "3"}, headers=HTMX).status_code == 400
    assert saved_texts(draft) == {}


def test_sending_keeps_the_text_with_the_answers_never_in_the_scores(alice, alice_client, draft):
    alice_client.post(answer_url(draft), {"version": "2", OWN: SECRET}, headers=HTMX)
    alice_client.post(f"/questionnaires/drafts/{draft.pk}/submit/", {"version": "2"})
    alice_client.post(f"/questionnaires/drafts/{draft.pk}/submit/", {"version": "2"})  # a double click
    done = Submission.objects.get(user=alice)
    assert done.answers[OWN] == SECRET
    assert SECRET not in json.dumps(done.scores)
    page = alice_client.get(done.get_absolute_url()).content.decode()
    assert "In your own words" in page and SECRET in page


def test_an_emptied_text_is_not_sent(alice, alice_client, draft):
    alice_client.post(answer_url(draft), {"version": "2", OWN: "   "}, headers=HTMX)
    alice_client.post(f"/questionnaires/drafts/{draft.pk}/submit/", {"version": "2"})
    done = Submission.objects.get(user=alice)
    assert OWN not in done.answers
    assert "In your own words" not in alice_client.get(done.get_absolute_url()).content.decode()


@pytest.fixture
def sent(alice, alice_client, bob, draft):
    """Alice sent her closeness questionnaire with her own words; Bob sent his, so the comparison is open."""
    alice_client.post(answer_url(draft), {"version": "2", OWN: SECRET}, headers=HTMX)
    alice_client.post(f"/questionnaires/drafts/{draft.pk}/submit/", {"version": "2"})
    make_submission(bob, "intimacy", 2)
    return Submission.objects.get(user=alice)


def test_the_partner_and_an_outsider_never_see_the_text(sent, draft, bob_client, carol_client, other_couple):
    for client in (bob_client, carol_client):
        assert client.get(sent.get_absolute_url()).status_code == 404
        for path in ("/", "/dashboard/panel/intimacy/", "/questionnaires/", "/steps/", "/steps/2/", "/checkin/history/"):
            response = client.get(path, headers=HTMX if "panel" in path else {})
            assert SECRET not in response.content.decode(), path
    assert "Touch and attraction" in bob_client.get("/dashboard/panel/intimacy/", headers=HTMX).content.decode()


def test_an_open_draft_with_text_answers_404_to_the_partner_and_outsider(alice, bob_client, carol_client, other_couple, couple):
    draft = make_draft(alice, "intimacy", texts={OWN: SECRET})
    for client in (bob_client, carol_client):
        assert client.get(page_url(draft)).status_code == 404
        assert client.post(answer_url(draft), {"version": "2", OWN: "overwritten"}, headers=HTMX).status_code == 404
    assert saved_texts(draft) == {OWN: SECRET}


def test_the_anonymous_user_is_sent_to_log_in(anon_client, sent, draft):
    response = anon_client.get(sent.get_absolute_url())
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert anon_client.post(answer_url(draft), {"version": "2", OWN: "x"}, headers=HTMX).status_code == 302


def test_the_text_is_in_its_authors_export_and_not_the_partners(alice, bob, sent, alice_client, bob_client):
    make_draft(alice, "intimacy", texts={OWN: "A DRAFT-TEXT-5521"})
    mine = alice_client.get("/profile/export/").content.decode()
    data = json.loads(mine)
    (submission,) = [s for s in data["questionnaire_submissions"] if s["instrument"] == "intimacy"]
    assert submission["answers"][OWN] == SECRET
    assert data["questionnaire_drafts"][0]["answers"] == {OWN: "A DRAFT-TEXT-5521"}
    theirs = bob_client.get("/profile/export/").content.decode()
    assert SECRET not in theirs and "DRAFT-TEXT-5521" not in theirs


def test_staff_never_see_the_text_in_the_admin(alice, sent):
    staff = make_user("Staff", is_staff=True, is_superuser=True)
    TOTP.activate(staff, generate_totp_secret())
    client = client_for(staff)
    draft = make_draft(alice, "intimacy", texts={OWN: "A DRAFT-TEXT-5521"})
    for path in (
        "/admin/assessments/submission/",
        f"/admin/assessments/submission/{sent.pk}/change/",
        "/admin/assessments/draft/",
        f"/admin/assessments/draft/{draft.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert SECRET not in page and "DRAFT-TEXT-5521" not in page, path


def test_the_question_count_of_the_answer_view_stays_pinned(alice_client, draft, django_assert_num_queries):
    # session, user, draft, upsert, count: as for an answer on a scale
    with django_assert_num_queries(5):
        alice_client.post(answer_url(draft), {"version": "2", OWN: SECRET}, headers=HTMX)
    assert saved(draft) == answers_for("intimacy", 4)
