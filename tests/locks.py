"""Helpers for race tests on PostgreSQL: see which requests wait for a row lock."""

import threading
import time

from django.db import connection, transaction


def lock_waiters() -> int:
    """Backends of this test database waiting for a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # activity is otherwise read once per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def wait_for_lock_waiters(count: int) -> None:
    deadline = time.monotonic() + 10
    while lock_waiters() < count:
        assert time.monotonic() < deadline, f"expected {count} requests waiting for a lock"
        time.sleep(0.02)


def posts_queued_behind(locked_row, first: tuple, second: tuple) -> dict[str, int]:
    """Hold a lock on `locked_row` (a queryset of one row) while two clients
    POST, `first` until it waits on a lock, then `second` until it waits
    too; then let go and return each request's status by name. Each request
    is (name, client, url)."""
    statuses: dict[str, int] = {}
    errors: list[Exception] = []

    def post(name, client, url):
        try:
            statuses[name] = client.post(url).status_code
        except Exception as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=request) for request in (first, second)]
    try:
        with transaction.atomic():
            locked_row.select_for_update().get()
            for waiting, thread in enumerate(threads, start=1):
                thread.start()
                wait_for_lock_waiters(waiting)
    finally:  # leaving the block releases the lock
        for thread in threads:
            thread.join(10)
    assert not errors, errors
    return statuses
