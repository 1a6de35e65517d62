from django.urls import path

from . import views

app_name = "enquiries"

urlpatterns = [
    path(
        "contacts/<int:contact_pk>/information-requests/new",
        views.send,
        name="send",
    ),
    path("information-requests/", views.inbox, name="inbox"),
    path("information-requests/timeliness", views.timeliness, name="timeliness"),
    path("information-requests/<int:pk>", views.detail, name="detail"),
    path("information-requests/<int:pk>/answer", views.answer, name="answer"),
    path("information-requests/<int:pk>/more-time", views.more_time, name="more_time"),
    path(
        "information-requests/<int:pk>/extensions/<int:extension_pk>",
        views.extension,
        name="extension",
    ),
    path("information-requests/<int:pk>/withdraw", views.withdraw, name="withdraw"),
]
