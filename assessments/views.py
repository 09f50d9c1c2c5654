import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import safety
from assessments.forms import AnswersForm, SafetyCheckForm
from assessments.instruments import Instrument, Role, Section, current_instruments, get_instrument
from assessments.models import Answer, Draft, Submission
from assessments.scoring import IncompleteAnswers, how_often, measure, score


def _get_draft(request: HttpRequest, draft_id) -> Draft:
    """The signed-in user's own draft, or 404 (for a partner too)."""
    return get_object_or_404(Draft, pk=draft_id, user=request.user)


def _read(draft: Draft) -> tuple[dict[str, int], dict[str, str]]:
    """The draft's answers, in one query: those on a scale ({item: value}) and
    those in the author's own words ({item: text})."""
    answers, texts = {}, {}
    for item, value, text in draft.answers.values_list("item", "value", "text"):
        if value is None:
            texts[item] = text
        else:
            answers[item] = value
    return answers, texts


def _save(draft: Draft, answers: dict[str, int], texts: dict[str, str] | None = None) -> None:
    # One upsert: a resent answer updates its row, two answers sent at once can't clash.
    rows = [Answer(draft=draft, item=key, value=value) for key, value in answers.items()]
    rows += [Answer(draft=draft, item=key, text=text) for key, text in (texts or {}).items()]
    Answer.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["draft", "item"],
        update_fields=["value", "text"],
    )


def _answered(draft: Draft) -> int:
    """How many questions on a scale have an answer (the open ones are optional)."""
    return draft.answers.filter(value__isnull=False).count()


def _section_url(draft: Draft, section: Section) -> str:
    return reverse("questionnaire_section", args=[draft.pk, section.key])


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    drafts = {
        d.instrument: d
        for d in Draft.objects.filter(user=request.user).annotate(
            answered=Count("answers", filter=Q(answers__value__isnull=False))
        )
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
    sent = [row["latest"].submitted_at for row in rows if row["latest"]]
    ctx = {"rows": rows, "check_due": safety.due(request.user, max(sent, default=None))}
    return render(request, "assessments/index.html", ctx)


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
    answered, _ = _read(draft)
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
        form = AnswersForm(draft.version, page.items, request.POST, open_questions=page.open_questions)
        if form.is_valid():
            _save(draft, form.answers, form.texts)
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
        answered, _ = _read(draft)
    else:
        answered, texts = _read(draft)
        form = AnswersForm(draft.version, page.items, initial=answered | texts, open_questions=page.open_questions)
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
        "open_questions": [(q, form[q.key]) for q in page.open_questions],
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
    form = AnswersForm(
        draft.version, instrument.items, request.POST, open_questions=instrument.open_questions, single=True
    )
    if not form.is_valid():
        text_errors = [e for key in form.open_keys for e in form.errors.get(key, [])]
        reason = text_errors[0] if text_errors else "This answer didn't fit the question. Reload the page and try again."
        return render(request, "assessments/section.html#status", {"status": f"Not saved. {reason}"}, status=400)
    _save(draft, form.answers, form.texts)
    ctx = {
        "status": "Saved",
        "progress": _progress(instrument, _answered(draft)),
        "oob": True,
    }
    return render(request, "assessments/section.html#saved", ctx)


@login_required
@require_GET
def review(request: HttpRequest, draft_id) -> HttpResponse:
    draft = _get_draft(request, draft_id)
    instrument = draft.definition
    answered, _ = _read(draft)
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
        answers, texts = _read(draft)
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
                    # Kept with the answers, never scored: an emptied text is left out.
                    answers=answers | {key: text for key, text in texts.items() if text.strip()},
                    scores=scores,
                )
            safety.cover_submission(request.user, done.submitted_at)
        except IntegrityError:  # the same draft was submitted by a request running alongside
            done = Submission.objects.get(draft=draft.pk, user=request.user)
        draft.delete()
    messages.success(request, "Thank you. Your answers are in, and they stay private to you.")
    return redirect(done)


