"""The contact page and its screening actions, at /contacts/<pk>/… (in the contacts namespace).

Included by contacts.urls by dotted path, so that contacts never imports screening.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>", views.contact_page, name="detail"),
    path("<int:pk>/screen", views.screen, name="screen"),
    path("<int:pk>/recommend", views.recommend, name="recommend"),
    path("<int:pk>/decision", views.decision, name="decision"),
]
