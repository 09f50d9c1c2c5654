"""The home page ("This week" for a couple), its panels as htmx fragments, and
the weekly check-in, which the home page also shows as its this-week panel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from couples.access import Pair, get_pair_or_404, pair_for
from couples.checkins import ANSWER_FIELDS, SharedWeek, save_checkin, this_week
from couples.forms import CheckInForm
from couples.models import Membership
from couples.views import pending_invite
from dashboard.panels import PANELS, Dashboard
from steps.models import WeeklyAction

# The element id of each panel on the home page.
PANEL_IDS = {name: f"panel-{name}" for name in PANELS} | {"this-week": "checkin-form"}


def _context(pair: Pair, with_form: bool) -> dict:
    dash = Dashboard(pair)
    ctx = {"pair": pair, "dash": dash}
    if with_form:
        week = dash.this_week
        ctx |= {"week": week, "form": CheckInForm(initial=_initial(week), **_form_args(pair, week)), "saved": False}
    return ctx


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The welcome page, the first step to pairing, or the couple's dashboard."""
    if not request.user.is_authenticated:
        return render(request, "dashboard/welcome.html")
    pair = pair_for(request.user)
    if pair is None:
        ended = (
            Membership.objects.filter(user=request.user, active=False)
            .select_related("couple")
            .order_by("-couple__ended_at")
            .first()
        )
        ctx = {"ended": ended.couple if ended else None, "invite": pending_invite(request)}
        return render(request, "dashboard/start.html", ctx)
    if not pair.is_complete:
        return redirect("invite")
    return render(request, "dashboard/home.html", _context(pair, with_form=True))


@login_required
@require_GET
def panel(request: HttpRequest, name: str) -> HttpResponse:
    if name not in PANELS:
        raise Http404("No such panel")
    pair = get_pair_or_404(request.user)
    if not request.htmx:
        # Opened directly (a bookmark, a new tab): the bare fragment would lack
        # the page around it, "Leave quickly" included. Show it in the dashboard.
        return redirect(f"{reverse('home')}#{PANEL_IDS[name]}")
    return render(request, f"dashboard/home.html#{name}", _context(pair, with_form=name == "this-week"))


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
        response = render(request, "dashboard/checkin.html#checkin-form", ctx, status=status)
        if saved:
            response.headers["HX-Trigger"] = "checkin-saved"
        return response
    return render(request, "dashboard/checkin.html", ctx, status=status)


def _form_args(pair: Pair, week: SharedWeek) -> dict:
    """The check-in asks about my step-5 choice for the week (one query)."""
    action = WeeklyAction.objects.filter(user=pair.me, couple=pair.couple, week_start=week.week_start).first()
    return {
        "partner_name": pair.partner.display_name,
        "current_week": week.week_start,
        "step_action": action.text if action else None,
    }


def _initial(week: SharedWeek) -> dict:
    initial = {"week": week.week_start}
    if week.mine is not None:
        initial |= {field: getattr(week.mine, field) for field in ANSWER_FIELDS}
        if week.mine.did_step_action is not None:
            initial["did_step_action"] = "yes" if week.mine.did_step_action else "no"
    return initial
