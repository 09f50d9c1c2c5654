"""Steps 1-4 are private to their author unless one item is shared."""

import pytest

from couples.weeks import current_week
from dashboard.panels import PANELS
from steps.models import Hope, Interest, MyPart, Resentment, SharedValue, WeeklyAction
from tests.conftest import HTMX

SECRET = "zebra-secret-words"


@pytest.fixture
def alice_items(alice, couple):
    return {
        "interest": Interest.objects.create(author=alice, couple=couple, text=f"Interest {SECRET}"),
        "value": SharedValue.objects.create(author=alice, couple=couple, key="honesty"),
        "part": MyPart.objects.create(author=alice, couple=couple, behaviours=["criticism"], inward=f"Inward {SECRET}"),
        "resentment": Resentment.objects.create(author=alice, couple=couple, text=f"Resentment {SECRET}"),
        "hope": Hope.objects.create(author=alice, couple=couple, hope=3, growth=f"Growth {SECRET}"),
        "action": WeeklyAction.objects.create(user=alice, couple=couple, week_start=current_week(couple), text=f"Action {SECRET}"),
    }


# Every page and fragment a partner can open, the dashboard's panels (as htmx asks for them) and the export.
PAGES = ["/steps/", "/steps/1/", "/steps/2/", "/steps/3/", "/steps/4/", "/steps/5/", "/steps/5/ideas/", "/"]
PAGES += [f"/dashboard/panel/{name}/" for name in PANELS] + ["/profile/export/"]


def everything(client) -> bytes:
    return b"".join(client.get(page, headers=HTMX).content for page in PAGES)


def test_private_items_never_reach_the_partner(alice_items, alice_client, bob_client, carol_client, other_couple):
    assert SECRET.encode() in everything(alice_client)
    for client in (bob_client, carol_client):
        for page in PAGES:
            response = client.get(page, headers=HTMX)
            assert response.status_code == 200, page
            assert SECRET.encode() not in response.content, page
    assert b"Big things Alice believes you share" not in bob_client.get("/steps/1/").content


def test_what_alice_shares_is_in_no_fragment_or_export_of_bobs(alice_items, alice_client, bob_client):
    """Shared items show on the step pages and in "This week"'s list of what
    Alice shared (issue 13), in no panel fragment, and Bob's export holds
    only what Bob wrote."""
    for kind in ("interest", "part", "resentment", "hope"):
        alice_client.post(f"/steps/share/{kind}/{alice_items[kind].pk}/", {"shared": "1"})
    assert SECRET.encode() in bob_client.get("/steps/4/").content
    export = bob_client.get("/profile/export/")
    assert export["Content-Type"].startswith("application/json")
    assert SECRET.encode() not in export.content
    assert SECRET.encode() in bob_client.get("/").content
    for page in ["/together/", "/progress/", *(f"/dashboard/panel/{name}/" for name in PANELS)]:
        assert SECRET.encode() not in bob_client.get(page, headers=HTMX).content, page
    assert SECRET.encode() in alice_client.get("/profile/export/").content


@pytest.mark.parametrize("kind,page", [("interest", "/steps/1/"), ("part", "/steps/2/"), ("resentment", "/steps/3/"), ("hope", "/steps/4/")])
def test_shared_items_appear_and_unsharing_hides_them(alice_items, alice_client, bob_client, kind, page):
    item = alice_items[kind]
    response = alice_client.post(f"/steps/share/{kind}/{item.pk}/", {"shared": "1"})
    assert response.status_code == 302
    assert SECRET.encode() in bob_client.get(page).content
    alice_client.post(f"/steps/share/{kind}/{item.pk}/", {"shared": "0"})
    assert SECRET.encode() not in bob_client.get(page).content


def test_shared_value(alice_items, alice_client, bob_client):
    alice_client.post(f"/steps/share/value/{alice_items['value'].pk}/", {"shared": "1"})
    assert b"Big things Alice believes you share" in bob_client.get("/steps/1/").content


@pytest.mark.parametrize("kind", ["interest", "value", "part", "resentment", "hope"])
def test_nobody_else_can_touch_my_items(alice_items, bob_client, carol_client, kind):
    item = alice_items[kind]
    for client in (bob_client, carol_client):
        assert client.post(f"/steps/share/{kind}/{item.pk}/", {"shared": "1"}).status_code == 404
    item.refresh_from_db()
    assert item.shared is False


def test_partner_cannot_edit_or_delete_my_items(alice_items, bob_client, carol_client):
    interest, resentment = alice_items["interest"], alice_items["resentment"]
    for client in (bob_client, carol_client):
        assert client.post(f"/steps/1/interests/{interest.pk}/sort/", {"kind": "distance"}).status_code == 404
        assert client.post(f"/steps/1/interests/{interest.pk}/delete/").status_code == 404
        assert client.post(f"/steps/3/resentments/{resentment.pk}/delete/").status_code == 404
    assert Interest.objects.filter(pk=interest.pk, kind="").exists()
    assert Resentment.objects.filter(pk=resentment.pk).exists()


def test_unknown_kind(alice_client, couple):
    assert alice_client.post("/steps/share/secret/1/", {"shared": "1"}).status_code == 404


def test_anonymous_cannot_share(anon_client, alice_items):
    response = anon_client.post(f"/steps/share/interest/{alice_items['interest'].pk}/", {"shared": "1"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
