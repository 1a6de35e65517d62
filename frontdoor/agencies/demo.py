"""The demo hub: the Staffordshire and Stoke-on-Trent MASH, its agencies and teams.

Names of public bodies are descriptive, not real organisations' records; no person is real.
Idempotent: objects are found by their codes and created only when missing.
"""

from dataclasses import dataclass
from datetime import time

from frontdoor.core.actors import Actor
from frontdoor.reference.models import AgencyKind

from . import services
from .models import Agency, ClockBasis, LocalAuthority, Team

STAFFORDSHIRE = "860"
STOKE = "861"


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    kind: str
    serves: tuple[str, ...]


@dataclass(frozen=True)
class TeamSpec:
    code: str
    name: str
    agency: str
    function: Team.Function
    local_authority: str | None


AGENCIES = [
    AgencySpec(
        "staffs-csc",
        "Staffordshire children's social care",
        "children_social_care",
        (STAFFORDSHIRE,),
    ),
    AgencySpec(
        "stoke-csc", "Stoke-on-Trent children's social care", "children_social_care", (STOKE,)
    ),
    AgencySpec("staffs-police", "Staffordshire Police", "police", (STAFFORDSHIRE, STOKE)),
    AgencySpec(
        "staffs-health",
        "Staffordshire and Stoke-on-Trent health safeguarding",
        "health",
        (STAFFORDSHIRE, STOKE),
    ),
    AgencySpec(
        "staffs-education", "Staffordshire education safeguarding", "education", (STAFFORDSHIRE,)
    ),
    AgencySpec("stoke-education", "Stoke-on-Trent education safeguarding", "education", (STOKE,)),
    AgencySpec(
        "staffs-probation", "Probation Service, Staffordshire", "probation", (STAFFORDSHIRE, STOKE)
    ),
    AgencySpec(
        "staffs-asc", "Staffordshire adult social care", "adult_social_care", (STAFFORDSHIRE,)
    ),
    AgencySpec("stoke-asc", "Stoke-on-Trent adult social care", "adult_social_care", (STOKE,)),
    AgencySpec("staffs-early-help", "Staffordshire early help", "early_help", (STAFFORDSHIRE,)),
    AgencySpec("stoke-early-help", "Stoke-on-Trent early help", "early_help", (STOKE,)),
    AgencySpec("stoke-housing", "Stoke-on-Trent housing", "housing", (STOKE,)),
]

F = Team.Function
TEAMS = [
    TeamSpec("staffs-mash", "Staffordshire MASH", "staffs-csc", F.MASH, STAFFORDSHIRE),
    TeamSpec("stoke-mash", "Stoke-on-Trent MASH", "stoke-csc", F.MASH, STOKE),
    TeamSpec(
        "staffs-contact-centre",
        "Staffordshire customer services",
        "staffs-csc",
        F.CONTACT_CENTRE,
        STAFFORDSHIRE,
    ),
    TeamSpec(
        "stoke-contact-centre",
        "Stoke-on-Trent customer services",
        "stoke-csc",
        F.CONTACT_CENTRE,
        STOKE,
    ),
    TeamSpec(
        "staffs-north-area",
        "Staffordshire north area team",
        "staffs-csc",
        F.RECEIVING,
        STAFFORDSHIRE,
    ),
    TeamSpec(
        "staffs-south-area",
        "Staffordshire south area team",
        "staffs-csc",
        F.RECEIVING,
        STAFFORDSHIRE,
    ),
    TeamSpec("stoke-assessment", "Stoke-on-Trent assessment team", "stoke-csc", F.RECEIVING, STOKE),
    TeamSpec("police-mash-desk", "Police MASH desk", "staffs-police", F.AGENCY_DESK, None),
    TeamSpec("health-mash-desk", "Health MASH desk", "staffs-health", F.AGENCY_DESK, None),
    TeamSpec(
        "staffs-education-desk",
        "Staffordshire education MASH desk",
        "staffs-education",
        F.AGENCY_DESK,
        STAFFORDSHIRE,
    ),
    TeamSpec(
        "stoke-education-desk",
        "Stoke-on-Trent education MASH desk",
        "stoke-education",
        F.AGENCY_DESK,
        STOKE,
    ),
    TeamSpec("probation-mash-desk", "Probation MASH desk", "staffs-probation", F.AGENCY_DESK, None),
    TeamSpec(
        "staffs-asc-desk",
        "Staffordshire adults MASH desk",
        "staffs-asc",
        F.AGENCY_DESK,
        STAFFORDSHIRE,
    ),
    TeamSpec(
        "stoke-asc-desk", "Stoke-on-Trent adults MASH desk", "stoke-asc", F.AGENCY_DESK, STOKE
    ),
    TeamSpec(
        "staffs-early-help-hub",
        "Staffordshire early help hub",
        "staffs-early-help",
        F.RECEIVING,
        STAFFORDSHIRE,
    ),
    TeamSpec(
        "stoke-early-help-hub",
        "Stoke-on-Trent early help hub",
        "stoke-early-help",
        F.RECEIVING,
        STOKE,
    ),
    TeamSpec("stoke-housing-desk", "Housing MASH desk", "stoke-housing", F.AGENCY_DESK, STOKE),
    TeamSpec(
        "staffs-performance", "Performance and intelligence", "staffs-csc", F.PERFORMANCE, None
    ),
    TeamSpec("staffs-governance", "Information governance", "staffs-csc", F.GOVERNANCE, None),
    TeamSpec("staffs-systems", "Systems administration", "staffs-csc", F.ADMINISTRATION, None),
]

# Stoke-on-Trent uses its own level names, to show labels are per authority.
STOKE_THRESHOLD_LABELS = {
    1: "Universal",
    2: "Early help",
    3: "Targeted early help",
    4: "Specialist",
}


def build_hub(*, by: Actor) -> dict[str, int]:
    """Create (or find) the two authorities' hub settings, the agencies and their teams."""
    authorities = {
        la.code: la for la in LocalAuthority.objects.filter(code__in=[STAFFORDSHIRE, STOKE])
    }
    if len(authorities) != 2:
        raise RuntimeError("Load reference data first: manage.py load_reference_data")
    created = {"agencies": 0, "teams": 0}
    for code, phone in ((STAFFORDSHIRE, "0300 111 8007"), (STOKE, "01782 235100")):
        la = authorities[code]
        if not la.in_hub:
            services.add_authority_to_hub(
                local_authority=la,
                hub_phone=phone,
                opens_at=time(8, 30),
                closes_at=time(17, 0),
                rag_clock_basis=ClockBasis.WORKING_HOURS,
                threshold_labels=STOKE_THRESHOLD_LABELS if code == STOKE else None,
                by=by,
            )
    kinds = {kind.code: kind for kind in AgencyKind.objects.all()}
    for spec in AGENCIES:
        if not Agency.objects.filter(code=spec.code).exists():
            services.create_agency(
                code=spec.code,
                name=spec.name,
                kind=kinds[spec.kind],
                serves=[authorities[c] for c in spec.serves],
                by=by,
            )
            created["agencies"] += 1
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    for team in TEAMS:
        if not Team.objects.filter(code=team.code).exists():
            services.create_team(
                agency=agencies[team.agency],
                code=team.code,
                name=team.name,
                function=team.function,
                local_authority=authorities[team.local_authority] if team.local_authority else None,
                by=by,
            )
            created["teams"] += 1
    return created
