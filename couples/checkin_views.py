"""The check-in history and the couple's week settings (the check-in itself is
on the home page and at /checkin/: dashboard.views)."""

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from couples.access import get_pair_or_404, pair_for
from couples.checkins import history
from couples.forms import CoupleSettingsForm


@login_required
@require_GET
def checkin_history(request: HttpRequest) -> HttpResponse:
    pair = pair_for(request.user)
    if pair is None or not pair.is_complete:
        return redirect("home")
    before, bad_month = _month(request.GET.get("before"))
    result = history(pair, before=before)
    ctx = {"pair": pair, "history": result, "paged": before is not None, "bad_month": bad_month}
    return render(request, "couples/checkin_history.html", ctx)


def _month(value: str | None) -> tuple[date | None, bool]:
    """`?before=YYYY-MM`, as the first of that month; (None, True) if it is not one."""
    if not value:
        return None, False
    try:
        return datetime.strptime(value, "%Y-%m").date(), False
    except ValueError:
        return None, True


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
