from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("", views.queue, {"key": "mine"}, name="mine"),
    path("team", views.queue, {"key": "team"}, name="team"),
    path("approvals", views.queue, {"key": "approvals"}, name="approvals"),
    path("overdue", views.queue, {"key": "overdue"}, name="overdue"),
]
