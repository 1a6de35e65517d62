"""The roles a person can hold in the hub. Permissions are declared against these names."""

from django.db import models


class Role(models.TextChoices):
    CONTACT_OFFICER = "contact_officer", "Contact officer"
    PRACTITIONER = "practitioner", "MASH practitioner"
    MANAGER = "manager", "MASH manager"
    AGENCY_RESEARCHER = "agency_researcher", "Agency researcher"
    RECEIVING_WORKER = "receiving_worker", "Receiving worker"
    ANALYST = "analyst", "Performance analyst"
    IG_OFFICER = "ig_officer", "Information governance officer"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that work inside the MASH on contacts of their authority.
MASH_ROLES = frozenset({Role.CONTACT_OFFICER, Role.PRACTITIONER, Role.MANAGER})
