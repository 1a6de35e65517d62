from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in", views.sign_in, name="sign_in"),
    path("sign-in/set-up-authenticator", views.enrol_mfa, name="enrol_mfa"),
    path("sign-in/confirm", views.step_up, name="step_up"),
    path("sign-out", views.sign_out, name="sign_out"),
]
