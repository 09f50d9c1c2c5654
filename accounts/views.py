from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.forms import ProfileForm
from couples.access import pair_for


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
    status = 400 if form.errors else 200
    return render(
        request, "accounts/profile.html", {"form": form, "pair": pair_for(user)}, status=status
    )
