"""The home page ("This week" for a couple), the comparison ("Together") and
progress pages, their panels as htmx fragments, and the weekly check-in,
which the home page also shows, folded once it is saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from couples.access import Pair, get_pair_or_404, mark_seen, pair_for
from couples.checkins import ANSWER_FIELDS, SharedWeek, save_checkin, this_week
from couples.forms import CheckInForm
from couples.models import Membership
from couples.views import pending_invite
from dashboard.next_thing import next_thing
from dashboard.panels import PANELS, Dashboard
from steps.models import WeeklyAction

# Each panel's element id on its page.
PANEL_IDS = {name: f"panel-{name}" for name in PANELS} | {"this-week": "checkin-form"}


def _checkin_context(request: HttpRequest, dash: Dashboard) -> dict:
    """This week's check-in as the home page shows it (my step-5 choice read once)."""
    week, action = dash.this_week, dash.one_thing
    form_args = _form_args(dash.pair, week, action.text if action else None)
    return {
        "week": week,
        "form": CheckInForm(initial=_initial(week), **form_args),
        "saved": False,
        "editing": _editing(request, week),
        "compact": True,  # the notes folded behind a line, on the home page only
    }


def _editing(request: HttpRequest, week: SharedWeek) -> bool:
    """The check-in shows as a form until it is saved, then folds to a summary
    with an Edit link (?edit=1, which works without JavaScript too)."""
    return week.mine is None or request.GET.get("edit") == "1"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The welcome page, the first step to pairing, or "This week"."""
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
    dash = Dashboard(pair)
    ctx = {"pair": pair, "dash": dash, "next": next_thing(dash)} | _checkin_context(request, dash)
    response = render(request, "dashboard/home.html", ctx)
    mark_seen(pair, "home")  # after the page read what is new since the last visit
    return response


@login_required
@require_GET
def together(request: HttpRequest) -> HttpResponse:
    """The full comparison: where each of us is, closeness and pulling away side by side."""
    pair = get_pair_or_404(request.user)
    dash = Dashboard(pair)
    response = render(request, "dashboard/together.html", {"pair": pair, "dash": dash})
    # Only a visit that showed a comparison makes it "seen" (the next thing
    # stops offering it); the page has read these already, so no query.
    if any(q.both for q in dash.questionnaires):
        mark_seen(pair, "together")
    return response


@login_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """How close each of us felt week by week, and change between questionnaires."""
    pair = get_pair_or_404(request.user)
    return render(request, "dashboard/progress.html", {"pair": pair, "dash": Dashboard(pair)})


@login_required
@require_GET
def panel(request: HttpRequest, name: str) -> HttpResponse:
    if name not in PANELS:
        raise Http404("No such panel")
    pair = get_pair_or_404(request.user)
    page = PANELS[name]
    if not request.htmx:
        # Opened directly (a bookmark, a new tab): the bare fragment would lack
        # the page around it, "Leave quickly" included. Show it in its page.
        return redirect(f"{reverse(page)}#{PANEL_IDS[name]}")
    ctx = {"pair": pair, "dash": Dashboard(pair)}
    if name == "this-week":
        ctx |= _checkin_context(request, ctx["dash"])
    if name == "next":  # refreshed after a check-in: the next thing moves on
        ctx["next"] = next_thing(ctx["dash"])
    return render(request, f"dashboard/{page}.html#{name}", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    pair = pair_for(request.user)
    if pair is None or not pair.is_complete:
        return redirect("home")  # the home page says what to do first
    week = this_week(pair)
    form_args = _form_args(pair, week)
    saved = False
    editing = _editing(request, week)
    if request.method == "POST":
        form = CheckInForm(request.POST, **form_args)
        if form.is_valid():
            save_checkin(pair, week.week_start, form.cleaned_data)
            if not request.htmx:
                messages.success(request, "Your check-in is saved.")
                return redirect("checkin")
            week, saved, editing = this_week(pair), True, False
            form = CheckInForm(initial=_initial(week), **form_args)
        else:
            editing = True
    else:
        form = CheckInForm(initial=_initial(week), **form_args)
    ctx = {"pair": pair, "week": week, "form": form, "saved": saved, "editing": editing}
    status = 400 if form.errors else 200
    if request.htmx:
        response = render(request, "dashboard/checkin.html#checkin-form", ctx, status=status)
        if saved:
            response.headers["HX-Trigger"] = "checkin-saved"
        return response
    return render(request, "dashboard/checkin.html", ctx, status=status)


_UNREAD = object()


def _form_args(pair: Pair, week: SharedWeek, step_action=_UNREAD) -> dict:
    """The check-in asks about my step-5 choice for the week, only if I made
    one (one query, unless the caller has read it already)."""
    if step_action is _UNREAD:
        action = WeeklyAction.objects.filter(user=pair.me, couple=pair.couple, week_start=week.week_start).first()
        step_action = action.text if action else None
    return {"partner_name": pair.partner.display_name, "current_week": week.week_start, "step_action": step_action}


def _initial(week: SharedWeek) -> dict:
    initial = {"week": week.week_start}
    if week.mine is not None:
        initial |= {field: getattr(week.mine, field) for field in ANSWER_FIELDS}
        if week.mine.did_step_action is not None:
            initial["did_step_action"] = "yes" if week.mine.did_step_action else "no"
    return initial
