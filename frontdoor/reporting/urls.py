"""Reports and statutory returns, under /reports/."""

from django.urls import path  # noqa: F401

app_name = "reporting"

urlpatterns: list = []
