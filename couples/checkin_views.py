"""The check-in history and the couple's week settings (the check-in itself is
on the home page and at /checkin/: dashboard.views)."""

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
