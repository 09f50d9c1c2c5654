def test_profile_shows_my_settings(alice_client):
    response = alice_client.get("/profile/")
    assert response.status_code == 200
    assert b'value="Alice"' in response.content


def test_profile_saves(alice, alice_client):
    response = alice_client.post(
        "/profile/", {"display_name": "Ali", "time_zone": "America/Chicago", "checkin_reminders": ""}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone, alice.checkin_reminders) == ("Ali", "America/Chicago", False)


def test_bad_values_get_messages_and_store_nothing(alice, alice_client):
    response = alice_client.post("/profile/", {"display_name": "", "time_zone": "Nowhere/City"})
    assert response.status_code == 400
    assert b"Please enter the name your partner knows you by." in response.content
    assert b"Select a valid choice" in response.content
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_profile_is_only_ever_my_own(bob_client, couple):
    content = bob_client.get("/profile/").content
    assert b"alice@example.com" not in content


def test_anonymous_is_sent_to_log_in(anon_client):
    assert anon_client.get("/profile/").url.startswith("/accounts/login/")


def test_wrong_method(alice_client):
    assert alice_client.put("/profile/").status_code == 405
