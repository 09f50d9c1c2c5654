"""Solo while waiting: before the partner joins, steps 1-4 and the
questionnaires work for one person, nothing can be shared, and nothing of
theirs reaches the partner who joins later unless they share it then. Step 5
needs the two of them, and says so."""

import pytest

from couples.models import Invite
from steps.models import Hope, Interest, MyPart, Resentment, SharedValue, StepDone
from tests.conftest import HTMX, client_for, make_couple, make_user

SECRET = "otter-secret-words"
SOLO_PAGES = ["/steps/", "/steps/1/", "/steps/2/", "/steps/3/", "/steps/4/"]


@pytest.fixture
def waiting(lone):
    """Lone has started a couple and waits for the partner."""
    return make_couple(lone)


@pytest.mark.parametrize("url", SOLO_PAGES)
def test_the_step_pages_work_while_waiting(lone_client, waiting, url):
    response = lone_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "None" not in page  # no missing partner's name printed
    assert "Share with" not in page


@pytest.mark.parametrize("url", SOLO_PAGES + ["/steps/5/"])
def test_before_any_couple_they_are_still_404(lone_client, url):
    assert lone_client.get(url).status_code == 404


@pytest.mark.parametrize("url", SOLO_PAGES + ["/steps/5/"])
def test_anonymous_is_sent_to_log_in(anon_client, waiting, url):
    response = anon_client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_step_5_says_kindly_that_it_needs_the_partner(lone_client, waiting):
    response = lone_client.get("/steps/5/")
    assert response.status_code == 200
    assert b"opens once your partner has joined you" in response.content
    assert b'href="/couple/invite/"' in response.content


@pytest.mark.parametrize(
    "method, url",
    [("get", "/steps/5/ideas/"), ("post", "/steps/5/ideas/add/"), ("post", "/steps/5/this-week/"), ("post", "/steps/5/done/")],
)
def test_step_5_actions_need_the_partner(lone_client, waiting, method, url):
    assert getattr(lone_client, method)(url, {"text": "Walks"}, headers=HTMX).status_code == 404


def test_writing_steps_1_to_4_alone(lone, lone_client, waiting):
    lone_client.post("/steps/1/interests/", {"text": f"Climbing {SECRET}"})
    lone_client.post("/steps/1/values/", {"values": ["honesty"]})
    lone_client.post("/steps/2/", {"behaviours": ["criticism"], "inward": f"Inward {SECRET}", "outward": ""})
    lone_client.post("/steps/3/resentments/", {"text": f"Old hurt {SECRET}"})
    lone_client.post("/steps/4/", {"hope": "6", "growth": f"Patience {SECRET}"})
    lone_client.post("/steps/1/done/")
    for model in (Interest, SharedValue, MyPart, Resentment, Hope):
        assert model.objects.filter(author=lone, couple=waiting).count() == 1
    assert StepDone.objects.filter(user=lone, step=1).exists()
    assert SECRET in lone_client.get("/steps/3/").content.decode()


def test_nothing_can_be_shared_while_waiting(lone, lone_client, waiting):
    item = Interest.objects.create(author=lone, couple=waiting, text="Climbing")
    assert lone_client.post(f"/steps/share/interest/{item.pk}/", {"shared": "1"}).status_code == 404
    item.refresh_from_db()
    assert not item.shared
    assert b"Once your partner joins, you can choose to share this" in lone_client.get("/steps/1/").content


def test_the_partner_who_joins_sees_nothing_written_while_waiting(lone, lone_client, waiting):
    lone_client.post("/steps/1/interests/", {"text": f"Climbing {SECRET}"})
    lone_client.post("/steps/3/resentments/", {"text": f"Old hurt {SECRET}"})
    lone_client.post("/steps/4/", {"hope": "6", "growth": f"Patience {SECRET}"})
    _, token = Invite.issue(waiting, lone)
    joiner = client_for(make_user("Jonas"))
    joiner.get(f"/invite/{token}/")
    assert joiner.post("/invite/accept/").status_code == 302
    seen = b"".join(joiner.get(url).content for url in SOLO_PAGES + ["/steps/5/", "/"])
    assert SECRET.encode() not in seen
    # Now she may share one, and only that reaches him.
    interest = Interest.objects.get(author=lone)
    assert lone_client.post(f"/steps/share/interest/{interest.pk}/", {"shared": "1"}).status_code == 302
    assert f"Climbing {SECRET}".encode() in joiner.get("/steps/1/").content
    assert b"Old hurt" not in joiner.get("/steps/3/").content


def test_an_outsider_never_sees_a_waiting_persons_items(lone, waiting, carol_client, other_couple):
    item = Interest.objects.create(author=lone, couple=waiting, text=f"Climbing {SECRET}")
    assert carol_client.post(f"/steps/1/interests/{item.pk}/delete/").status_code == 404
    assert SECRET.encode() not in b"".join(carol_client.get(url).content for url in SOLO_PAGES)


def test_questionnaires_work_while_waiting(lone_client, waiting):
    assert lone_client.get("/questionnaires/").status_code == 200
    response = lone_client.post("/questionnaires/intimacy/start/")
    assert response.status_code == 302 and "/questionnaires/drafts/" in response.url


def test_the_invite_page_says_what_can_be_done_meanwhile(lone_client, waiting):
    page = lone_client.get("/couple/invite/").content.decode()
    assert "While you wait" in page
    assert 'href="/steps/"' in page and 'href="/questionnaires/"' in page
