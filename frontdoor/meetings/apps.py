from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "frontdoor.meetings"
    label = "meetings"