# How each group of scores is headed on the results page, by role and by
# whether its dimensions bring you closer (`Dimension.positive`).
ROLE_TABLES = {
    (Role.DIMENSIONS, False): {"title": "How close you feel", "heading": "Part", "note": "0 to 100, higher is closer"},
    (Role.SELF, True): {"title": "How often you turned toward your partner", "heading": "Way of turning toward", "note": "0 to 100, higher is more often"},
    (Role.SELF, False): {"title": "How often you pulled away", "heading": "Way of pulling away", "note": "0 to 100, higher is more often"},
    (Role.PARTNER, True): {"title": "How often you saw your partner turn toward you", "heading": "Way of turning toward", "note": "0 to 100, higher is more often"},
    (Role.PARTNER, False): {"title": "How often you saw your partner pull away", "heading": "Way of pulling away", "note": "0 to 100, higher is more often"},
}


def _then_and_now(instrument: Instrument, then: Submission | None, now: Submission) -> list[dict]:
    """Per score group, one row per dimension: this submission beside the one before."""
    tables = []
    for role in instrument.roles:
        if role == Role.IMPORTANCE:  # shown in words, on its own: a 1-5 rating, not a score
            continue
        group = now.scores.get(role.value, {})
        earlier = then.scores.get(role.value, {}) if then else {}
        for positive in (True, False):
            rows = []
            for dimension in instrument.dimensions:
                if dimension.key not in group or dimension.positive != positive:
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
            if rows:
                tables.append({"rows": rows, **ROLE_TABLES[role, positive]})
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
        if section.items
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
        # In the author's own words: on this page (theirs alone) and in their export, nowhere else.
        "own_words": [
            (question, done.answers[question.key]) for question in instrument.open_questions if question.key in done.answers
        ],
        "history": history,
        "open_draft": Draft.objects.filter(user=request.user, instrument=done.instrument).first(),
        "check_due": safety.due(request.user, done.submitted_at),
    }
    return render(request, "assessments/submission.html", ctx)


# The private safety check (assessments.safety). Each page reads and changes
# the signed-in person's own check only: there is nothing of anyone else's to ask for.


@login_required
@require_http_methods(["GET", "POST"])
def safety_check(request: HttpRequest) -> HttpResponse:
    if request.user.comparison_off:
        return redirect("safety_result")  # they see how to turn it back on instead
    if request.method == "POST":
        form = SafetyCheckForm(request.POST)
        if form.is_valid():
            check = safety.record(request.user, form.cleaned_data["token"], form.answers)
            if request.user.comparison_off or safety.needs_crisis_help(check):
                return redirect("safety_result")
            messages.success(request, "Thank you. Your answers can be set side by side once you've both sent them.")
            return redirect("home")
    else:
        form = SafetyCheckForm(initial={"token": uuid.uuid4()})
    return render(request, "assessments/safety_check.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def safety_result(request: HttpRequest) -> HttpResponse:
    """What a yes means, privately: crisis help, and comparison switched off."""
    check = safety.latest(request.user)
    if check is None:
        return redirect("safety_check")
    ctx = {
        "crisis": safety.needs_crisis_help(check),
        "off": request.user.comparison_off,
        "resources": settings.HELP_RESOURCES,
    }
    return render(request, "assessments/safety_result.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def safety_turn_on(request: HttpRequest) -> HttpResponse:
    """Turning comparison back on after a yes: a page of its own and an explicit yes."""
    if not request.user.comparison_off:
        return redirect("home")
    error = None
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            safety.turn_comparison_back_on(request.user)
            messages.success(request, "Comparison is back on. Your answers can be set side by side again.")
            return redirect("home")
        error = "To turn comparison back on, choose “Yes, turn it back on”. If you'd rather not, you can simply leave this page."
    ctx = {"error": error, "resources": settings.HELP_RESOURCES}
    return render(request, "assessments/safety_turn_on.html", ctx, status=400 if error else 200)
