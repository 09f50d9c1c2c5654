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
