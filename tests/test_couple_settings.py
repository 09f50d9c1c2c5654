"""/couple/settings/: the couple's time zone and check-in day, shared by both partners."""

from couples.models import Couple
from tests.conftest import make_couple


def test_partner_sees_the_current_settings(alice_client, couple):
    response = alice_client.get("/couple/settings/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Your week and reminder day</h1>" in page
    assert '<option value="UTC" selected>' in page
    assert '<option value="6" selected>Sunday</option>' in page


def test_either_partner_can_change_them(alice_client, bob_client, couple):
    response = alice_client.post("/couple/settings/", {"time_zone": "Europe/Lisbon", "checkin_day": "4"})
    assert response.status_code == 302 and response.url == "/couple/settings/"
    couple.refresh_from_db()
    assert (couple.time_zone, couple.checkin_day) == ("Europe/Lisbon", 4)
    bob_client.post("/couple/settings/", {"time_zone": "America/Sao_Paulo", "checkin_day": "0"})
    couple.refresh_from_db()
    assert (couple.time_zone, couple.checkin_day) == ("America/Sao_Paulo", 0)
    page = bob_client.get("/couple/settings/").content.decode()
    assert "Your week now follows America/Sao Paulo time, and reminders go out on Monday." in page


def test_partner_still_waiting_for_the_other_can_change_them(lone, lone_client):
    couple = make_couple(lone)
    assert lone_client.post("/couple/settings/", {"time_zone": "Asia/Tokyo", "checkin_day": "3"}).status_code == 302
    couple.refresh_from_db()
    assert couple.time_zone == "Asia/Tokyo"


def test_anonymous_is_sent_to_log_in(anon_client):
    response = anon_client.get("/couple/settings/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/couple/settings/"


def test_user_without_a_couple_gets_404(lone_client):
    assert lone_client.get("/couple/settings/").status_code == 404
    assert lone_client.post("/couple/settings/", {"time_zone": "UTC", "checkin_day": "1"}).status_code == 404


def test_outsider_changes_only_their_own_couple(carol_client, couple, other_couple):
    page = carol_client.get("/couple/settings/").content.decode()
    assert "you and Dan can both change them" in page
    carol_client.post("/couple/settings/", {"time_zone": "Asia/Tokyo", "checkin_day": "2"})
    couple.refresh_from_db()
    other_couple.refresh_from_db()
    assert (couple.time_zone, couple.checkin_day) == ("UTC", 6)
    assert (other_couple.time_zone, other_couple.checkin_day) == ("Asia/Tokyo", 2)


def test_wrong_method_is_refused(alice_client, couple):
    assert alice_client.put("/couple/settings/").status_code == 405


def test_bad_values_get_a_clear_message_and_nothing_is_stored(alice_client, couple):
    response = alice_client.post("/couple/settings/", {"time_zone": "Mars/Olympus", "checkin_day": "9"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please choose a time zone from the list." in page
    assert "Please choose a day of the week." in page
    assert Couple.objects.get(pk=couple.pk).time_zone == "UTC"
