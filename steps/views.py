from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments.instruments import get_instrument
from assessments.scoring import how_often
from assessments.services import latest_submissions
from couples.access import Pair, get_pair_or_404
from couples.weeks import current_week
from steps import pacing
from steps.content import STEPS, VALUE_LABELS
from steps.forms import AnotherWeekForm, HopeForm, MyPartForm, ResentmentForm, SortInterestForm, ValuesForm, WeeklyActionForm
from steps.lists import LISTS, TextList
from steps.models import Hope, Interest, MyPart, Resentment, SharedValue, StepDone, WeeklyAction

# What an author may share, one item at a time, and the step it belongs to.
SHAREABLE = {"interest": (Interest, 1), "value": (SharedValue, 1), "part": (MyPart, 2), "resentment": (Resentment, 3), "hope": (Hope, 4)}


def _get_own_item_or_404(model, pair: Pair, pk: int):
    """One of my own private items in this couple; anyone else's is a 404."""
    return get_object_or_404(model, pk=pk, author=pair.me, couple=pair.couple)


IDEA_GONE = "That idea was just removed. Here is the list as it is now."


def _render_step(
    request: HttpRequest, pair: Pair, number: int, ctx: dict, status: int = 200, walk: pacing.Walk | None = None
) -> HttpResponse:
    walk = walk or pacing.walk(pair)
    base = {
        "pair": pair,
        "step": STEPS[number - 1],
        "done": walk.done.get(number),
        "walk": walk,
        "back": _step_url(number),  # where "give us another week" returns, whatever URL rendered the page
        "previous": STEPS[number - 2] if number > 1 else None,
        "next": STEPS[number] if number < len(STEPS) else None,
    }
    return render(request, f"steps/step{number}.html", base | ctx, status=status)


def _step_url(number: int, anchor: str = "") -> str:
    return f"/steps/{number}/" + (f"#{anchor}" if anchor else "")


def _opens(day) -> str:
    return f"on {dateformat.format(day, 'l j F')}" if day else "once your partner has joined"


def _not_open(request: HttpRequest, pair: Pair, number: int, walk: pacing.Walk | None = None) -> HttpResponse | None:
    """None when step `number` is open for me (steps.pacing). Otherwise its page
    says when it opens, and a post is refused with that message and saves
    nothing: never a 404, the step is the couple's, its week just hasn't come.
    A step open for the couple costs one query; my own marks are read only
    when it is not (or come with `walk`)."""
    plan = walk.schedule if walk else pacing.schedule(pair)
    if plan.is_open(number) or (walk or pacing.walk(pair, plan=plan)).is_open(number):
        return None
    ctx = {"pair": pair, "step": STEPS[number - 1], "opens_on": plan.opens_on.get(number)}
    if request.method == "GET":
        return render(request, "steps/not_yet.html", ctx)
    refused = f"Step {number} isn't open yet: it opens {_opens(ctx['opens_on'])}. Nothing was saved."
    if request.htmx:  # the swap targets a part of an open step's page: load the whole page instead
        messages.error(request, refused)
        return HttpResponseClientRedirect(_step_url(number))
    return render(request, "steps/not_yet.html", ctx | {"refused": refused}, status=400)


def _cards(walk: pacing.Walk) -> list[dict]:
    """The five steps as the index lists them: each open one with its card for
    the week, each closed one with when it opens, and my own done marks."""
    return [
        {
            "step": s,
            "open": walk.is_open(s.number),
            "opens_on": walk.opens_on(s.number),
            "done": s.number in walk.done,
            "current": s.number == walk.current,
        }
        for s in STEPS
    ]


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    return _index_page(request, pair, pacing.walk(pair))


def _index_page(request: HttpRequest, pair: Pair, walk: pacing.Walk, week_form=None, status: int = 200) -> HttpResponse:
    current = STEPS[walk.current - 1] if walk.current else None
    ctx = {"pair": pair, "walk": walk, "cards": _cards(walk), "current": current, "week_form": week_form}
    return render(request, "steps/index.html", ctx, status=status)


@login_required
@require_POST
def another_week(request: HttpRequest) -> HttpResponse:
    """"Give us another week": the next step opens a week later, for both."""
    pair = get_pair_or_404(request.user, complete=False)
    form = AnotherWeekForm(request.POST)
    if not form.is_valid():
        return _index_page(request, pair, pacing.walk(pair), week_form=form, status=400)
    moved = pacing.another_week(pair, form.cleaned_data["moved_from"])
    plan = pacing.schedule(pair)
    upcoming = plan.next
    if not plan.started:
        messages.info(request, "The steps start opening one a week once your partner has joined.")
    elif moved:
        messages.success(request, f"Step {upcoming[0]} now opens {_opens(upcoming[1])}. Take the time you need.")
    elif upcoming:  # a resent form, or both asked at once: the week was added once
        messages.info(request, f"Step {upcoming[0]} opens {_opens(upcoming[1])}.")
    else:
        messages.info(request, "All five steps are open already.")
    return redirect(form.cleaned_data["back"] or "/steps/")


