"""The real queue: mail as tasks in the database, sent by the worker in a
process of its own to a real SMTP server on a free local port.

With the mail server down, sign-up, password reset and "e-mail the invite"
answer as usual and leave everything whole; the worker's failures are
logged without addresses or words and retried later; once the server is up,
each mail arrives exactly once. Then the retry schedule, one attempt at a
time in this process."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.mail import RETRY_DELAYS, MailNotSent, send_queued_mail
from accounts.models import User
from tests.conftest import PASSWORD, client_for, make_user
from tests.mailqueue import SmtpSink, free_port, mail_env, start_worker, stop_worker, wait_for
from tests.test_accounts import SIGNUP
from tests.test_invites import start


FIELDS = {"subject": "Hello", "body": "Words", "to": ["someone@example.com"]}


def database_url() -> str:
    """The test database, for the worker's process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def queue(settings, transactional_db, tmp_path):
    """The database backend, as in production: tasks are rows, committed by
    each request, and the worker takes them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    port = free_port()
    log_path = tmp_path / "worker.log"
    worker = start_worker({"DATABASE_URL": database_url(), **mail_env(port)}, log_path)
    sink = SmtpSink(port)
    try:
        yield sink, log_path
    finally:
        stop_worker(worker)
        sink.stop()


def attempts(status: str) -> int:
    return DBTaskResult.objects.filter(status=status).count()


def test_mail_server_down_then_up_each_mail_arrives_once(queue):
    sink, log_path = queue  # not started: the mail server is down
    make_user("Bob")
    lone = make_user("Lone")
    _, _, token = start(client_for(lone))

    signup = Client().post("/accounts/signup/", SIGNUP)
    reset = Client().post("/accounts/password/reset/", {"email": "bob@example.com"})
    invite = client_for(lone).post("/couple/invite/email/", {"token": token, "email": "partner@example.com"})
    assert (signup.status_code, reset.status_code, invite.status_code) == (302, 302, 200)
    assert "We sent the link" in invite.content.decode()

    # The new account is whole: its address recorded, and it logs in.
    sam = User.objects.get(email="sam@example.com")
    assert sam.display_name == "Sam Rivers"
    assert EmailAddress.objects.filter(user=sam, email="sam@example.com", primary=True).exists()
    assert Client().post("/accounts/login/", {"login": "sam@example.com", "password": PASSWORD}).status_code == 302

    # The worker tried each mail once and queued a retry for later.
    wait_for(lambda: attempts("FAILED") == 3, what="three failed attempts")
    retries = DBTaskResult.objects.filter(status="READY")
    assert retries.count() == 3 and all(r.run_after > timezone.now() for r in retries)
    log = log_path.read_text()
    assert log.count("Mail not sent (attempt 1, ConnectionRefusedError): trying again in 0:01:00") == 3
    for private in ("@example.com", "Rekindle:", "invite/", "password/reset/key"):
        assert private not in log

    sink.start()
    retries.update(run_after=timezone.now())  # as if the minute had passed
    wait_for(lambda: attempts("SUCCESSFUL") == 3, what="the retries to be sent")
    assert sink.recipients() == ["bob@example.com", "partner@example.com", "sam@example.com"]
    assert attempts("READY") == attempts("RUNNING") == 0  # nothing more to send, nothing twice


def test_with_the_mail_server_up_a_mail_arrives_at_once(queue):
    sink, _ = queue
    sink.start()
    make_user("Bob")
    assert Client().post("/accounts/password/reset/", {"email": "bob@example.com"}).status_code == 302
    wait_for(lambda: len(sink.messages) == 1, what="the reset mail")
    (mail,) = sink.messages
    assert mail["Subject"] == "Rekindle: Choose a new password"
    assert "/accounts/password/reset/key/" in mail.get_payload()
    assert attempts("SUCCESSFUL") == 1 and DBTaskResult.objects.count() == 1


@pytest.mark.parametrize("attempt, wait", [(1, "0:01:00"), (2, "0:05:00"), (6, "16:00:00")])
def test_each_retry_waits_longer(settings, db, mail_server_down, caplog, attempt, wait):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(MailNotSent):
        send_queued_mail.call(FIELDS, attempt)
    (retry,) = DBTaskResult.objects.all()
    assert retry.args_kwargs["args"] == [FIELDS, attempt + 1]
    assert abs((retry.run_after - timezone.now()) - RETRY_DELAYS[attempt - 1]) < timedelta(seconds=5)
    assert f"Mail not sent (attempt {attempt}, ConnectionRefusedError): trying again in {wait}" in caplog.text


def test_after_a_day_of_retries_the_mail_is_given_up(settings, db, mail_server_down, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(MailNotSent):
        send_queued_mail.call(FIELDS, len(RETRY_DELAYS) + 1)
    assert not DBTaskResult.objects.exists()
    assert f"Mail not sent (attempt {len(RETRY_DELAYS) + 1}, ConnectionRefusedError): giving up" in caplog.text
    assert "someone@example.com" not in caplog.text
