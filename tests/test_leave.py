from couples.access import pair_for
from couples.models import Couple, Invite


def test_confirmation_page(alice_client, couple):
    response = alice_client.get("/couple/leave/")
    assert response.status_code == 200
    assert b"ends the couple for you and Bob" in response.content


def test_leaving_ends_the_couple_for_both(alice, bob, alice_client, bob_client, couple, mailoutbox):
    assert alice_client.post("/couple/leave/").status_code == 302
    assert [m.to for m in mailoutbox] == [["bob@example.com"]]
    assert "has ended" in mailoutbox[0].body and "Alice" not in mailoutbox[0].body
    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert pair_for(alice) is None and pair_for(bob) is None
    content = bob_client.get("/").content
    assert b"Make my invite link" in content
    assert b"Alice" not in content


def test_leaving_a_half_couple_revokes_the_invite(lone, lone_client):
    lone_client.post("/couple/start/")
    assert lone_client.post("/couple/leave/").status_code == 302
    assert not Invite.objects.usable().exists()


def test_each_can_start_again(alice_client, couple):
    alice_client.post("/couple/leave/")
    assert alice_client.post("/couple/start/").status_code == 200
    assert Couple.objects.filter(ended_at=None).count() == 1


def test_outsider_and_unpaired_get_404(lone_client, carol_client, couple, other_couple):
    assert lone_client.get("/couple/leave/").status_code == 404
    carol_client.post("/couple/leave/")
    couple.refresh_from_db()
    assert couple.ended_at is None


def test_anonymous(anon_client):
    assert anon_client.post("/couple/leave/").url.startswith("/accounts/login/")


def test_wrong_method(alice_client, couple):
    assert alice_client.put("/couple/leave/").status_code == 405
