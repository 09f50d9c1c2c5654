"""The project's URLs plus a stand-in page named `steps`, for the parts of the
check-in that appear only once the five steps exist."""

from django.http import HttpResponse
from django.urls import path

from rekindle.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("steps/", lambda request: HttpResponse(), name="steps")]
