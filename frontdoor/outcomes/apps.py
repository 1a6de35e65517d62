from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "frontdoor.outcomes"
    label = "outcomes"
