from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.instruments import get_instrument
from assessments.services import latest_submissions
from couples.access import Pair, get_pair_or_404
from couples.weeks import current_week
from steps.content import STEPS, VALUE_LABELS
from steps.forms import (
    HopeForm,
    MyPartForm,
    ResentmentForm,
    SortInterestForm,
    TextItemForm,
    ValuesForm,
    WeeklyActionForm,
)
from steps.models import (
    ConnectionIdea,
    Hope,
    Interest,
    MyPart,
    Resentment,
    SharedValue,
    StepDone,
    WeeklyAction,
)
from steps.progress import steps_seen_by

# What an author may share, one item at a time, and the step it belongs to.
SHAREABLE = {"interest": (Interest, 1), "value": (SharedValue, 1), "part": (MyPart, 2), "resentment": (Resentment, 3), "hope": (Hope, 4)}


def _get_own_item_or_404(model, pair: Pair, pk: int):
    """One of my own private items in this couple; anyone else's is a 404."""
    return get_object_or_404(model, pk=pk, author=pair.me, couple=pair.couple)


def _get_idea(pair: Pair, pk: int) -> ConnectionIdea | None:
    """An idea on our list, or None: either partner may have just removed it,
    and an id from another couple's list gets the very same answer."""
    return ConnectionIdea.objects.filter(pk=pk, couple=pair.couple).first()


ALREADY_LISTED = "That's already on your list."
IDEA_GONE = "That idea was just removed. Here is the list as it is now."


def _add_once(model, form, scope: dict, **extra):
    """Add the form's text to a list unless it is already there, in any capitals.
    The unique constraint decides, so a resend racing the first request adds
    one row too; the form then carries the message. Returns the row or None."""
    text = form.cleaned_data["text"]
    try:
        with transaction.atomic():
            return model.objects.create(text=text, **scope, **extra)
    except IntegrityError:
        if not model.objects.filter(text__iexact=text, **scope).exists():
            raise  # not a duplicate: a real error, let it show as one
        form.add_error("text", ALREADY_LISTED)
        return None


def _render_step(request: HttpRequest, pair: Pair, number: int, ctx: dict, status: int = 200) -> HttpResponse:
    done = StepDone.objects.filter(user=pair.me, couple=pair.couple, step=number).first()
    base = {
        "pair": pair,
        "step": STEPS[number - 1],
        "done": done,
        "previous": STEPS[number - 2] if number > 1 else None,
        "next": STEPS[number] if number < len(STEPS) else None,
    }
    return render(request, f"steps/step{number}.html", base | ctx, status=status)


def _step_url(number: int, anchor: str = "") -> str:
    return f"/steps/{number}/" + (f"#{anchor}" if anchor else "")


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    on = steps_seen_by(pair)
    done = set(StepDone.objects.filter(user=pair.me, couple=pair.couple).values_list("step", flat=True))
    ctx = {"pair": pair, "steps": STEPS, "done": done, "my_step": on[pair.me.pk], "partner_step": on.get(pair.partner.pk)}
    return render(request, "steps/index.html", ctx)


@login_required
@require_POST
def mark_done(request: HttpRequest, number: int) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    if not 1 <= number <= len(STEPS):
        raise Http404("No such step")
    rows = StepDone.objects.filter(user=pair.me, couple=pair.couple, step=number)
    if request.POST.get("undo"):
        rows.delete()
        return redirect(_step_url(number))
    try:
        StepDone.objects.get_or_create(user=pair.me, couple=pair.couple, step=number)
    except IntegrityError:  # a double click raced us; the step is done either way
        pass
    messages.success(request, f"Step {number} is marked done. Come back to it whenever you like.")
    return redirect("/steps/" if number == len(STEPS) else _step_url(number + 1))


