from django.urls import path

from assessments import views

urlpatterns = [
    path("", views.index, name="questionnaires"),
    path("check/", views.safety_check, name="safety_check"),
    path("check/result/", views.safety_result, name="safety_result"),
    path("check/turn-on/", views.safety_turn_on, name="safety_turn_on"),
    path("<slug:key>/start/", views.start, name="questionnaire_start"),
    path("drafts/<uuid:draft_id>/", views.resume, name="questionnaire_resume"),
    path("drafts/<uuid:draft_id>/answer/", views.answer, name="questionnaire_answer"),
    path("drafts/<uuid:draft_id>/review/", views.review, name="questionnaire_review"),
    path("drafts/<uuid:draft_id>/submit/", views.submit, name="questionnaire_submit"),
    path("drafts/<uuid:draft_id>/<slug:section_key>/", views.section, name="questionnaire_section"),
    path("submissions/<int:pk>/", views.submission, name="questionnaire_submission"),
]
