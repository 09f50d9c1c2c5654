"""Where notices start and replies end: signals from the apps below, which
import nothing of this one."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from assessments.models import SafetyCheck
from assessments.signals import cleared
from couples import sharing
from couples.access import Pair, pair_for
from couples.models import CheckIn
from notices import mail
from notices.models import NoticeOptOut, Reply
from notices.replies import STEP_KINDS


def _partners_view(author) -> Pair | None:
    """The author's couple as their partner sees it, or None without one."""
    pair = pair_for(author)
    if pair is None or not pair.is_complete:
        return None
    return Pair(couple=pair.couple, me=pair.partner, partner=author, answers_since=pair.answers_since)


@receiver(cleared, sender=SafetyCheck)
def questionnaires_may_reach_partner(sender, user, before, **kwargs):
    pair = _partners_view(user)
    if pair is not None and (kind := mail.questionnaires_reached(pair, before)):
        mail.send(pair.me, kind)


def _shared_or_unshared(sender, instance, update_fields=None, **kwargs):
    if not update_fields or "shared" not in update_fields:
        return  # only the share button saves `shared`; editing an item is no news
    if instance.shared:
        if not sharing.paused(instance.author):
            pair = _partners_view(instance.author)
            if pair is not None and pair.couple.pk == instance.couple_id:
                mail.send(pair.me, NoticeOptOut.SHARED)
    else:
        _replies_go(sender, instance)


def _replies_go(sender, instance, **kwargs):
    kind = next(k for k, model in STEP_KINDS.items() if model is sender)
    Reply.objects.filter(couple_id=instance.couple_id, kind=kind, item_id=instance.pk).delete()


for model in STEP_KINDS.values():
    post_save.connect(_shared_or_unshared, sender=model, dispatch_uid=f"notices-shared-{model.__name__}")
    post_delete.connect(_replies_go, sender=model, dispatch_uid=f"notices-deleted-{model.__name__}")


@receiver(post_delete, sender=CheckIn)
def _note_replies_go(sender, instance, **kwargs):
    Reply.objects.filter(couple_id=instance.couple_id, kind="note", item_id=instance.week_start.toordinal()).exclude(
        replier_id=instance.user_id
    ).delete()
