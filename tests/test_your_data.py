"""Your data is yours: download everything you entered, delete your account."""

import json

from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from accounts.models import User
from assessments.models import Draft, SafetyCheck, Submission
from couples.models import CheckIn, Couple, Invite, Membership, ReminderSent
from couples.access import end_couple
from couples.weeks import current_week
from notices.models import NoticeOptOut, NoticeSent, Reply
from steps.models import ConnectionIdea, Hope, Interest, MyPart, Resentment, SharedValue, StepDone, WeeklyAction
from tests.checkins import make_checkin
from tests.conftest import PASSWORD
from tests.questionnaires import make_draft, make_submission
from tests.test_sessions import log_in


as_json = DjangoJSONEncoder().default


def write_everything(user, couple, mark: str) -> None:
    """One of every kind of thing a partner enters, each text marked with `mark`."""
    week = current_week(couple)
    make_checkin(
        couple, user, week, private_note=f"{mark}-PRIVATE-NOTE", appreciation_note=f"{mark}-THANKS", did_step_action=True
    )
    make_submission(user, "intimacy", value=4)
    make_submission(user, "distancing", value=1)
    make_draft(user, "intimacy", {"touch_1": 2})
    StepDone.objects.create(user=user, couple=couple, step=1)
    Interest.objects.create(author=user, couple=couple, text=f"{mark}-INTEREST", kind="distance", shared=True)
    SharedValue.objects.create(author=user, couple=couple, key="honesty" if mark == "ALICE" else "money")
    MyPart.objects.create(
        author=user, couple=couple, behaviours=["critical"], inward=f"{mark}-INWARD", outward=f"{mark}-OUTWARD"
    )
    Resentment.objects.create(author=user, couple=couple, text=f"{mark}-RESENTMENT", source="stress", plan="let_go")
    Hope.objects.create(author=user, couple=couple, hope=7, growth=f"{mark}-GROWTH")
    WeeklyAction.objects.create(user=user, couple=couple, week_start=week, text=f"{mark}-ACTION")
    ConnectionIdea.objects.create(couple=couple, added_by=user, text=f"{mark}-IDEA")


def test_export_holds_everything_i_entered_and_nothing_private_of_my_partner(alice, bob, alice_client, couple):
    User.objects.filter(pk=alice.pk).update(
        time_zone="Europe/Lisbon", checkin_reminders=False, sharing_paused_at=timezone.now()
    )
    alice.refresh_from_db()
    write_everything(alice, couple, "ALICE")
    write_everything(bob, couple, "BOB")

    response = alice_client.get("/profile/export/")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="rekindle-')
    assert "no-store" in response.headers["Cache-Control"] or "no-cache" in response.headers["Cache-Control"]
    text = response.content.decode()
    data = json.loads(text)

    assert data["profile"] == {
        "email": "alice@example.com",
        "display_name": "Alice",
        "time_zone": "Europe/Lisbon",
        "checkin_reminders": False,
        "sharing_paused_at": as_json(alice.sharing_paused_at),
        "comparison_cleared_at": as_json(alice.comparison_cleared_at),
        "comparison_off": False,
        "date_joined": as_json(alice.date_joined),
    }
    assert [(c["couple"], c["active"]) for c in data["couples"]] == [(couple.pk, True)]
    (checkin,) = data["checkins"]
    assert (checkin["private_note"], checkin["appreciation_note"]) == ("ALICE-PRIVATE-NOTE", "ALICE-THANKS")
    assert (checkin["closeness"], checkin["appreciated"], checkin["pulled_away"], checkin["did_step_action"]) == (6, 3, 1, True)
    submissions = {s["instrument"]: s for s in data["questionnaire_submissions"]}
    assert set(submissions) == {"intimacy", "distancing"}
    assert submissions["intimacy"]["answers"] == Submission.objects.get(user=alice, instrument="intimacy").answers
    assert submissions["distancing"]["scores"] == Submission.objects.get(user=alice, instrument="distancing").scores
    assert [(d["instrument"], d["answers"]) for d in data["questionnaire_drafts"]] == [("intimacy", {"touch_1": 2})]
    steps = data["steps"]
    assert [d["step"] for d in steps["done"]] == [1]
    assert [(i["text"], i["kind"], i["shared"]) for i in steps["interests"]] == [("ALICE-INTEREST", "distance", True)]
    assert [v["key"] for v in steps["values"]] == ["honesty"]
    assert [(p["behaviours"], p["inward"], p["outward"]) for p in steps["my_part"]] == [(["critical"], "ALICE-INWARD", "ALICE-OUTWARD")]
    assert [(r["text"], r["source"], r["plan"]) for r in steps["resentments"]] == [("ALICE-RESENTMENT", "stress", "let_go")]
    assert [(h["hope"], h["growth"]) for h in steps["hope"]] == [(7, "ALICE-GROWTH")]
    assert [a["text"] for a in steps["weekly_actions"]] == ["ALICE-ACTION"]
    assert [i["text"] for i in steps["ideas_i_added"]] == ["ALICE-IDEA"]

    # Nothing Bob wrote, not even what he shared with Alice, nor who he is.
    for secret in ("BOB", "Bob", "bob@example.com", '"money"'):
        assert secret not in text


