from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("profile/", views.profile, name="profile"),
    path("keys/<id:pk>/revoke/", views.revoke_key, name="revoke_key"),
    path("directory/", views.directory, name="directory"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<id:pk>/", views.person, name="person"),
    path("people/<id:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("people/<id:pk>/reactivate/", views.reactivate, name="reactivate"),
    path("people/<id:pk>/invitation/", views.resend_invitation, name="resend_invitation"),
    path("departments/", views.departments, name="departments"),
    path("departments/new/", views.department_create, name="department_create"),
    path("departments/<id:pk>/", views.department_edit, name="department_edit"),
    path("departments/<id:pk>/delete/", views.department_delete, name="department_delete"),
    path("application-keys/", views.application_keys, name="application_keys"),
    path("import/", views.import_csv, name="import"),
]
