"""Everything a person entered into Rekindle, as one JSON-ready dict.

Only rows this person wrote: their profile, questionnaire drafts and
submissions, their safety checks, check-ins (with their private notes), what they wrote in the
five steps, the shared ideas they added, the replies they gave, and where they are signed in. Nothing their partner wrote
privately is read here.
"""

from allauth.usersessions.models import UserSession
from django.forms.models import model_to_dict
from django.utils import timezone

from accounts.models import User
from assessments.models import Draft, SafetyCheck, Submission
from couples.models import CheckIn, Membership
from notices.models import NoticeOptOut, Reply
from steps.models import ConnectionIdea, Hope, Interest, MyPart, Resentment, SharedValue, StepDone, WeeklyAction


def _rows(queryset, exclude=("id", "user", "author", "added_by", "replier")):
    return [model_to_dict(row, exclude=list(exclude)) | _dates(row) for row in queryset]


def _dates(row) -> dict:
    # model_to_dict leaves out non-editable fields such as auto timestamps.
    return {
        f.name: getattr(row, f.name)
        for f in row._meta.concrete_fields
        if f.get_internal_type() in ("DateTimeField", "DateField") and not f.editable
    }


def export_for(user: User) -> dict:
    drafts = Draft.objects.filter(user=user).prefetch_related("answers").order_by("started_at")
    return {
        "format": "rekindle-export-1",
        "exported_at": timezone.now(),
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "time_zone": user.time_zone,
            "checkin_reminders": user.checkin_reminders,
            "sharing_paused_at": user.sharing_paused_at,
            "comparison_cleared_at": user.comparison_cleared_at,
            "comparison_off": user.comparison_off,
            "date_joined": user.date_joined,
        },
        "signed_in": [
            {
                "device": s.user_agent,
                "network": s.ip,
                "logged_in_at": s.created_at,
                "last_seen_at": s.last_seen_at,
            }
            for s in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        "couples": [
            {
                "couple": m.couple_id,
                "joined_at": m.joined_at,
                "active": m.active,
                "ended_at": m.couple.ended_at,
                "time_zone": m.couple.time_zone,
                "checkin_day": m.couple.get_checkin_day_display(),
            }
            for m in Membership.objects.filter(user=user).select_related("couple").order_by("joined_at")
        ],
        "questionnaire_drafts": [
            {
                "instrument": d.instrument,
                "version": d.version,
                "started_at": d.started_at,
                # An open question's answer is its text (kept with the submission's answers too).
                "answers": {a.item: a.text if a.value is None else a.value for a in d.answers.all()},
            }
            for d in drafts
        ],
        "questionnaire_submissions": _rows(Submission.objects.filter(user=user).order_by("submitted_at")),
        # The private safety check: its author's alone, so here and nowhere else.
        "safety_checks": _rows(SafetyCheck.objects.filter(user=user).order_by("answered_at")),
        "checkins": _rows(CheckIn.objects.filter(user=user).order_by("week_start")),
        "steps": {
            "done": _rows(StepDone.objects.filter(user=user).order_by("step")),
            "interests": _rows(Interest.objects.filter(author=user).order_by("created_at")),
            "values": _rows(SharedValue.objects.filter(author=user).order_by("key")),
            "my_part": _rows(MyPart.objects.filter(author=user)),
            "resentments": _rows(Resentment.objects.filter(author=user).order_by("created_at")),
            "hope": _rows(Hope.objects.filter(author=user)),
            "weekly_actions": _rows(WeeklyAction.objects.filter(user=user).order_by("week_start")),
            "ideas_i_added": _rows(ConnectionIdea.objects.filter(added_by=user).order_by("created_at")),
        },
        "replies_i_gave": _rows(Reply.objects.filter(replier=user).order_by("created_at")),
        "notices_turned_off": sorted(NoticeOptOut.objects.filter(user=user).values_list("kind", flat=True)),
    }
