"""The public online referral form, included at /refer/ (no sign-in)."""

from django.urls import path

from . import views

app_name = "referral"

urlpatterns = [
    path("", views.start, name="start"),
    path("area", views.area, name="area"),
    path("phone-us", views.phone_us, name="phone_us"),
    path("about-you/professional-or-public", views.who, name="who"),
    path("about-you", views.about_you, name="about_you"),
    path("who-you-are-worried-about", views.cohort, name="cohort"),
    path("their-details", views.person, name="person"),
    path("household", views.household, name="household"),
    path("household/add", views.member, name="member_add"),
    path("household/<int:index>", views.member, name="member_edit"),
    path("household/<int:index>/remove", views.member_remove, name="member_remove"),
    path("concern", views.concern, name="concern"),
    path("family", views.family, name="family"),
    path("consent", views.consent, name="consent"),
    path("check", views.check, name="check"),
    path("sent", views.sent, name="sent"),
]
