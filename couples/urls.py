from django.urls import path

from couples import checkin_views, views

urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("couple/start/", views.start_couple, name="start_couple"),
    path("couple/invite/", views.invite, name="invite"),
    path("couple/invite/new/", views.invite_new, name="invite_new"),
    path("couple/invite/revoke/", views.invite_revoke, name="invite_revoke"),
    path("couple/invite/email/", views.invite_email, name="invite_email"),
    path("couple/leave/", views.leave, name="leave"),
    path("couple/settings/", checkin_views.couple_settings, name="couple_settings"),
    path("checkin/history/", checkin_views.checkin_history, name="checkin_history"),
    path("invite/", views.invite_landing, name="invite_landing"),
    path("invite/accept/", views.invite_accept, name="invite_accept"),
    path("invite/<str:token>/", views.invite_link, name="invite_link"),
]
