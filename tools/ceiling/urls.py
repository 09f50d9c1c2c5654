from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path


@login_required
def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"Hello, {request.user.display_name}.", content_type="text/plain; charset=utf-8")


def healthz(request: HttpRequest) -> HttpResponse:
    """What tools.server.Gunicorn waits for before measuring."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", hello), path("healthz", healthz)]
