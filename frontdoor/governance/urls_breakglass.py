from django.urls import path

from . import views_breakglass as views

urlpatterns = [
    path("break-glass", views.break_glass, name="break_glass"),
    path("break-glass/reviews", views.reviews, name="break_glass_reviews"),
    path("break-glass/reviews/<int:pk>", views.review, name="break_glass_review"),
]
