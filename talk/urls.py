from django.urls import path

from talk import views

urlpatterns = [
    path("", views.talk, name="talk"),
    path("done/", views.talked, name="talk_done"),
]
