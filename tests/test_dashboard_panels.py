"""/dashboard/panel/<name>/: each dashboard panel as an htmx fragment, under
the same access and reveal rules as the page."""

import pytest

from couples import weeks
from tests import dashboards
from tests.checkins import make_checkin
from tests.conftest import HTMX
from tests.dashboards import SENTINELS, intimacy, shows_score

PANELS = ["status", "intimacy", "distancing", "progress", "this-week", "glance", "next"]



def url(name: str) -> str:
    return f"/dashboard/panel/{name}/"


def fragment(client, name: str):
    """The panel as the dashboard's htmx asks for it."""
    return client.get(url(name), headers=HTMX)


@pytest.mark.parametrize("name", PANELS)
def test_partner_gets_the_fragment_alone(alice_client, couple, name):
    response = fragment(alice_client, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and "<h1" not in page
    assert page.strip().startswith("<section")


@pytest.mark.parametrize("name", PANELS)
def test_user_without_a_complete_couple_gets_404(lone_client, alice, name):
    from tests.conftest import client_for, make_couple

    assert fragment(lone_client, name).status_code == 404
    make_couple(alice)  # a couple still waiting for its second partner
    assert fragment(client_for(alice), name).status_code == 404


@pytest.mark.parametrize("name", PANELS)
def test_outsider_sees_only_their_own_couple(carol_client, alice, bob, couple, other_couple, name):
    intimacy(alice, SENTINELS)
    intimacy(bob, SENTINELS)
    make_checkin(couple, alice, weeks.current_week(couple), appreciation_note="ALICE-NOTE")
    response = fragment(carol_client, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alice" not in page and "Bob" not in page and "ALICE-NOTE" not in page
    assert not any(shows_score(page, v) for v in SENTINELS)


@pytest.mark.parametrize("name", PANELS)
def test_anonymous_is_sent_to_log_in(anon_client, name):
    response = fragment(anon_client, name)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url(name)}"


@pytest.mark.parametrize("name, page_url, anchor", [
    ("status", "/together/", "panel-status"), ("intimacy", "/together/", "panel-intimacy"),
    ("distancing", "/together/", "panel-distancing"), ("progress", "/progress/", "panel-progress"),
    ("this-week", "/", "checkin-form"), ("glance", "/", "panel-glance"),
])
def test_opened_without_htmx_it_is_shown_in_its_page(alice_client, couple, name, page_url, anchor):
    """A bookmarked or copied panel address: the whole page the panel lives
    on, never a bare fragment without the page around it ("Leave quickly"
    included). The comparison panels moved to /together/, the chart to
    /progress/ (issue 13: "This week" as the home page)."""
    response = alice_client.get(url(name))
    assert response.status_code == 302 and response.url == f"{page_url}#{anchor}"
    page = alice_client.get(page_url).content.decode()
    assert f'id="{anchor}"' in page and "Leave quickly" in page


@pytest.mark.parametrize("name", PANELS)
def test_without_htmx_the_access_rules_are_the_same(anon_client, lone_client, alice, name):
    from tests.conftest import client_for, make_couple

    assert anon_client.get(url(name)).url == f"/accounts/login/?next={url(name)}"
    assert lone_client.get(url(name)).status_code == 404
    make_couple(alice)  # still waiting for the second partner
    assert client_for(alice).get(url(name)).status_code == 404


@pytest.mark.parametrize("name", PANELS)
def test_wrong_method_is_refused(alice_client, couple, name):
    assert alice_client.post(url(name)).status_code == 405


def test_unknown_panel_is_404(alice_client, couple):
    assert fragment(alice_client, "answers").status_code == 404
    assert alice_client.get(url("answers")).status_code == 404


@pytest.mark.parametrize("name", ["status", "intimacy", "distancing", "progress"])
@pytest.mark.parametrize("author, reader", [("alice", "bob"), ("bob", "alice")])
def test_fragments_keep_scores_private_until_both_submitted(request, couple, name, author, reader):
    writer = request.getfixturevalue(author)
    later = [s + 1 for s in SENTINELS]
    intimacy(writer, SENTINELS, days_ago=30)
    intimacy(writer, later)
    dashboards.distancing(writer, 100, 100)
    page = fragment(request.getfixturevalue(f"{reader}_client"), name).content.decode()
    assert not any(shows_score(page, v) for v in SENTINELS + later)
    assert "ery often" not in page
    own = fragment(request.getfixturevalue(f"{author}_client"), name).content.decode()
    if name == "intimacy":  # the author sees their own latest in bands, the numbers on their results page
        assert "your results page" in own and not any(shows_score(own, v) for v in later)


def test_status_fragment_follows_a_new_checkin(alice_client, bob, couple):
    assert "Not yet" in fragment(alice_client, "status").content.decode()
    make_checkin(couple, bob, weeks.current_week(couple))
    page = fragment(alice_client, "status").content.decode()
    assert page.count("Done") == 1


def test_private_notes_never_appear_in_fragments(alice_client, bob_client, alice, bob, couple):
    week = weeks.current_week(couple)
    make_checkin(couple, alice, week, private_note="ALICE-PRIVATE")
    make_checkin(couple, bob, week, private_note="BOB-PRIVATE", appreciation_note="BOB-SHARED")
    for name in PANELS:
        assert "BOB-PRIVATE" not in fragment(alice_client, name).content.decode()
        assert "ALICE-PRIVATE" not in fragment(bob_client, name).content.decode()
    assert "BOB-SHARED" in fragment(alice_client, "this-week").content.decode()  # both checked in: revealed


# intimacy and distancing: +1, my unfinished drafts ("Carry on (n of N)" in place of "Answer").
# glance: session, user, pair, the streak's dates, this week's two.
# next: session, user, pair, both histories, my drafts (no questionnaire sent yet: "Answer ...").
@pytest.mark.parametrize("name, queries", [("status", 9), ("intimacy", 5), ("distancing", 5), ("progress", 5), ("this-week", 6), ("glance", 6), ("next", 5)])
def test_each_fragment_runs_only_its_own_queries(alice_client, couple, name, queries, django_assert_num_queries):
    with django_assert_num_queries(queries):
        fragment(alice_client, name)
