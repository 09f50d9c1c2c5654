"""What the rest of Rekindle may ask about questionnaires.

The shared dashboard and the five steps read results only through these
functions; `couples.sharing` decides who may see them (mutual reveal, pause
sharing, answers since an earlier couple), and `assessments` imports no other
app of ours.

- ``latest_submissions(user_ids, key, since=None)`` -> ``{user_id: Submission}``:
  each user's most recent submission of the instrument ``key`` ("intimacy" or
  "distancing"); users who never submitted it are absent. One query however
  long the history is.
- ``submission_histories(user_ids, keys, since=None, until=None)`` -> ``{key: {user_id: [Submission, ...]}}``:
  every submission of each instrument in ``keys``, oldest first, for "change
  between submissions". One query for all of them.

A submission belongs to its author, not to a couple: answers given with an
earlier partner are about that partner. ``since`` (``{user_id: datetime}``)
leaves out what each of those users submitted before their datetime; shared
pages pass, for a partner who was in an earlier couple, when it ended.
``until`` (the same shape) leaves out what each of those users submitted
after their datetime: shared pages pass it for a partner who pauses sharing.

Both defer the raw ``answers`` (reading them costs a query per submission and
they are private to their author: shared pages use ``scores`` only).

``Submission.scores`` is plain JSON, written once at submission:

- intimacy: ``{"dimensions": {key: 0-100}, "importance": {key: 1-5}}`` with the
  keys touch, eye_contact, openness, ease, positivity, connection, care,
  appreciation. Higher means closer.
- distancing: ``{"self": {key: 0-100}, "partner": {key: 0-100}}`` with the keys
  taking_personally, criticism, over_helping, negativity, substances,
  busy_avoidance, avoiding_topics, and from version 2 turning_toward and
  showing_appreciation (``Dimension.positive``: ways of coming closer, never
  to be called pulling away). "self" is how often the author says they did
  it, "partner" how often they saw their partner do it. Higher means more often.

``Submission.answers`` also holds any open question's text (intimacy version
2): it is the author's alone and never part of ``scores``.

``Submission.definition`` is the instrument it was answered with (titles of the
dimensions: ``definition.dimension(key).title``). ``assessments.scoring.compare``
and its constants hold the thresholds for shared strength / growth area / seen
differently; docs/questionnaires.md explains them.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db.models import OuterRef, Subquery

from assessments.models import Submission


Since = Mapping[int, datetime] | None


def _submissions(user_ids: Iterable[int], keys: list[str], since: Since, until: Since = None):
    rows = Submission.objects.filter(user_id__in=list(user_ids), instrument__in=keys)
    for user_id, after in (since or {}).items():
        rows = rows.exclude(user_id=user_id, submitted_at__lt=after)
    for user_id, before in (until or {}).items():
        rows = rows.exclude(user_id=user_id, submitted_at__gt=before)
    return rows


def latest_submissions(user_ids: Iterable[int], key: str, since: Since = None) -> dict[int, Submission]:
    newest = (
        Submission.objects.filter(user_id=OuterRef("user_id"), instrument=key)
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    rows = _submissions(user_ids, [key], since).filter(pk=Subquery(newest))
    return {s.user_id: s for s in rows.defer("answers")}


def submission_histories(
    user_ids: Iterable[int], keys: Iterable[str], since: Since = None, until: Since = None
) -> dict[str, dict[int, list[Submission]]]:
    keys = list(keys)
    histories: dict[str, dict[int, list[Submission]]] = {key: {} for key in keys}
    for s in _submissions(user_ids, keys, since, until).defer("answers").order_by("submitted_at", "pk"):
        histories[s.instrument].setdefault(s.user_id, []).append(s)
    return histories
