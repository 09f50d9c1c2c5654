"""Every e-mail Rekindle sends goes through here. The message is rendered
where it is asked for (a request, the reminder run), put on the task queue
once the transaction commits, and sent by the worker (`manage.py db_worker`):
no request waits on SMTP, a mail server that is down delays mail instead of
breaking a page, and nothing is sent for work that was rolled back.

Logs name the task and the attempt, never the address or the words."""

import logging
from datetime import timedelta
from functools import partial

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

log = logging.getLogger(__name__)

# How long to wait before each retry: about a day in all, then the mail is dropped.
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=16),
]


class MailNotSent(Exception):
    """Stands in for the mail server's error, whose text can name an address."""


def queue_mail(subject: str, body: str, to: list[str], *, from_email: str | None = None) -> None:
    queue_message(EmailMessage(subject, body, from_email, to))


def queue_message(message: EmailMessage) -> None:
    """Send `message` from the worker once the current transaction commits."""
    fields = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [list(alternative) for alternative in getattr(message, "alternatives", [])],
    }
    transaction.on_commit(partial(send_queued_mail.enqueue, fields))


@task()
def send_queued_mail(fields: dict, attempt: int = 1) -> None:
    try:
        EmailMultiAlternatives(**fields).send()
    except Exception as error:
        reason = type(error).__name__
        # The immediate backend (the tests' default) cannot wait: there a failure is final.
        if attempt <= len(RETRY_DELAYS) and send_queued_mail.get_backend().supports_defer:
            delay = RETRY_DELAYS[attempt - 1]
            send_queued_mail.using(run_after=timezone.now() + delay).enqueue(fields, attempt + 1)
            log.warning("Mail not sent (attempt %d, %s): trying again in %s", attempt, reason, delay)
        else:
            log.error("Mail not sent (attempt %d, %s): giving up", attempt, reason)
        raise MailNotSent(f"attempt {attempt}: {reason}") from None
