from django.urls import path

from yourdata import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/notices/", views.notice_settings, name="notice_settings"),
    path("profile/export/", views.export, name="export"),
    path("profile/pause/", views.pause_sharing, name="pause_sharing"),
    path("profile/archive/", views.archive, name="archive"),
    path("profile/archive/delete/", views.archive_delete, name="archive_delete"),
    path("profile/delete/", views.delete_account, name="delete_account"),
]
