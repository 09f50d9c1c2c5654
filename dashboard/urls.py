from django.urls import path

from dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/panel/<slug:name>/", views.panel, name="dashboard_panel"),
    path("checkin/", views.checkin, name="checkin"),
]