@login_required
@require_POST
def mark_done(request: HttpRequest, number: int) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    if not 1 <= number <= len(STEPS) or (number == len(STEPS) and not pair.is_complete):
        raise Http404("No such step")
    walk = pacing.walk(pair)
    if refused := _not_open(request, pair, number, walk):
        return refused
    rows = StepDone.objects.filter(user=pair.me, couple=pair.couple, step=number)
    if request.POST.get("undo"):
        rows.delete()
        return redirect(_step_url(number))
    try:
        StepDone.objects.get_or_create(user=pair.me, couple=pair.couple, step=number)
    except IntegrityError:  # a double click raced us; the step is done either way
        pass
    if number < len(STEPS) and walk.is_open(number + 1):
        messages.success(request, f"Step {number} is marked done. Come back to it whenever you like.")
        return redirect(_step_url(number + 1))
    later = f" Step {number + 1} opens {_opens(walk.opens_on(number + 1))}." if number < len(STEPS) else ""
    messages.success(request, f"Step {number} is marked done. Come back to it whenever you like.{later}")
    return redirect("/steps/")


@login_required
@require_POST
def share(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    if kind not in SHAREABLE:
        raise Http404("Nothing to share")
    model, number = SHAREABLE[kind]
    if refused := _not_open(request, pair, number):
        return refused
    item = _get_own_item_or_404(model, pair, pk)
    if request.POST.get("shared") == "1" and pair.me_paused:
        messages.error(request, "Sharing is paused, so nothing new is shared. You can resume it on your profile.")
        return redirect(_step_url(number, f"{kind}-{item.pk}"))
    item.shared = request.POST.get("shared") == "1"
    item.save(update_fields=["shared"])
    return redirect(_step_url(number, f"{kind}-{item.pk}"))


# Step 1: difference or distance ------------------------------------------------


@login_required
@require_GET
def step1(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    walk = pacing.walk(pair)
    if refused := _not_open(request, pair, 1, walk):
        return refused
    return _step1_page(request, pair, walk=walk)


def _step1_page(request, pair: Pair, interest_form=None, values_form=None, status=200, walk=None) -> HttpResponse:
    values = list(SharedValue.objects.mine(pair).order_by("key"))
    ctx = {
        "interests": LISTS["interest"].rows(pair),
        "values": [(v, VALUE_LABELS.get(v.key, v.key)) for v in values],
        "interest_form": interest_form or LISTS["interest"].form(),
        "values_form": values_form or ValuesForm(initial={"values": [v.key for v in values]}),
        "partner_interests": Interest.objects.shared_with(pair).order_by("created_at"),
        # Rows, not only labels, so each can be answered with a kind word (notices).
        "partner_values": [(VALUE_LABELS.get(v.key, v.key), v) for v in SharedValue.objects.shared_with(pair)],
    }
    return _render_step(request, pair, 1, ctx, status, walk)


@login_required
@require_POST
def interest_sort(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    if refused := _not_open(request, pair, 1):
        return refused
    item = _get_own_item_or_404(Interest, pair, pk)
    form = SortInterestForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Choose one of the two answers.", status=400)
    item.kind = form.cleaned_data["kind"]
    item.save(update_fields=["kind", "updated_at"])
    return redirect(_step_url(1, f"interest-{item.pk}"))


@login_required
@require_POST
def values_save(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    if refused := _not_open(request, pair, 1):
        return refused
    form = ValuesForm(request.POST)
    if not form.is_valid():
        return _step1_page(request, pair, values_form=form, status=400)
    chosen = set(form.cleaned_data["values"])
    with transaction.atomic():
        mine = SharedValue.objects.filter(author=pair.me, couple=pair.couple)
        mine.exclude(key__in=chosen).delete()
        existing = set(mine.values_list("key", flat=True))
        SharedValue.objects.bulk_create(
            [SharedValue(author=pair.me, couple=pair.couple, key=k) for k in sorted(chosen - existing)],
            ignore_conflicts=True,
        )
    messages.success(request, "Your values are saved.")
    return redirect(_step_url(1, "values"))


# Step 2: my part -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def step2(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    walk = pacing.walk(pair)
    if refused := _not_open(request, pair, 2, walk):
        return refused
    distancing = get_instrument("distancing")
    # Step 2 is about my part in the distance: the ways of coming closer are left out.
    choices = [(d.key, d.title) for d in distancing.dimensions if not d.positive]
    part = MyPart.objects.mine(pair).first()
    if request.method == "POST":
        form = MyPartForm(request.POST, behaviour_choices=choices)
        if form.is_valid():
            MyPart.objects.save_mine(pair, **form.cleaned_data)
            messages.success(request, "Saved. Only you can see this unless you share it.")
            return redirect(_step_url(2, "my-part"))
    else:
        initial = {"behaviours": part.behaviours, "inward": part.inward, "outward": part.outward} if part else None
        form = MyPartForm(initial=initial, behaviour_choices=choices)
    mine = latest_submissions([pair.me.pk], "distancing", since=pair.answers_since).get(pair.me.pk)
    self_scores = []
    if mine:  # most often first, in words: steps pages show no exact scores
        titles = dict(choices)
        ranked = sorted(mine.scores["self"].items(), key=lambda kv: -kv[1])
        self_scores = [(titles[k], how_often(v)) for k, v in ranked if k in titles]
    partner_part = MyPart.objects.shared_with(pair).first()
    ctx = {
        "form": form,
        "part": part,
        "self_scores": self_scores,
        "partner_part": partner_part,
        "partner_behaviours": [dict(choices).get(k, k) for k in partner_part.behaviours] if partner_part else [],
        "my_behaviours": [dict(choices).get(k, k) for k in part.behaviours] if part else [],
    }
    return _render_step(request, pair, 2, ctx, status=400 if form.errors else 200, walk=walk)


# Step 3: letting go of resentment ----------------------------------------------


@login_required
@require_GET
def step3(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    walk = pacing.walk(pair)
    if refused := _not_open(request, pair, 3, walk):
        return refused
    return _step3_page(request, pair, walk=walk)


def _step3_page(request, pair: Pair, add_form=None, status=200, walk=None) -> HttpResponse:
    items = list(LISTS["resentment"].rows(pair))
    ctx = {
        "resentments": [(r, ResentmentForm(initial={"source": r.source, "plan": r.plan}, prefix=f"r{r.pk}")) for r in items],
        "add_form": add_form or LISTS["resentment"].form(),
        "partner_resentments": Resentment.objects.shared_with(pair).order_by("created_at"),
    }
    return _render_step(request, pair, 3, ctx, status, walk)


@login_required
@require_POST
def resentment_update(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    if refused := _not_open(request, pair, 3):
        return refused
    item = _get_own_item_or_404(Resentment, pair, pk)
    data = request.POST.copy()
    if data.get("let_go"):  # "I've let this go" implies the plan
        data[f"r{item.pk}-plan"] = "let_go"
    form = ResentmentForm(data, prefix=f"r{item.pk}")
    if not form.is_valid():
        messages.error(request, "Choose where it comes from and what you will do with it.")
        return redirect(_step_url(3, f"resentment-{item.pk}"))
    item.source = form.cleaned_data["source"]
    item.plan = form.cleaned_data["plan"]
    if data.get("let_go"):
        item.let_go_at = item.let_go_at or timezone.now()
    item.save(update_fields=["source", "plan", "let_go_at", "updated_at"])
    return redirect(_step_url(3, f"resentment-{item.pk}"))


# Step 4: crisis into opportunity -------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def step4(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    walk = pacing.walk(pair)
    if refused := _not_open(request, pair, 4, walk):
        return refused
    hope = Hope.objects.mine(pair).first()
    if request.method == "POST":
        form = HopeForm(request.POST)
        if form.is_valid():
            Hope.objects.save_mine(pair, **form.cleaned_data)
            messages.success(request, "Saved. Only you can see this unless you share it.")
            return redirect(_step_url(4, "hope"))
    else:
        form = HopeForm(initial={"hope": hope.hope, "growth": hope.growth} if hope else None)
    ctx = {"form": form, "hope": hope, "partner_hope": Hope.objects.shared_with(pair).first()}
    return _render_step(request, pair, 4, ctx, status=400 if form.errors else 200, walk=walk)


# Step 5: closer, without pressure ------------------------------------------------


def _step5_context(pair: Pair, idea_form=None, action_form=None) -> dict:
    ideas = list(LISTS["idea"].rows(pair))
    week = current_week(pair.couple)
    action = WeeklyAction.objects.filter(user=pair.me, couple=pair.couple, week_start=week).first()
    chosen = next((i.pk for i in ideas if action and i.text == action.text), None)
    return {
        "ideas": ideas,
        "idea_form": idea_form or LISTS["idea"].form(),
        "action": action,
        "action_form": action_form or WeeklyActionForm(ideas=ideas, initial={"idea": chosen}),
        "week": week,
    }


def _ideas_response(request: HttpRequest, pair: Pair, idea_form=None, edit_error=None) -> HttpResponse:
    """The list after a change. A refused add or edit answers 400, which htmx
    swaps in like a success (base.html's htmx-config); an idea the partner just
    removed is not a refusal: the list as it is now, 200."""
    status = 400 if idea_form is not None or (edit_error and edit_error != IDEA_GONE) else 200
    if request.htmx:
        ctx = {"pair": pair, "edit_error": edit_error} | _step5_context(pair, idea_form)
        response = render(request, "steps/step5.html#ideas", ctx, status=status)
        response.content += render_to_string("steps/step5.html#this_week", ctx | {"oob": True}, request).encode()
        return response
    if idea_form is not None:
        return _render_step(request, pair, 5, _step5_context(pair, idea_form), status=400)
    if edit_error:
        messages.error(request, edit_error)
    return redirect(_step_url(5, "ideas"))


@login_required
@require_GET
def step5(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user, complete=False)
    if not pair.is_complete:
        # Step 5 is done towards each other: say so, rather than a dead end.
        return render(request, "steps/step5_waiting.html", {"pair": pair, "step": STEPS[-1], "previous": STEPS[-2]})
    walk = pacing.walk(pair)
    if refused := _not_open(request, pair, 5, walk):
        return refused
    return _render_step(request, pair, 5, _step5_context(pair), walk=walk)


@login_required
@require_GET
def ideas(request: HttpRequest) -> HttpResponse:
    """The shared list alone, as an htmx fragment (and a plain page without htmx)."""
    pair = get_pair_or_404(request.user)
    if refused := _not_open(request, pair, 5):
        return refused
    return _ideas_response(request, pair)


# The three lists of short texts (steps.lists) ----------------------------------


def _list_response(request: HttpRequest, pair: Pair, texts: TextList, form=None, row=None, error=None) -> HttpResponse:
    """After adding, renaming or removing: the couple's list (step 5) comes back
    in place; on my own lists a refused text re-renders the page with its
    message, anything else goes back to the row or the list."""
    if texts.of_couple:
        return _ideas_response(request, pair, form if form is not None and form.errors else None, error)
    if form is not None and form.errors:
        page = _step1_page if texts.step == 1 else _step3_page
        return page(request, pair, form, status=400)
    return redirect(_step_url(texts.step, f"{texts.kind}-{row.pk}" if row else texts.anchor))


def _get_row(request: HttpRequest, pair: Pair, texts: TextList, pk: int):
    """A row on my list. One that is gone is a 404, but htmx on the couple's
    list, which either partner may have just changed, gets the list as it is
    now (it swaps only what it is given back): None then."""
    row = texts.get(pair, pk)
    if row is None and not (texts.of_couple and request.htmx):
        raise Http404("No such item")
    return row


@login_required
@require_POST
def item_add(request: HttpRequest, kind: str) -> HttpResponse:
    # My own lists work while waiting for my partner; the couple's list (step 5) needs both.
    texts = LISTS[kind]
    pair = get_pair_or_404(request.user, complete=texts.of_couple)
    if refused := _not_open(request, pair, texts.step):
        return refused
    form = texts.form(request.POST)
    row = texts.add(pair, form) if form.is_valid() else None
    return _list_response(request, pair, texts, form, row)


@login_required
@require_POST
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    texts = LISTS[kind]
    pair = get_pair_or_404(request.user, complete=texts.of_couple)
    if refused := _not_open(request, pair, texts.step):
        return refused
    row = _get_row(request, pair, texts, pk)
    if row is None:
        return _list_response(request, pair, texts, error=IDEA_GONE)
    return _list_response(request, pair, texts, error=texts.rename(row, texts.form(request.POST)))


@login_required
@require_POST
def item_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    texts = LISTS[kind]
    pair = get_pair_or_404(request.user, complete=texts.of_couple)
    if refused := _not_open(request, pair, texts.step):
        return refused
    row = _get_row(request, pair, texts, pk)
    if row is None:
        return _list_response(request, pair, texts, error=IDEA_GONE)
    row.delete()
    return _list_response(request, pair, texts)


@login_required
@require_POST
def action_choose(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    if refused := _not_open(request, pair, 5):
        return refused
    ctx = _step5_context(pair)
    form = WeeklyActionForm(request.POST, ideas=ctx["ideas"])
    if not form.is_valid():
        return _render_step(request, pair, 5, _step5_context(pair, action_form=form), status=400)
    idea = next(i for i in ctx["ideas"] if i.pk == form.cleaned_data["idea"])
    WeeklyAction.objects.update_or_create(
        user=pair.me, couple=pair.couple, week_start=ctx["week"], defaults={"text": idea.text}
    )
    messages.success(request, "That's your one thing for this week. Your check-in will ask how it went.")
    return redirect(_step_url(5, "this-week"))
