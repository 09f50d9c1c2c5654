from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.forms import AnswersForm
from assessments.instruments import Instrument, Role, Section, current_instruments, get_instrument
from assessments.models import Answer, Draft, Submission
from assessments.scoring import IncompleteAnswers, how_often, measure, score


def _get_draft(request: HttpRequest, draft_id) -> Draft:
    """The signed-in user's own draft, or 404 (for a partner too)."""
    return get_object_or_404(Draft, pk=draft_id, user=request.user)


def _answers(draft: Draft) -> dict[str, int]:
    return dict(draft.answers.values_list("item", "value"))


def _save(draft: Draft, answers: dict[str, int]) -> None:
    # One upsert: a resent answer updates its row, two answers sent at once can't clash.
    Answer.objects.bulk_create(
        [Answer(draft=draft, item=key, value=value) for key, value in answers.items()],
        update_conflicts=True,
        unique_fields=["draft", "item"],
        update_fields=["value"],
    )


def _section_url(draft: Draft, section: Section) -> str:
    return reverse("questionnaire_section", args=[draft.pk, section.key])


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    drafts = {
        d.instrument: d
        for d in Draft.objects.filter(user=request.user).annotate(answered=Count("answers"))
    }
    newest = Submission.objects.filter(user=request.user, instrument=OuterRef("instrument")).order_by(
        "-submitted_at", "-pk"
    )
    latest = {
        s.instrument: s
        for s in Submission.objects.filter(user=request.user, pk=Subquery(newest.values("pk")[:1])).only(
            "pk", "instrument", "submitted_at"
        )
    }
    rows = []
    for instrument in current_instruments():
        draft = drafts.get(instrument.key)
        rows.append(
            {
                "instrument": instrument,
                "draft": draft,
                "progress": _progress(draft.definition, draft.answered) if draft else None,
                "latest": latest.get(instrument.key),
            }
        )
    return render(request, "assessments/index.html", {"rows": rows})


@login_required
@require_POST
def start(request: HttpRequest, key: str) -> HttpResponse:
    instrument = get_instrument(key)
    if instrument is None:
        raise Http404("No such questionnaire")
    # get_or_create falls back to the existing row if a double click raced us to create it.
    draft, _ = Draft.objects.get_or_create(
        user=request.user, instrument=key, defaults={"version": instrument.version}
    )
    return redirect(draft)


@login_required
@require_GET
def resume(request: HttpRequest, draft_id) -> HttpResponse:
    """Carry on where the author stopped: the first page with an unanswered question."""
    draft = _get_draft(request, draft_id)
    answered = _answers(draft)
    for section in draft.definition.sections:
        if any(item.key not in answered for item in section.items):
            return redirect(_section_url(draft, section))
    return redirect("questionnaire_review", draft.pk)


def _progress(instrument: Instrument, answered: int) -> dict:
    total = len(instrument.items)
    return {"answered": answered, "total": total}


