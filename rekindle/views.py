from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from rekindle.context_processors import safety


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and `docker compose`: is the database reachable?
    No login, no data, no session (so it never writes one)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 view plus the "Leave quickly" link. Nothing from the
    request: whatever failed may be part of it."""
    return HttpResponseServerError(render_to_string("500.html", safety(None)))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page, rendered like the 500 page without the request: Django's
    own handler renders with it, and its context reads the body again (the
    CSRF token), which raises again on a body that could not be parsed (a
    charset other than UTF-8, a broken multipart body): a 500."""
    return HttpResponseBadRequest(render_to_string("400.html", safety(None)))
