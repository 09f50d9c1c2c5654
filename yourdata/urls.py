from django.urls import path

from yourdata import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/notices/", views.notice_settings, name="notice_settings"),
    path("profile/export/", views.export, name="export"),
    path("profile/pause/", views.pause_sharing, name="pause_sharing"),
    path("profile/delete/", views.delete_account, name="delete_account"),
]
