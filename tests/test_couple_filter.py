"""Every query on couple data names its couple (docs/scaling.md, "Distributing
by couple").

The couple tables could then be distributed by couple with an existing engine
(Citus): a query that names one couple goes to one shard. Every page,
fragment and main form a partner reaches is requested (the access walker's
URLs, GET with and without htmx, each dashboard panel, and the main POSTs
with valid data), every SQL statement is captured, and each one touching a
couple table must constrain that table's couple.

The rule, kept simple enough to read off Django's SQL:
- a SELECT, UPDATE or DELETE constrains a couple table (or its alias) when
  the statement has `<table>."couple_id" = <value>` or `IN (<values>)`
  (`"couples_couple"."id"` for the couple itself), or equates that column
  with the couple column of another table that is itself constrained (a
  join `ON (a."couple_id" = b."couple_id")`, or a correlated subquery);
- an INSERT into a couple table names `"couple_id"` among its columns.
What cannot name one couple by design (finding which couple I am in, an
invite opened by its token, the archive and account deletion, which read a
person's rows across their couples) is allow-listed below, with why.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from couples import weeks
from couples.models import CheckIn, Membership
from dashboard.panels import PANELS
from steps.models import Interest
from tests.checkins import form_data
from tests.conftest import HTMX, client_for
from tests.test_access_control import ACCESS, OUR_NAMES
from tests.test_safety_identity import SUNDAY
from tests.test_safety_identity import world  # noqa: F401  (the fixture: Alice, Bob, their history)

# Distributed by couple (docs/scaling.md): the table and its couple column.
COUPLE_TABLES = {
    "couples_couple": "id",
    "couples_membership": "couple_id",
    "couples_invite": "couple_id",
    "couples_checkin": "couple_id",
    "couples_remindersent": "couple_id",
    "steps_stepdone": "couple_id",
    "steps_interest": "couple_id",
    "steps_sharedvalue": "couple_id",
    "steps_mypart": "couple_id",
    "steps_resentment": "couple_id",
    "steps_hope": "couple_id",
    "steps_connectionidea": "couple_id",
    "steps_weeklyaction": "couple_id",
    "steps_extraweek": "couple_id",
    "talk_weeklycard": "couple_id",
    "talk_talkedabout": "couple_id",
    "notices_reply": "couple_id",
}

TABLE = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"(\w+)"(?:\s+(?:AS\s+)?"?([A-Z]\d+)\b"?)?')
TABLE_NAMES = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"')
COLUMN = r'((?:"\w+"|[A-Z]\d+)\."\w+")'
VALUE = r"(?:-?\d+|'[^']*'|%s)"
EQUALS_VALUE = re.compile(rf"{COLUMN}\s*=\s*{VALUE}(?![\w.])")
IN_VALUES = re.compile(rf"{COLUMN}\s+IN\s+\(\s*{VALUE}(?:\s*,\s*{VALUE})*\s*\)")
EQUALS_COLUMN = re.compile(rf"{COLUMN}\s*=\s*\(?{COLUMN}\)?")


def unscoped(sql: str) -> list[str]:
    """The couple tables this statement reads or writes without naming their couple."""
    sql = re.sub(r'"([A-Z]\d+)"', r"\1", sql)  # "U0"."couple_id" -> U0."couple_id"
    verb = sql.lstrip().split(None, 1)[0].upper()
    if verb not in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}:
        return []
    # Each couple table of the statement under the name its columns use: its
    # alias (U0, T3) or, without one, the quoted table name.
    keys = {}
    for table, alias in TABLE.findall(sql):
        if table in COUPLE_TABLES:
            name = alias or f'"{table}"'
            keys[name] = (table, f'{name}."{COUPLE_TABLES[table]}"')
    if not keys:
        return []
    if verb == "INSERT":
        table, columns = re.search(r'INSERT\b.*?\bINTO "(\w+)"\s*\(([^)]*)\)', sql).groups()
        if table in COUPLE_TABLES and (table == "couples_couple" or '"couple_id"' in columns):
            keys.pop(f'"{table}"', None)
    scoped = {m.group(1) for m in EQUALS_VALUE.finditer(sql)} | {m.group(1) for m in IN_VALUES.finditer(sql)}
    links = [(m.group(1), m.group(2)) for m in EQUALS_COLUMN.finditer(sql)]
    couple_columns = {column for _, column in keys.values()}
    grew = True
    while grew:  # a join or a correlated subquery carries the constraint across
        grew = False
        for a, b in links:
            if a in couple_columns and b in couple_columns and (a in scoped) != (b in scoped):
                scoped |= {a, b}
                grew = True
    return sorted({table for table, column in keys.values() if column not in scoped})


# Statements that cannot name one couple, by design: (a piece of the SQL, why).
ALLOWED = [
    # couples.access.pair_for: the routing lookup itself, once per request.
    ('AS "earlier_couple_ended"', "which couple I am in is found by my user id (pair_for): the one routing query"),
    # couples.views: an invite link knows only its token.
    ('WHERE "couples_invite"."token_hash" = ', "an invite is found by the hash of its token, which is all the link has"),
    ('WHERE "couples_couple"."id" IS NULL', "accepting with no invite pending looks up no couple at all"),
]


# Pages that read a person's own rows across all the couples they were in,
# by their user id, per person by design (docs/privacy.md, the archive and
# the export): in a distributed database they are rare multi-shard reads.
PER_PERSON = {
    "/profile/export/": "the export holds what I wrote in every couple",
    "/profile/archive/": "the archive lists my ended couples and my rows in them",
    "/profile/archive/delete/": "deleting the archive removes my rows in my ended couples",
    "/profile/delete/": "deleting my account removes my rows in every couple",
}


def allowed(sql: str) -> bool:
    return any(piece in sql for piece, _ in ALLOWED)


BY_KEY = re.compile(r'^(?:UPDATE "(\w+)" SET .* WHERE "\w+"\."id" = -?\d+|DELETE FROM "(\w+)" WHERE "\w+"\."id" IN \([\d, ]+\))$')


def problems(captured, where: str) -> list[str]:
    """Each statement of one request that touches a couple table without its couple.

    Django writes a row it has read by its primary key alone (`save()`,
    `update_or_create`, the delete collector): such a write counts when an
    earlier statement of the same request read that table in its couple,
    which is where the row came from (docs/scaling.md says what Citus makes
    of it)."""
    if where.split()[1:2] and where.split()[1] in PER_PERSON:
        return []
    found, read_in_couple = [], set()
    for query in captured:
        sql = query["sql"]
        tables = unscoped(sql)
        if BY_KEY.match(sql.strip()) and set(tables) <= read_in_couple:
            continue
        if tables and not allowed(sql):
            found.append(f"{where}: {', '.join(tables)} without its couple:\n    {sql}")
        read_in_couple |= (set(TABLE_NAMES.findall(sql)) & set(COUPLE_TABLES)) - set(tables)
    return found


def main_posts(world):
    """The forms a partner sends most, filled in as they would be: (url, data)."""
    week = weeks.current_week(world["couple"])
    interest, resentment, idea = world["interest"], world["resentment"], world["idea"]
    alices = Interest.objects.create(author=world["alice"], couple=world["couple"], text="Cooking", shared=True)
    return [
        (f"/replies/interest/{alices.pk}/", {"response": "thanks"}),
        ("/checkin/", form_data(world["couple"], appreciation_note="Thank you")),
        ("/checkin/", form_data(world["couple"], closeness="8")),  # the same week again: an update
        ("/steps/1/interests/", {"text": "Climbing"}),
        (f"/steps/1/interests/{interest}/sort/", {"kind": "difference"}),
        (f"/steps/share/interest/{interest}/", {"shared": "1"}),
        ("/steps/1/values/", {"values": ["kindness", "honesty"]}),
        ("/steps/3/resentments/", {"text": "The dishes"}),
        (f"/steps/3/resentments/{resentment}/", {"source": "us", "plan": "let_go"}),
        ("/steps/4/", {"hope": "6", "growth": "Listen to the end"}),
        ("/steps/5/ideas/add/", {"text": "A walk on Sunday"}),
        (f"/steps/5/ideas/{idea}/", {"text": "A long walk"}),
        ("/steps/5/this-week/", {"idea": str(idea)}),
        ("/steps/1/done/", {}),
        ("/talk/done/", {"idea": str(idea)}),
        ("/couple/settings/", {"time_zone": "Europe/Berlin", "checkin_day": "5"}),
        ("/steps/another-week/", {"moved_from": (week + timedelta(weeks=1)).isoformat(), "back": "/steps/"}),
        (f"/steps/1/interests/{interest}/delete/", {}),
        (f"/steps/3/resentments/{resentment}/delete/", {}),
        (f"/steps/5/ideas/{idea}/delete/", {}),
        ("/profile/pause/", {"paused": "1"}),
        ("/profile/pause/", {"paused": "0"}),
    ]


def walk(world):
    """(where, client call) for everything Bob reaches."""
    bob = world["bob"]
    # The forms filled in first: the walk below posts empty forms, and a
    # delete needs no fields.
    for url, data in main_posts(world):
        yield f"POST {url} {data}", lambda u=url, d=data: client_for(bob).post(u, d)
    for name in OUR_NAMES:
        method, kwargs, _ = ACCESS[name]
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        for headers in ({}, HTMX):
            yield f"{method.upper()} {url} {headers or ''}", lambda m=method, u=url, h=headers: getattr(
                client_for(bob), m
            )(u, headers=h)
    for panel in PANELS:
        yield f"panel {panel}", lambda p=panel: client_for(bob).get(f"/dashboard/panel/{p}/", headers=HTMX)


def test_every_query_a_partner_sets_off_names_the_couple(world):  # noqa: F811
    found = []
    with time_machine.travel(SUNDAY, tick=False):
        for where, call in walk(world):
            with CaptureQueriesContext(connection) as captured:
                response = call()
            assert response.status_code < 500, where
            found += problems(captured.captured_queries, where)
    assert not found, "\n".join(found)



def test_the_walk_sends_the_main_forms_filled_in(world):
    """The main POSTs are accepted (a redirect), so their writes are in the walk."""
    with time_machine.travel(SUNDAY, tick=False):
        for url, data in main_posts(world):
            response = client_for(world["bob"]).post(url, data)
            assert response.status_code == 302, (url, response.status_code)


def _unscoped_queries(world):
    bob, couple = world["bob"], world["couple"]
    return {
        "check-ins by user": lambda: list(CheckIn.objects.filter(user=bob)),
        "check-ins by week": lambda: CheckIn.objects.filter(week_start=weeks.current_week(couple)).exists(),
        "an item by its id": lambda: Interest.objects.filter(pk=world["interest"]).first(),
        "an update by author": lambda: Interest.objects.filter(author=bob).update(shared=False),
        "a delete by user": lambda: CheckIn.objects.filter(user=bob, week_start=weeks.current_week(couple)).delete(),
        "another couple's rows by a subquery": lambda: list(
            CheckIn.objects.filter(couple__in=Membership.objects.filter(user=bob).values("couple_id"))
        ),
    }


@pytest.mark.parametrize("case", sorted(_unscoped_queries({"bob": None, "couple": None, "interest": None})))
def test_a_query_without_its_couple_is_caught(world, case):
    with CaptureQueriesContext(connection) as captured:
        _unscoped_queries(world)[case]()
    assert problems(captured.captured_queries, case), "the check let an unscoped query through"


def test_the_same_queries_with_the_couple_pass(world):
    bob, couple = world["bob"], world["couple"]
    with CaptureQueriesContext(connection) as captured:
        list(CheckIn.objects.filter(couple=couple, user=bob))
        Interest.objects.filter(couple=couple, pk=world["interest"]).first()
        Interest.objects.filter(couple=couple, author=bob).update(shared=False)
        list(CheckIn.objects.filter(couple__in=[couple.pk]).select_related("couple"))
        CheckIn.objects.create(couple=couple, user=bob, week_start=weeks.current_week(couple), closeness=5, appreciated=3, pulled_away=0)
    assert problems(captured.captured_queries, "scoped") == []


def test_every_table_with_a_couple_is_a_couple_table():
    """A new model with a couple joins COUPLE_TABLES (and docs/scaling.md)."""
    with_couple = {m._meta.db_table for m in apps.get_models() if "couple" in {f.name for f in m._meta.concrete_fields}}
    assert with_couple | {"couples_couple"} == set(COUPLE_TABLES)
