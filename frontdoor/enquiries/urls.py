from django.urls import path  # noqa: F401

from . import views  # noqa: F401

app_name = "enquiries"

urlpatterns: list = []  # type: ignore[type-arg]
