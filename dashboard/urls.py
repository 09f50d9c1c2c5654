from django.urls import path

from dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
    path("together/", views.together, name="together"),
    path("progress/", views.progress, name="progress"),
    path("dashboard/panel/<slug:name>/", views.panel, name="dashboard_panel"),
    path("checkin/", views.checkin, name="checkin"),
]
