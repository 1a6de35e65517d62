"""The duplicates queue, the review of a pair, and merges (MASH managers)."""

from django.urls import URLPattern, URLResolver, path

from . import views_duplicates as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("people/duplicates/", views.queue, name="duplicates"),
    path("people/duplicates/<int:pk>/", views.review, name="duplicate_review"),
    path("people/merges/<int:pk>/", views.merge_detail, name="merge"),
    path("people/merges/<int:pk>/unmerge", views.unmerge_view, name="unmerge"),
]
