"""The files of the export: subject-access.json, subject-access.pdf and README.txt, zipped."""

import io
import json
import zipfile
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from .items import Flag, SubjectAccessExport, as_json_value

JSON_FORMAT = "frontdoor.subject-access/1"


def export_json(export: SubjectAccessExport) -> dict[str, Any]:
    summary = export.summary
    data: dict[str, Any] = {
        "format": JSON_FORMAT,
        "person_id": export.person_id,
        "generated_at": as_json_value(export.generated_at),
        "generated_by": export.generated_by,
        "authorities": list(export.authorities),
        "summary": {
            "items": summary.items,
            "flagged": summary.flagged,
            "review": {
                str(Flag.THIRD_PARTY): summary.third_party,
                str(Flag.RESTRICTED): summary.restricted,
                str(Flag.POLICE_INTELLIGENCE): summary.police_intelligence,
            },
            "contacts": summary.contacts,
            "contacts_held_by_other_authorities": summary.contacts_held_elsewhere,
        },
    }
    for section in export.about_person:
        data[section.key] = section.as_json()
    data["contacts"] = [
        {"reference": contact.reference}
        | {section.key: section.as_json() for section in contact.sections}
        for contact in export.contacts
    ]
    data[export.audit.key] = export.audit.as_json()
    return data


def export_pdf(export: SubjectAccessExport) -> bytes:
    """The export as a PDF, each flagged item labelled "REVIEW BEFORE RELEASE".

    As for handover packages (ADR 0016): the template names no external resource and the
    fetcher refuses every URL, so rendering never reaches the network or the disk.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "governance/subject_access/export_pdf.html",
        {"export": export, "summary": export.summary},
    )
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    return pdf


def export_readme(export: SubjectAccessExport) -> str:
    return render_to_string(
        "governance/subject_access/README.txt",
        {"export": export, "summary": export.summary},
    )


def zip_name(export: SubjectAccessExport) -> str:
    day = timezone.localtime(export.generated_at).date().isoformat()
    return f"subject-access-{export.person_id}-{day}.zip"


def export_zip(export: SubjectAccessExport) -> bytes:
    """The zip: subject-access.json, subject-access.pdf and README.txt, nothing else."""
    body = json.dumps(export_json(export), indent=2, ensure_ascii=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", export_readme(export))
        archive.writestr("subject-access.json", body)
        archive.writestr("subject-access.pdf", export_pdf(export))
    return buffer.getvalue()
