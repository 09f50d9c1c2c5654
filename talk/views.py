"""Talk it through together: one page for both partners, a stage at a time
(appreciation, one topic, one small thing), each stage a plain form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from couples.access import Pair, get_pair_or_404
from couples.weeks import current_week
from steps.lists import LISTS
from steps.models import WeeklyAction
from talk import cards
from talk.forms import TalkedForm

STAGES = ("appreciate", "topic", "end")


def _context(pair: Pair, stage: str, form: TalkedForm | None = None) -> dict:
    week = current_week(pair.couple)
    ideas = list(LISTS["idea"].rows(pair))
    action = WeeklyAction.objects.filter(user=pair.me, couple=pair.couple, week_start=week).first()
    chosen = next((i.pk for i in ideas if action and i.text == action.text), None)
    return {
        "pair": pair,
        "stage": stage,
        "card": cards.this_weeks_card(pair),
        "talked": cards.talked_this_week(pair, week),
        "ideas": ideas,
        "action": action,
        "form": form or TalkedForm(ideas=ideas, initial={"idea": chosen}),
    }


@login_required
@require_GET
def talk(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    stage = request.GET.get("stage")
    return render(request, "talk/talk.html", _context(pair, stage if stage in STAGES else STAGES[0]))


@login_required
@require_POST
def talked(request: HttpRequest) -> HttpResponse:
    pair = get_pair_or_404(request.user)
    week = current_week(pair.couple)
    ideas = list(LISTS["idea"].rows(pair))
    form = TalkedForm(request.POST, ideas=ideas)
    if not form.is_valid():
        return render(request, "talk/talk.html", _context(pair, "end", form), status=400)
    text = next((i.text for i in ideas if i.pk == form.cleaned_data["idea"]), None)
    with transaction.atomic():
        if new := form.cleaned_data["new_idea"]:
            add_form = LISTS["idea"].form({"text": new})
            add_form.is_valid()
            LISTS["idea"].add(pair, add_form)  # already listed: it is simply chosen
            text = new
        if text:
            # My step-5 one thing for the week, as step 5 saves it (one per person and week).
            WeeklyAction.objects.update_or_create(user=pair.me, couple=pair.couple, week_start=week, defaults={"text": text})
        cards.mark_talked(pair, week)
    messages.success(request, "Marked: you talked it through this week." + (f" Your one thing: {text}." if text else ""))
    return redirect("/talk/?stage=end#end")
