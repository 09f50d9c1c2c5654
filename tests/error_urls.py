"""Views that fail on purpose, for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.contrib.sessions.models import Session
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.urls import path

from rekindle.urls import handler400, handler500  # noqa: F401 (the project's error views)


def raiser(exception):
    def view(request):
        raise exception

    return view


def note_in_session(request):
    """Changes the session, so the session middleware saves it afterwards."""
    request.session.setdefault("noted", False)
    if "logged-out-meanwhile" in request.GET:  # after this request read its session
        Session.objects.filter(session_key=request.session.session_key).delete()
    request.session["noted"] = True
    return HttpResponse("noted")


urlpatterns = [
    path("note/", note_in_session),
    path("forbidden/", raiser(PermissionDenied)),
    path("bad/", raiser(SuspiciousOperation("bad"))),
    path("broken/", raiser(RuntimeError("boom"))),
    path("db-down/", raiser(OperationalError("connection refused"))),
    path("db-gone/", raiser(InterfaceError("connection already closed"))),
]
