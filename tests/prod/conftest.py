"""The production path, started once for the tests in this folder
(`make prod-check` and `make faults` run them; the default run skips them).

`production`: collectstatic into a temporary directory, migrate a PostgreSQL
database (PROD_CHECK_DATABASE_URL, created if missing), gunicorn with DEBUG
off and gunicorn.conf.py on a free loopback port; tests talk to it through
`tools.client.Browser`, as a browser behind a TLS proxy would, and may read
the database at `production.env["DATABASE_URL"]`. Whatever else a deploy
runs beside gunicorn (a worker, a scheduler) is started with
`production.start(name, *manage_args)` and stopped with it.
"""

import os
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest

from tools.client import Browser
from tools.server import Gunicorn, Process, create_database, prepare, production_env

DATABASE_URL = os.environ.get("PROD_CHECK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rekindle_prodcheck")


class Production:
    def __init__(self, env: dict[str, str], tmp: Path, stack: ExitStack):
        self.env, self.tmp, self.stack = env, tmp, stack

    def start(self, name: str, *manage_args: str) -> Process:
        """Run `manage.py <manage_args>` with the production environment
        until the tests end; its output goes to `<name>.log`."""
        command = [sys.executable, "manage.py", *manage_args]
        return self.stack.enter_context(Process(command, self.env, self.tmp / f"{name}.log"))

    def browser(self) -> Browser:
        return Browser(self.gunicorn.url)


@pytest.fixture(scope="session")
def production(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    env = production_env(DATABASE_URL, tmp / "static", WEB_CONCURRENCY="2")
    create_database(DATABASE_URL)
    prepare(env)
    with ExitStack() as stack:
        production = Production(env, tmp, stack)
        production.gunicorn = stack.enter_context(Gunicorn(env, tmp / "gunicorn.log"))
        if production.gunicorn.process.poll() is not None:
            pytest.fail("gunicorn did not start:\n" + production.gunicorn.log[-3000:])
        yield production
