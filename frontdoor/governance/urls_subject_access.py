from django.urls import URLPattern, path

from . import views_subject_access, views_subject_access_search

urlpatterns: list[URLPattern] = [
    path(
        "subject-access",
        views_subject_access_search.subject_access_search,
        name="subject_access_search",
    ),
    path(
        "people/<int:pk>/subject-access",
        views_subject_access.subject_access,
        name="subject_access",
    ),
]
