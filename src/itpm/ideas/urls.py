from django.urls import path

from . import export_views, report_views, views

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="list"),
    path("new/", views.submit, name="submit"),
    path("similar/", views.similar_ideas, name="similar"),
    path("mine/", views.mine, name="mine"),
    path("triage/", views.triage, name="triage"),
    path("statuses/", views.statuses, name="statuses"),
    path("statuses/<id:pk>/edit/", views.status_edit, name="status_edit"),
    path("statuses/<id:pk>/archive/", views.status_archive, name="status_archive"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/vote/", views.vote, name="vote"),
    path("<id:pk>/unvote/", views.unvote, name="unvote"),
    path("<id:pk>/follow/", views.follow, name="follow"),
    path("<id:pk>/comments/", views.add_comment, name="comment"),
    path("<id:pk>/status/", views.change_status, name="change_status"),
    path("<id:pk>/notes/", views.add_note, name="note"),
    path("<id:pk>/assign/", views.assign, name="assign"),
    path("<id:pk>/visibility/", views.visibility, name="visibility"),
    path("<id:pk>/merge/", views.merge, name="merge"),
    path("comments/<id:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<id:pk>/hide/", views.hide_comment, name="hide_comment"),
    path("comments/<id:pk>/unhide/", views.unhide_comment, name="unhide_comment"),
    path("report/", report_views.report, name="report"),
    path("report/csv/", report_views.report_csv, name="report_csv"),
    path("export.csv", export_views.export_csv, name="export_csv"),
]
