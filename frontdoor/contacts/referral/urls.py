from django.urls import URLPattern

app_name = "referral"

urlpatterns: list[URLPattern] = []
