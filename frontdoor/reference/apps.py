from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "frontdoor.reference"
    label = "reference"
