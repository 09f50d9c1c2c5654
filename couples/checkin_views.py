"""The weekly check-in, its history, and the couple's week settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from couples.access import get_pair_or_404, pair_for
from couples.checkins import ANSWER_FIELDS, history, save_checkin, this_week
from couples.forms import CheckInForm, CoupleSettingsForm
from steps.models import WeeklyAction


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    pair = pair_for(request.user)
    if pair is None or not pair.is_complete:
        return redirect("home")  # the home page says what to do first
    week = this_week(pair)
    form_args = _form_args(pair, week)
    saved = False
    if request.method == "POST":
        form = CheckInForm(request.POST, **form_args)
        if form.is_valid():
            save_checkin(pair, week.week_start, form.cleaned_data)
            if not request.htmx:
                messages.success(request, "Your check-in is saved.")
                return redirect("checkin")
            week, saved = this_week(pair), True
            form = CheckInForm(initial=_initial(week), **form_args)
    else:
        form = CheckInForm(initial=_initial(week), **form_args)
    ctx = {"pair": pair, "week": week, "form": form, "saved": saved}
    status = 400 if form.errors else 200
    if request.htmx:
        response = render(request, "couples/checkin.html#checkin-form", ctx, status=status)
        if saved:
            response.headers["HX-Trigger"] = "checkin-saved"
        return response
    return render(request, "couples/checkin.html", ctx, status=status)


def _form_args(pair, week) -> dict:
    action = WeeklyAction.objects.filter(user=pair.me, couple=pair.couple, week_start=week.week_start).first()
    return {
        "partner_name": pair.partner.display_name,
        "current_week": week.week_start,
        "step_action": action.text if action else None,
    }


def checkin_form(pair, week) -> CheckInForm:
    """This week's form filled with my answers so far, for the dashboard (one query)."""
    return CheckInForm(initial=_initial(week), **_form_args(pair, week))


def _initial(week) -> dict:
    initial = {"week": week.week_start}
    if week.mine is not None:
        initial |= {field: getattr(week.mine, field) for field in ANSWER_FIELDS}
        if week.mine.did_step_action is not None:
            initial["did_step_action"] = "yes" if week.mine.did_step_action else "no"
    return initial


@login_required
@require_GET
def checkin_history(request: HttpRequest) -> HttpResponse:
    pair = pair_for(request.user)
    if pair is None or not pair.is_complete:
        return redirect("home")
    return render(request, "couples/checkin_history.html", {"pair": pair, "history": history(pair)})


@login_required
@require_http_methods(["GET", "POST"])
def couple_settings(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    couple = pair.couple
    if request.method == "POST":
        form = CoupleSettingsForm(request.POST)
        if form.is_valid():
            couple.time_zone = form.cleaned_data["time_zone"]
            couple.checkin_day = form.cleaned_data["checkin_day"]
            couple.save(update_fields=["time_zone", "checkin_day"])
            messages.success(
                request,
                f"Saved. Your week now follows {couple.time_zone.replace('_', ' ')} time, "
                f"and reminders go out on {couple.get_checkin_day_display()}.",
            )
            return redirect("couple_settings")
    else:
        form = CoupleSettingsForm(initial={"time_zone": couple.time_zone, "checkin_day": couple.checkin_day})
    status = 400 if form.errors else 200
    return render(request, "couples/couple_settings.html", {"pair": pair, "form": form}, status=status)
