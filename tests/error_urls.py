"""Views that fail on purpose, for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.urls import path

from rekindle.urls import handler500  # noqa: F401 (the project's 500 view)


def raiser(exception):
    def view(request):
        raise exception

    return view


urlpatterns = [
    path("forbidden/", raiser(PermissionDenied)),
    path("bad/", raiser(SuspiciousOperation("bad"))),
    path("broken/", raiser(RuntimeError("boom"))),
    path("db-down/", raiser(OperationalError("connection refused"))),
    path("db-gone/", raiser(InterfaceError("connection already closed"))),
]
