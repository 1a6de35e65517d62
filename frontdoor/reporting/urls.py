"""Reports and statutory returns, under /reports/."""

from django.urls import URLPattern

app_name = "reporting"

urlpatterns: list[URLPattern] = []
