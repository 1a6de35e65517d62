"""A handover package as JSON (for the receiving team's system) and as PDF (to keep and print).

Both render a `Package` and nothing else, so neither can carry more than the package holds.
"""

from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from .package import Package

JSON_FORMAT = "frontdoor.handover/1"


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def package_json(package: Package) -> dict[str, Any]:
    """The package as a dict with stable keys and ISO 8601 dates (local time with offset)."""
    outcome = package.outcome
    return {
        "format": JSON_FORMAT,
        "reference": package.reference,
        "authority": {"code": package.authority_code, "name": package.authority},
        "receiving_team": {"code": package.receiving_team_code, "name": package.receiving_team},
        "sent_at": _iso(package.sent_at),
        "acknowledge_due_at": _iso(package.acknowledge_due_at),
        "outcome": {
            "code": outcome.code,
            "label": outcome.label,
            "transfer_to": outcome.transfer_to or None,
            "reasons": outcome.reasons,
            "recommended_by": outcome.recommended_by,
            "recommended_at": _iso(outcome.recommended_at),
            "approved_by": outcome.approved_by,
            "approved_at": _iso(outcome.approved_at),
        },
        "summary": package.summary,
        "concern": {
            "in_the_referrers_words": package.concern,
            "categories": [
                {"code": category.code, "description": category.description}
                for category in package.categories
            ],
        },
        "referrer": (
            {
                "name": package.referrer.name,
                "role": package.referrer.role,
                "organisation": package.referrer.organisation,
            }
            if package.referrer is not None
            else None
        ),
        "people": [
            {
                "name": person.name,
                "role": person.role,
                "date_of_birth": _iso(person.date_of_birth),
                "expected_date_of_birth": _iso(person.expected_date_of_birth),
                "sex": person.sex or None,
                "ethnicity": person.ethnicity or None,
                "address": person.address or None,
                "postcode": person.postcode or None,
                "nhs_number": person.nhs_number or None,
                "upn": person.upn or None,
            }
            for person in package.people
        ],
        "answers": [
            {
                "agency": answer.agency,
                "about": answer.about,
                "finding": answer.finding,
                "what_is_known": answer.summary,
                "systems_checked": answer.systems_checked,
                "marking": answer.marking_code,
                "consent_note": answer.consent_note or None,
            }
            for answer in package.answers
        ],
        "strategy_discussions": [
            {
                "decision": discussion.decision_code,
                "decision_label": discussion.decision,
                "held_at": _iso(discussion.held_at),
            }
            for discussion in package.strategy_discussions
        ],
    }


def package_pdf(package: Package) -> bytes:
    """The package as a PDF, marked OFFICIAL-SENSITIVE with its reference on every page.

    The template holds every style it needs and names no external resource; the fetcher
    refuses every URL anyway, so rendering never reaches the network or the disk.
    """
    # Imported here: WeasyPrint loads its fonts and stylesheets on import, which every other
    # page and command can do without.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("outcomes/package_pdf.html", {"package": package})
    no_fetching = URLFetcher(allowed_protocols=())
    pdf: bytes = HTML(string=html, url_fetcher=no_fetching).write_pdf()
    return pdf
