"""Strategy discussion pages and the "Actions" queue, included at the root by config.urls."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("contacts/<int:contact_pk>/strategy-discussions/new", views.convene, name="convene"),
    path("strategy-discussions/<int:pk>", views.detail, name="detail"),
    path("strategy-discussions/<int:pk>/record", views.record_discussion, name="record"),
    path("strategy-discussions/<int:pk>/actions/new", views.new_action, name="add_action"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/complete", views.complete, name="complete_action"),
]