def test_export_covers_every_table_that_holds_what_a_person_entered(alice):
    """A new model with rows by a user must be exported, or named here with the reason it is not."""
    exported = {CheckIn, Submission, SafetyCheck, Draft, StepDone, Interest, SharedValue, MyPart, Resentment, Hope, WeeklyAction, ConnectionIdea, Reply, NoticeOptOut}
    not_entered = {
        Membership,  # exported as "couples"
        Couple,  # created_by: the couple itself is exported through the membership
        Invite,  # a token hash and dates, nothing the person wrote
        ReminderSent,  # the app's own record of e-mails sent
        NoticeSent,  # the same, for notices
    }
    ours = {"accounts", "couples", "assessments", "steps", "notices"}
    holding_user_rows = {
        model
        for model in apps.get_models()
        if model._meta.app_label in ours
        and any(f.is_relation and f.related_model is User for f in model._meta.concrete_fields)
    }
    assert holding_user_rows == exported | not_entered


def test_export_needs_login_and_get(anon_client, alice_client):
    assert anon_client.get("/profile/export/").url.startswith("/accounts/login/")
    assert alice_client.post("/profile/export/").status_code == 405


def test_the_delete_page_says_what_happens_to_shared_ideas(alice_client, couple):
    page = alice_client.get("/profile/delete/").content.decode()
    # ConnectionIdea.added_by deletes with its author (issue 11): the page says so.
    assert "Ideas you added to the list you share with your partner are deleted too." in page
    assert "without your name" not in page


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
    ConnectionIdea.objects.create(couple=couple, added_by=bob, text="Walks")

    with django_capture_on_commit_callbacks(execute=True):  # the mail goes once the deletion is committed
        response = alice_client.post("/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not CheckIn.objects.filter(private_note="gone").exists()
    assert not Submission.objects.exists() and not Interest.objects.exists()
    assert CheckIn.objects.filter(user=bob).count() == 1  # the partner keeps theirs
    assert list(ConnectionIdea.objects.values_list("text", flat=True)) == ["Walks"]  # the partner's stays
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


def test_delete_removes_what_i_wrote_in_a_couple_that_had_ended(alice, bob, alice_client, couple):
    ConnectionIdea.objects.create(couple=couple, added_by=alice, text="Cooking together on Sundays")
    ConnectionIdea.objects.create(couple=couple, added_by=bob, text="Walks")
    Interest.objects.create(author=alice, couple=couple, text="Her late-night gaming")
    end_couple(couple, ended_by=bob)

    assert alice_client.post("/profile/delete/", {"password": PASSWORD}).status_code == 302
    assert list(ConnectionIdea.objects.values_list("text", flat=True)) == ["Walks"]
    assert not Interest.objects.exists()


def test_delete_without_a_couple(lone, lone_client):
    assert lone_client.post("/profile/delete/", {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=lone.pk).exists()
    assert not Couple.objects.exists()


def test_delete_anonymous_and_wrong_method(anon_client, alice_client):
    assert anon_client.post("/profile/delete/", {"password": PASSWORD}).url.startswith("/accounts/login/")
    assert alice_client.put("/profile/delete/").status_code == 405


def test_delete_ends_my_sessions_on_every_device_and_no_one_elses(bob, alice):
    laptop = log_in("bob@example.com", "Firefox on a laptop")
    phone = log_in("bob@example.com", "Safari on a phone")
    alices = log_in("alice@example.com", "Alice's browser")
    keys = {c: c.cookies["sessionid"].value for c in (laptop, phone, alices)}

    assert laptop.post("/profile/delete/", {"password": PASSWORD}).status_code == 302
    assert not Session.objects.filter(session_key__in=[keys[laptop], keys[phone]]).exists()
    assert list(UserSession.objects.values_list("user", flat=True)) == [alice.pk]
    assert Session.objects.filter(session_key=keys[alices]).exists()
    assert alices.get("/profile/").status_code == 200


def test_delete_works_when_the_mail_server_is_down(
    alice, bob, alice_client, couple, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post("/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert "Mail not sent (attempt 1, ConnectionRefusedError)" in caplog.text
    assert "bob@example.com" not in caplog.text
