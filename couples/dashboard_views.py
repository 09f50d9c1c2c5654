"""The shared dashboard (the couple's home page) and its panels as htmx fragments."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from couples.access import Pair, get_pair_or_404
from couples.checkin_views import checkin_form
from couples.dashboard import PANELS, Dashboard

# The element id of each panel on the dashboard page.
PANEL_IDS = {name: f"panel-{name}" for name in PANELS} | {"this-week": "checkin-form"}


def _context(pair: Pair, with_form: bool) -> dict:
    dash = Dashboard(pair)
    ctx = {"pair": pair, "dash": dash}
    if with_form:
        week = dash.this_week
        ctx |= {"week": week, "form": checkin_form(pair, week), "saved": False}
    return ctx


def dashboard(request: HttpRequest, pair: Pair) -> HttpResponse:
    """Rendered by `couples.views.home` for a partner whose couple is complete."""
    return render(request, "couples/dashboard.html", _context(pair, with_form=True))


@login_required
@require_GET
def dashboard_panel(request: HttpRequest, name: str) -> HttpResponse:
    if name not in PANELS:
        raise Http404("No such panel")
    pair = get_pair_or_404(request.user)
    if not request.htmx:
        # Opened directly (a bookmark, a new tab): the bare fragment would lack
        # the page around it, "Leave quickly" included. Show it in the dashboard.
        return redirect(f"{reverse('home')}#{PANEL_IDS[name]}")
    return render(request, f"couples/dashboard.html#{name}", _context(pair, with_form=name == "this-week"))
