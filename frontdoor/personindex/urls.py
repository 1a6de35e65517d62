from django.urls import URLPattern, URLResolver

app_name = "personindex"

urlpatterns: list[URLPattern | URLResolver] = []