@login_required
@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, draft_id, section_key: str) -> HttpResponse:
    draft = _get_draft(request, draft_id)
    instrument = draft.definition
    page = instrument.section(section_key)
    if page is None:
        raise Http404("No such page")
    index = instrument.sections.index(page)
    if request.method == "POST":
        form = AnswersForm(draft.version, page.items, request.POST)
        if form.is_valid():
            _save(draft, form.answers)
            go = request.POST.get("go")
            if go == "later":
                messages.success(request, "Your answers are saved. Pick up here whenever you like.")
                return redirect("questionnaires")
            if go == "back" and index > 0:
                return redirect(_section_url(draft, instrument.sections[index - 1]))
            if go == "back":
                return redirect("questionnaires")
            if index + 1 < len(instrument.sections):
                return redirect(_section_url(draft, instrument.sections[index + 1]))
            return redirect("questionnaire_review", draft.pk)
        answered = _answers(draft)
    else:
        answered = _answers(draft)
        form = AnswersForm(draft.version, page.items, initial=answered)
    ctx = {
        "draft": draft,
        "instrument": instrument,
        "page": page,
        "number": index + 1,
        "form": form,
        "groups": [
            (instrument.dimension(key), [(i, form[i.key]) for i in page.items if i.dimension == key])
            for key in dict.fromkeys(i.dimension for i in page.items)
        ],
        "is_last": index + 1 == len(instrument.sections),
        "progress": _progress(instrument, len(answered)),
    }
    return render(request, "assessments/section.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def answer(request: HttpRequest, draft_id) -> HttpResponse:
    """Save a single answer as soon as it is given (htmx, on change)."""
    draft = _get_draft(request, draft_id)
    instrument = draft.definition
    form = AnswersForm(draft.version, instrument.items, request.POST, single=True)
    if not form.is_valid():
        ctx = {"status": "Not saved: this answer didn't fit the question. Reload the page and try again."}
        return render(request, "assessments/section.html#status", ctx, status=400)
    _save(draft, form.answers)
    ctx = {
        "status": "Saved",
        "progress": _progress(instrument, draft.answers.count()),
        "oob": True,
    }
    return render(request, "assessments/section.html#saved", ctx)


@login_required
@require_GET
def review(request: HttpRequest, draft_id) -> HttpResponse:
    draft = _get_draft(request, draft_id)
    instrument = draft.definition
    answered = _answers(draft)
    gaps = [
        (section, [item for item in section.items if item.key not in answered])
        for section in instrument.sections
    ]
    gaps = [(section, items) for section, items in gaps if items]
    ctx = {
        "draft": draft,
        "instrument": instrument,
        "gaps": gaps,
        "progress": _progress(instrument, len(answered)),
        "first_section": instrument.sections[0],
    }
    return render(request, "assessments/review.html", ctx)


@login_required
@require_POST
def submit(request: HttpRequest, draft_id) -> HttpResponse:
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(pk=draft_id, user=request.user).first()
        if draft is None:
            # Sent already (a double click or a resent form): show what was sent.
            done = get_object_or_404(Submission, draft=draft_id, user=request.user)
            return redirect(done)
        if request.POST.get("version") != str(draft.version):
            messages.error(request, "This page was out of date. Please check your answers and send again.")
            return redirect("questionnaire_review", draft.pk)
        instrument = draft.definition
        answers = _answers(draft)
        try:
            scores = score(instrument, answers)
        except IncompleteAnswers:
            messages.error(request, "A few questions still need an answer before you can send this.")
            return redirect("questionnaire_review", draft.pk)
        try:
            with transaction.atomic():
                done = Submission.objects.create(
                    user=request.user,
                    instrument=draft.instrument,
                    version=draft.version,
                    draft=draft.pk,
                    answers=answers,
                    scores=scores,
                )
        except IntegrityError:  # the same draft was submitted by a request running alongside
            done = Submission.objects.get(draft=draft.pk, user=request.user)
        draft.delete()
    messages.success(request, "Thank you. Your answers are in, and they stay private to you.")
    return redirect(done)


# How each group of scores is headed on the results page.
ROLE_TABLES = {
    Role.DIMENSIONS: {"title": "How close you feel", "heading": "Part", "note": "0 to 100, higher is closer"},
    Role.SELF: {"title": "How often you pulled away", "heading": "Way of pulling away", "note": "0 to 100, higher is more often"},
    Role.PARTNER: {"title": "How often you saw your partner pull away", "heading": "Way of pulling away", "note": "0 to 100, higher is more often"},
}


def _then_and_now(instrument: Instrument, then: Submission | None, now: Submission) -> list[dict]:
    """Per score group, one row per dimension: this submission beside the one before."""
    tables = []
    for role in instrument.roles:
        if role == Role.IMPORTANCE:  # shown in words, on its own: a 1-5 rating, not a score
            continue
        group = now.scores.get(role.value, {})
        earlier = then.scores.get(role.value, {}) if then else {}
        rows = []
        for dimension in instrument.dimensions:
            if dimension.key not in group:
                continue
            value, before = group[dimension.key], earlier.get(dimension.key)
            how = measure(instrument, role, dimension.key)
            made_before = measure(then.definition, role, dimension.key) if then else None
            rows.append(
                {
                    "dimension": dimension,
                    "now": value,
                    "then": before,
                    "change": how.change_words(before, value, made_before) if before is not None else "–",
                    # What the partner sees of this score: its band, or for a single answer the answer.
                    "words": how.band(value) if role == Role.DIMENSIONS else how_often(value),
                }
            )
        tables.append({"rows": rows, **ROLE_TABLES[role]})
    return tables


@login_required
@require_GET
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    done = get_object_or_404(Submission, pk=pk, user=request.user)
    instrument = done.definition
    mine = Submission.objects.filter(user=request.user, instrument=done.instrument)
    then = mine.filter(submitted_at__lt=done.submitted_at).order_by("-submitted_at").defer("answers").first()
    history = list(mine.order_by("-submitted_at").values("pk", "submitted_at"))
    answers = [
        (section, [(item, item.scale.label(done.answers[item.key])) for item in section.items])
        for section in instrument.sections
    ]
    ctx = {
        "submission": done,
        "instrument": instrument,
        "then": then,
        "tables": _then_and_now(instrument, then, done),
        "importance": [
            (instrument.dimension(item.dimension), item.scale.label(done.answers[item.key]))
            for item in instrument.items
            if item.role == Role.IMPORTANCE
        ],
        "answers": answers,
        "history": history,
        "open_draft": Draft.objects.filter(user=request.user, instrument=done.instrument).first(),
    }
    return render(request, "assessments/submission.html", ctx)
