from django.urls import path

from steps import views

urlpatterns = [
    path("", views.index, name="steps"),
    path("<int:number>/done/", views.mark_done, name="step_done"),
    path("another-week/", views.another_week, name="another_week"),
    path("share/<str:kind>/<int:pk>/", views.share, name="step_share"),
    path("1/", views.step1, name="step1"),
    path("1/interests/", views.item_add, {"kind": "interest"}, name="interest_add"),
    path("1/interests/<int:pk>/sort/", views.interest_sort, name="interest_sort"),
    path("1/interests/<int:pk>/delete/", views.item_remove, {"kind": "interest"}, name="interest_delete"),
    path("1/values/", views.values_save, name="values_save"),
    path("2/", views.step2, name="step2"),
    path("3/", views.step3, name="step3"),
    path("3/resentments/", views.item_add, {"kind": "resentment"}, name="resentment_add"),
    path("3/resentments/<int:pk>/", views.resentment_update, name="resentment_update"),
    path("3/resentments/<int:pk>/delete/", views.item_remove, {"kind": "resentment"}, name="resentment_delete"),
    path("4/", views.step4, name="step4"),
    path("5/", views.step5, name="step5"),
    path("5/ideas/", views.ideas, name="ideas"),
    path("5/ideas/add/", views.item_add, {"kind": "idea"}, name="idea_add"),
    path("5/ideas/<int:pk>/", views.item_edit, {"kind": "idea"}, name="idea_edit"),
    path("5/ideas/<int:pk>/delete/", views.item_remove, {"kind": "idea"}, name="idea_delete"),
    path("5/this-week/", views.action_choose, name="action_choose"),
]
