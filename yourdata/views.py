import json

from allauth.mfa.utils import is_mfa_enabled
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import DeleteAccountForm, ProfileForm
from couples.access import end_couple, pair_for
from yourdata.archive import archive_for, delete_archive
from notices.forms import NoticesForm
from notices.models import NoticeOptOut
from yourdata.export import export_for
from yourdata.forms import DeleteArchiveForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user.display_name = form.cleaned_data["display_name"]
            user.time_zone = form.cleaned_data["time_zone"]
            user.checkin_reminders = form.cleaned_data["checkin_reminders"]
            user.save(update_fields=["display_name", "time_zone", "checkin_reminders"])
            messages.success(request, "Your profile is saved.")
            return redirect("profile")
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "time_zone": user.time_zone,
                "checkin_reminders": user.checkin_reminders,
            }
        )
    return _profile_page(request, form)


def _profile_page(request: HttpRequest, form: ProfileForm, notices_form: NoticesForm | None = None) -> HttpResponse:
    user = request.user
    if notices_form is None:
        off = set(NoticeOptOut.objects.filter(user=user).values_list("kind", flat=True))
        notices_form = NoticesForm(initial={"wanted": [k for k, _ in NoticeOptOut.KINDS if k not in off]})
    status = 400 if form.errors or notices_form.errors else 200
    context = {"form": form, "notices_form": notices_form, "pair": pair_for(user), "second_factor": is_mfa_enabled(user)}
    return render(request, "yourdata/profile.html", context, status=status)


@login_required
@require_POST
def notice_settings(request: HttpRequest) -> HttpResponse:
    """Which notices I want: a box not ticked is an opt-out row. Sent twice,
    the same rows result."""
    user = request.user
    form = NoticesForm(request.POST)
    if not form.is_valid():
        initial = {"display_name": user.display_name, "time_zone": user.time_zone, "checkin_reminders": user.checkin_reminders}
        return _profile_page(request, ProfileForm(initial=initial), form)
    wanted = set(form.cleaned_data["wanted"])
    with transaction.atomic():
        NoticeOptOut.objects.filter(user=user, kind__in=wanted).delete()
        NoticeOptOut.objects.bulk_create(
            [NoticeOptOut(user=user, kind=k) for k, _ in NoticeOptOut.KINDS if k not in wanted], ignore_conflicts=True
        )
    messages.success(request, "Your e-mail choices are saved.")
    return redirect("/profile/#notices")


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    data = json.dumps(export_for(request.user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    filename = f"rekindle-{timezone.localdate().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    pair = pair_for(user)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if pair is not None:
                end_couple(pair.couple, ended_by=user)
            # Their other devices' sessions too: deleting the user would
            # leave those rows (and whatever they hold) until they expire.
            for session in UserSession.objects.filter(user=user):
                session.end()
            logout(request)
            user.delete()  # cascades to everything they wrote
        messages.success(request, "Your account and everything you wrote in Rekindle are deleted.")
        return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "yourdata/delete.html", {"form": form, "pair": pair}, status=status)


@login_required
@require_POST
def pause_sharing(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.POST.get("paused") == "1":
        user.sharing_paused_at = user.sharing_paused_at or timezone.now()
        messages.success(request, "Sharing is paused. Nothing new of yours reaches your partner until you resume.")
    else:
        user.sharing_paused_at = None
        messages.success(request, "Sharing is back on.")
    user.save(update_fields=["sharing_paused_at"])
    return redirect("profile")


@login_required
@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    """What I wrote in couples that ended: mine alone, to read, until I delete it."""
    return render(request, "yourdata/archive.html", {"chapters": archive_for(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def archive_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteArchiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete_archive(request.user)  # a second submit finds nothing left, and says the same
        messages.success(request, "What you kept from your earlier couple is deleted.")
        return redirect("archive")
    status = 400 if form.errors else 200
    return render(request, "yourdata/archive_delete.html", {"form": form}, status=status)
