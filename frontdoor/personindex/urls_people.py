from django.urls import URLPattern, URLResolver, path

from . import views_people

urlpatterns: list[URLPattern | URLResolver] = [
    path("people/<int:pk>/", views_people.person, name="person"),
]
