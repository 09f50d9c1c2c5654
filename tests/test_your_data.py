"""Your data is yours: download everything you entered, delete your account."""

import json

from accounts.models import User
from assessments.models import Draft, Submission
from couples.models import CheckIn, Couple, Membership
from steps.models import ConnectionIdea, Interest, Resentment
from couples.weeks import current_week
from tests.checkins import make_checkin
from tests.conftest import PASSWORD
from tests.questionnaires import make_submission


def test_export_holds_everything_i_entered_and_nothing_private_of_my_partner(alice, bob, alice_client, couple):
    make_checkin(couple, alice, current_week(couple), private_note="Alice's own thought", appreciation_note="Thanks")
    make_checkin(couple, bob, current_week(couple), private_note="BOB-PRIVATE", appreciation_note="BOB-NOTE")
    Interest.objects.create(author=alice, couple=couple, text="His fishing trips")
    Resentment.objects.create(author=bob, couple=couple, text="BOB-RESENTMENT")
    ConnectionIdea.objects.create(couple=couple, added_by=alice, text="Picnics")
    ConnectionIdea.objects.create(couple=couple, added_by=bob, text="BOB-IDEA")
    draft = Draft.objects.create(user=alice, instrument="intimacy", version=1)
    draft.answers.create(item="touch_1", value=4)

    response = alice_client.get("/profile/export/")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="rekindle-')
    assert "no-store" in response.headers["Cache-Control"] or "no-cache" in response.headers["Cache-Control"]
    text = response.content.decode()
    data = json.loads(text)
    assert data["profile"]["display_name"] == "Alice"
    assert data["checkins"][0]["private_note"] == "Alice's own thought"
    assert data["steps"]["interests"][0]["text"] == "His fishing trips"
    assert data["steps"]["ideas_i_added"][0]["text"] == "Picnics"
    assert data["questionnaire_drafts"][0]["answers"] == {"touch_1": 4}
    for secret in ("BOB-PRIVATE", "BOB-NOTE", "BOB-RESENTMENT", "BOB-IDEA", "bob@example.com"):
        assert secret not in text


def test_export_needs_login_and_get(anon_client, alice_client):
    assert anon_client.get("/profile/export/").url.startswith("/accounts/login/")
    assert alice_client.post("/profile/export/").status_code == 405


def test_delete_asks_for_the_password(alice, alice_client, couple):
    page = alice_client.get("/profile/delete/")
    assert page.status_code == 200
    assert b"Bob is told only that the couple ended" in page.content
    response = alice_client.post("/profile/delete/", {"password": "wrong-password-1"})
    assert response.status_code == 400
    assert b"Nothing was deleted." in response.content
    assert User.objects.filter(pk=alice.pk).exists()
    assert alice_client.post("/profile/delete/", {}).status_code == 400


def test_delete_removes_my_data_ends_the_couple_and_tells_the_partner_only_that(
    alice, bob, alice_client, bob_client, couple, mailoutbox, django_capture_on_commit_callbacks
):
    make_checkin(couple, alice, current_week(couple), private_note="gone")
    make_checkin(couple, bob, current_week(couple))
    make_submission(alice)
    Interest.objects.create(author=alice, couple=couple, text="x")
    ConnectionIdea.objects.create(couple=couple, added_by=alice, text="Picnics")

    with django_capture_on_commit_callbacks(execute=True):  # the mail goes once the deletion is committed
        response = alice_client.post("/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not CheckIn.objects.filter(private_note="gone").exists()
    assert not Submission.objects.exists() and not Interest.objects.exists()
    assert CheckIn.objects.filter(user=bob).count() == 1  # the partner keeps theirs
    assert ConnectionIdea.objects.get().added_by is None
    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert not Membership.objects.filter(active=True).exists()

    # The session is gone: the next request is anonymous.
    assert alice_client.get("/profile/").status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["bob@example.com"]
    assert mail.subject == "A change to your Rekindle account"
    assert "has ended" in mail.body and "Alice" not in mail.body and "delete" not in mail.body
    home = bob_client.get("/").content.decode()
    assert "Your couple ended on" in home


def test_delete_without_a_couple(lone, lone_client):
    assert lone_client.post("/profile/delete/", {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=lone.pk).exists()
    assert not Couple.objects.exists()


def test_delete_anonymous_and_wrong_method(anon_client, alice_client):
    assert anon_client.post("/profile/delete/", {"password": PASSWORD}).url.startswith("/accounts/login/")
    assert alice_client.put("/profile/delete/").status_code == 405


def test_delete_works_when_the_mail_server_is_down(
    alice, bob, alice_client, couple, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post("/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert f"Could not tell user #{bob.pk} that their couple ended" in caplog.text
