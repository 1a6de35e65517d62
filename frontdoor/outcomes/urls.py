from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("contacts/<int:contact_pk>/handover/new", views.build, name="build"),
    path("handovers/", views.inbox, name="inbox"),
    path("handovers/<int:pk>", views.detail, name="detail"),
    path("handovers/<int:pk>/consent", views.consent, name="consent"),
    path("handovers/<int:pk>/acknowledge", views.acknowledge, name="acknowledge"),
    path("handovers/<int:pk>/responses/new", views.record_response, name="record_response"),
    path(
        "handovers/<int:pk>/responses/<int:response_pk>",
        views.update_response,
        name="update_response",
    ),
    path("handovers/<int:pk>/package.pdf", views.pdf, name="pdf"),
    path("handovers/<int:pk>/package.json", views.json_file, name="json"),
]
