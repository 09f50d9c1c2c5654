"""The real path of a notice: Alice shares something, the request commits, the
mail is a task row, and the worker in a process of its own hands it to a real
SMTP server, once, with nothing of what was shared (as tests/test_mail_queue.py)."""

from steps.models import Interest
from tests.conftest import client_for, make_couple, make_user
from tests.mailqueue import wait_for
from tests.test_mail_queue import attempts, queue  # noqa: F401  (the fixture)


def test_a_shared_item_reaches_the_partner_as_one_neutral_mail(queue):  # noqa: F811
    sink, _ = queue
    sink.start()
    alice, bob = make_user("Alice"), make_user("Bob")
    couple = make_couple(alice, bob)
    item = Interest.objects.create(author=alice, couple=couple, text="SECRET-CLIMBING")
    for _ in range(2):  # a double click, and a second share the same day: one mail
        assert client_for(alice).post(f"/steps/share/interest/{item.pk}/", {"shared": "1"}).status_code == 302
    wait_for(lambda: len(sink.messages) == 1, what="the notice")
    (mail,) = sink.messages
    assert mail["Subject"] == "Something new on Rekindle"
    assert sink.recipients() == ["bob@example.com"]
    assert "SECRET" not in mail.get_payload() and "Alice" not in mail.get_payload()
    assert attempts("SUCCESSFUL") == 1
