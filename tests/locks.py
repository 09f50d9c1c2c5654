"""Helpers for race tests on PostgreSQL: see which requests wait for a row lock."""

import time

from django.db import connection


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
