from django.urls import URLPattern, URLResolver, path

from . import views_matches

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "contacts/<int:pk>/subjects/<int:subject_pk>/link",
        views_matches.link_subject,
        name="link_subject",
    ),
    path(
        "contacts/<int:pk>/subjects/<int:subject_pk>/new-person",
        views_matches.confirm_new,
        name="confirm_new_person",
    ),
]
