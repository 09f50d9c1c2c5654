from django.urls import path

from notices import views

urlpatterns = [
    path("<str:kind>/<int:item_id>/", views.reply, name="reply"),
]