@login_required
@require_POST
def share(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    if kind not in SHAREABLE:
        raise Http404("Nothing to share")
    model, number = SHAREABLE[kind]
    item = _get_own_item_or_404(model, pair, pk)
    if request.POST.get("shared") == "1" and pair.me_paused:
        messages.error(request, "Sharing is paused, so nothing new is shared. You can resume it on your profile.")
        return redirect(_step_url(number, f"{kind}-{item.pk}"))
    item.shared = request.POST.get("shared") == "1"
    item.save(update_fields=["shared"])
    return redirect(_step_url(number, f"{kind}-{item.pk}"))


# Step 1: difference or distance ------------------------------------------------


def _interest_form(data=None):
    return TextItemForm(
        data,
        label="One of your partner's own interests or habits",
        help_text="For example: late-night gaming, Sunday football, long calls with a sister.",
    )


@login_required
@require_GET
def step1(request: HttpRequest) -> HttpResponse:
    return _step1_page(request, get_pair_or_404(request.user))


def _step1_page(request, pair: Pair, interest_form=None, values_form=None, status=200) -> HttpResponse:
    values = list(SharedValue.objects.mine(pair).order_by("key"))
    ctx = {
        "interests": Interest.objects.mine(pair).order_by("created_at"),
        "values": [(v, VALUE_LABELS.get(v.key, v.key)) for v in values],
        "interest_form": interest_form or _interest_form(),
        "values_form": values_form or ValuesForm(initial={"values": [v.key for v in values]}),
        "partner_interests": Interest.objects.shared_with(pair).order_by("created_at"),
        "partner_values": [VALUE_LABELS.get(k, k) for k in SharedValue.objects.shared_with(pair).values_list("key", flat=True)],
    }
    return _render_step(request, pair, 1, ctx, status)


@login_required
@require_POST
def interest_add(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    form = _interest_form(request.POST)
    if not form.is_valid():
        return _step1_page(request, pair, interest_form=form, status=400)
    item = _add_once(Interest, form, {"author": pair.me, "couple": pair.couple})
    if item is None:
        return _step1_page(request, pair, interest_form=form, status=400)
    return redirect(_step_url(1, f"interest-{item.pk}"))


@login_required
@require_POST
def interest_sort(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    item = _get_own_item_or_404(Interest, pair, pk)
    form = SortInterestForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Choose one of the two answers.", status=400)
    item.kind = form.cleaned_data["kind"]
    item.save(update_fields=["kind", "updated_at"])
    return redirect(_step_url(1, f"interest-{item.pk}"))


@login_required
@require_POST
def interest_delete(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    _get_own_item_or_404(Interest, pair, pk).delete()
    return redirect(_step_url(1, "interests"))


@login_required
@require_POST
def values_save(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user)
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
    pair = get_pair_or_404(request.user)
    distancing = get_instrument("distancing")
    choices = [(d.key, d.title) for d in distancing.dimensions]
    part = MyPart.objects.mine(pair).first()
    if request.method == "POST":
        form = MyPartForm(request.POST, behaviour_choices=choices)
        if form.is_valid():
            part = part or MyPart(author=pair.me, couple=pair.couple)
            part.behaviours = form.cleaned_data["behaviours"]
            part.inward = form.cleaned_data["inward"]
            part.outward = form.cleaned_data["outward"]
            try:
                part.save()
            except IntegrityError:  # a resent form raced the first save
                MyPart.objects.filter(author=pair.me, couple=pair.couple).update(
                    behaviours=part.behaviours, inward=part.inward, outward=part.outward, updated_at=timezone.now()
                )
            messages.success(request, "Saved. Only you can see this unless you share it.")
            return redirect(_step_url(2, "my-part"))
    else:
        initial = {"behaviours": part.behaviours, "inward": part.inward, "outward": part.outward} if part else None
        form = MyPartForm(initial=initial, behaviour_choices=choices)
    mine = latest_submissions([pair.me.pk], "distancing", since=pair.answers_since).get(pair.me.pk)
    self_scores = []
    if mine:
        titles = dict(choices)
        self_scores = sorted(
            ((titles.get(k, k), v) for k, v in mine.scores["self"].items()), key=lambda kv: -kv[1]
        )
    partner_part = MyPart.objects.shared_with(pair).first()
    ctx = {
        "form": form,
        "part": part,
        "self_scores": self_scores,
        "partner_part": partner_part,
        "partner_behaviours": [dict(choices).get(k, k) for k in partner_part.behaviours] if partner_part else [],
        "my_behaviours": [dict(choices).get(k, k) for k in part.behaviours] if part else [],
    }
    return _render_step(request, pair, 2, ctx, status=400 if form.errors else 200)


# Step 3: letting go of resentment ----------------------------------------------


def _resentment_form(data=None):
    return TextItemForm(
        data,
        label="Something you still hold against your partner",
        help_text="A few words are enough. Only you can see this.",
    )


@login_required
@require_GET
def step3(request: HttpRequest) -> HttpResponse:
    return _step3_page(request, get_pair_or_404(request.user))


def _step3_page(request, pair: Pair, add_form=None, status=200) -> HttpResponse:
    items = list(Resentment.objects.mine(pair).order_by("created_at"))
    ctx = {
        "resentments": [(r, ResentmentForm(initial={"source": r.source, "plan": r.plan}, prefix=f"r{r.pk}")) for r in items],
        "add_form": add_form or _resentment_form(),
        "partner_resentments": Resentment.objects.shared_with(pair).order_by("created_at"),
    }
    return _render_step(request, pair, 3, ctx, status)


@login_required
@require_POST
def resentment_add(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    form = _resentment_form(request.POST)
    if not form.is_valid():
        return _step3_page(request, pair, add_form=form, status=400)
    item = _add_once(Resentment, form, {"author": pair.me, "couple": pair.couple})
    if item is None:
        return _step3_page(request, pair, add_form=form, status=400)
    return redirect(_step_url(3, f"resentment-{item.pk}"))


@login_required
@require_POST
def resentment_update(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_pair_or_404(request.user)
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


@login_required
@require_POST
def resentment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    _get_own_item_or_404(Resentment, pair, pk).delete()
    return redirect(_step_url(3, "resentments"))


# Step 4: crisis into opportunity -------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def step4(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    hope = Hope.objects.mine(pair).first()
    if request.method == "POST":
        form = HopeForm(request.POST)
        if form.is_valid():
            Hope.objects.update_or_create(
                author=pair.me, couple=pair.couple,
                defaults={"hope": form.cleaned_data["hope"], "growth": form.cleaned_data["growth"]},
            )
            messages.success(request, "Saved. Only you can see this unless you share it.")
            return redirect(_step_url(4, "hope"))
    else:
        form = HopeForm(initial={"hope": hope.hope, "growth": hope.growth} if hope else None)
    ctx = {"form": form, "hope": hope, "partner_hope": Hope.objects.shared_with(pair).first()}
    return _render_step(request, pair, 4, ctx, status=400 if form.errors else 200)


# Step 5: closer, without pressure ------------------------------------------------


def _idea_form(data=None):
    return TextItemForm(
        data,
        label="A way we used to connect",
        help_text="Coffee in bed, walking the dog together, a playlist for the car…",
    )


def _step5_context(pair: Pair, idea_form=None, action_form=None) -> dict:
    ideas = list(ConnectionIdea.objects.filter(couple=pair.couple).select_related("added_by").order_by("created_at", "pk"))
    week = current_week(pair.couple)
    action = WeeklyAction.objects.filter(user=pair.me, couple=pair.couple, week_start=week).first()
    chosen = next((i.pk for i in ideas if action and i.text == action.text), None)
    return {
        "ideas": ideas,
        "idea_form": idea_form or _idea_form(),
        "action": action,
        "action_form": action_form or WeeklyActionForm(ideas=ideas, initial={"idea": chosen}),
        "week": week,
    }


def _ideas_response(request: HttpRequest, pair: Pair, idea_form=None, edit_error=None) -> HttpResponse:
    if request.htmx:
        # htmx swaps only successful responses, so a form error comes back as 200.
        ctx = {"pair": pair, "edit_error": edit_error} | _step5_context(pair, idea_form)
        response = render(request, "steps/step5.html#ideas", ctx)
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
    pair = get_pair_or_404(request.user)
    return _render_step(request, pair, 5, _step5_context(pair))


@login_required
@require_GET
def ideas(request: HttpRequest) -> HttpResponse:
    """The shared list alone, as an htmx fragment (and a plain page without htmx)."""
    pair = get_pair_or_404(request.user)
    return _ideas_response(request, pair)


@login_required
@require_POST
def idea_add(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    form = _idea_form(request.POST)
    if form.is_valid():
        _add_once(ConnectionIdea, form, {"couple": pair.couple}, added_by=pair.me)
    # Refused, or already on the list: the form comes back with its message.
    return _ideas_response(request, pair, form if form.errors else None)


def _idea_gone(request: HttpRequest, pair: Pair) -> HttpResponse:
    """Someone edits or removes an idea that is no longer on our list. htmx
    swaps only what it is given back, so it gets the list as it is now; a
    plain form post keeps the 404 it always had."""
    if not request.htmx:
        raise Http404("No such idea")
    return _ideas_response(request, pair, edit_error=IDEA_GONE)


@login_required
@require_POST
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    idea = _get_idea(pair, pk)
    if idea is None:
        return _idea_gone(request, pair)
    form = _idea_form(request.POST)
    if not form.is_valid():
        error = f"{form.errors['text'][0]} Nothing was changed."
        return _ideas_response(request, pair, edit_error=error)
    idea.text = form.cleaned_data["text"]
    try:
        with transaction.atomic():
            idea.save(update_fields=["text", "updated_at"])
    except IntegrityError:  # the new words are another idea's (the constraint ignores capitals)
        return _ideas_response(request, pair, edit_error=f"{ALREADY_LISTED} Nothing was changed.")
    return _ideas_response(request, pair)


@login_required
@require_POST
def idea_delete(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    idea = _get_idea(pair, pk)
    if idea is None:
        return _idea_gone(request, pair)
    idea.delete()
    return _ideas_response(request, pair)


@login_required
@require_POST
def action_choose(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user)
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
