from django.contrib import admin
from django.urls import include, path

from rekindle import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", include("dashboard.urls")),
    path("", include("couples.urls")),
    path("", include("yourdata.urls")),
    path("questionnaires/", include("assessments.urls")),
    path("steps/", include("steps.urls")),
    path("talk/", include("talk.urls")),
    path("replies/", include("notices.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "rekindle.views.bad_request"
handler500 = "rekindle.views.server_error"
