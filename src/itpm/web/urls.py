from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("portal/", views.portal, name="portal"),
    path("workspace/", views.workspace, name="workspace"),
    path("administration/", views.administration, name="administration"),
    path("choose/<slug:kind>/", views.choose, name="choose"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
