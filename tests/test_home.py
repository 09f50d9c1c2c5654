import pytest

from tests.conftest import make_couple


def test_anonymous_sees_welcome(anon_client):
    response = anon_client.get("/")
    assert response.status_code == 200
    assert b"Create an account" in response.content


def test_unpaired_user_is_asked_to_invite(lone_client):
    response = lone_client.get("/")
    assert response.status_code == 200
    assert b"Make my invite link" in response.content


def test_partner_home_names_the_partner(alice_client, bob_client, couple):
    assert b"You and Bob" in alice_client.get("/").content
    assert b"You and Alice" in bob_client.get("/").content


def test_outsider_home_shows_only_their_own_couple(carol_client, couple, other_couple):
    content = carol_client.get("/").content
    assert b"You and Dan" in content
    assert b"Alice" not in content and b"Bob" not in content


def test_post_is_refused(alice_client, couple):
    assert alice_client.post("/").status_code == 405


def nav(client, path: str) -> str:
    """The top menu's links on a page."""
    page = client.get(path, follow=True).content.decode()
    return page[page.index('<nav aria-label="Main">') : page.index("</nav>")]


@pytest.mark.parametrize("path", ["/", "/questionnaires/", "/profile/", "/help/"])
def test_the_menu_offers_the_steps_in_a_couple_and_the_checkin_with_a_partner(lone, lone_client, alice_client, couple, path):
    paired = nav(alice_client, path)
    assert 'href="/steps/"' in paired and 'href="/checkin/"' in paired
    # Before starting a couple, neither works yet. While waiting for the
    # partner, steps 1-4 do (solo while waiting); the check-in needs both.
    menu = nav(lone_client, path)
    assert 'href="/questionnaires/"' in menu
    assert 'href="/steps/"' not in menu and 'href="/checkin/"' not in menu
    make_couple(lone)
    menu = nav(lone_client, path)
    assert 'href="/steps/"' in menu and 'href="/checkin/"' not in menu


def test_the_menu_follows_the_partner_leaving(alice_client, bob_client, couple):
    bob_client.post("/couple/leave/")
    menu = nav(alice_client, "/questionnaires/")
    assert 'href="/steps/"' not in menu and 'href="/checkin/"' not in menu
