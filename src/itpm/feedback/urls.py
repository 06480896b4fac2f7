from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("mine/", views.waiting, name="waiting"),
    path("invitations/", views.invitations, name="invitations"),
    path("fatigue/", views.fatigue, name="fatigue"),
    path("<id:pk>/", views.survey_detail, name="detail"),
    path("<id:pk>/edit/", views.survey_edit, name="edit"),
    path("<id:pk>/questions/", views.question_add, name="question_add"),
    path("<id:pk>/questions/<id:question_pk>/remove/", views.question_remove, name="question_remove"),
    path("<id:pk>/open/", views.survey_open, name="open"),
    path("<id:pk>/close/", views.survey_close, name="close"),
    path("<id:pk>/next-round/", views.survey_next_round, name="next_round"),
    path("<id:pk>/results/", views.results, name="results"),
    path("<id:pk>/answer/", views.answer, name="answer"),
]
