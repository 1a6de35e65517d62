from django.urls import include, path

from . import views

app_name = "contacts"

urlpatterns = [
    path("new", views.new_received, name="new"),
    path("new/referrer", views.new_referrer, name="new_referrer"),
    path("new/person", views.new_person, name="new_person"),
    path("new/people", views.new_people, name="new_people"),
    path("new/people/<int:index>", views.new_person, name="new_change_person"),
    path("new/people/<int:index>/record", views.new_match_person, name="new_match_person"),
    path("new/people/<int:index>/remove", views.remove_person, name="new_remove_person"),
    path("new/concern", views.new_concern, name="new_concern"),
    path("new/check", views.new_check, name="new_check"),
    path("new/cancel", views.cancel_new, name="new_cancel"),
    path("<int:pk>/take", views.take, name="take"),
    # The contact page and its screening actions are screening's views: `screening` reads
    # contacts, and contacts must never import it, so it is included by its dotted path (as
    # config.urls includes every app). Its names share this namespace: contacts:detail.
    path("", include("frontdoor.screening.contact_urls")),
]
