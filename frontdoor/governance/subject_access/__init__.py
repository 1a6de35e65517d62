"""Subject access: everything the hub holds about one person, for an IG officer to review.

`build_subject_access` assembles what the officer's authorities hold (the person record,
records merged into it, each contact naming them, what agencies said about them, strategy
discussions, handover packages and who looked at any of it) as sections of items. Nothing is
dropped and nothing goes out unmarked: an item that names or may name other people is flagged
`third_party`, a hub-only or restricted answer `restricted`, a police answer
`police_intelligence`. The officer reviews every flagged item before anything is released.

Free text cannot be checked for names, so all free text from a contact that names anyone else
is flagged; so is the referrer, whose identity is confidential by default (standards.md §7.4).
Answers about other people and requests that do not name the person are theirs, not this
person's, and are left out; contacts held by another authority are counted, not shown (that
authority's officer answers for them).

`files` renders the export as JSON, PDF and a README and zips them; the three render one
`SubjectAccessExport`, so they cannot disagree.
"""

from .access import get_person_for_subject_access, may_export_subject_access, subject_access_scope
from .build import EXPORTED, VIEWED, build_subject_access, record_export, record_preview
from .files import export_json, export_pdf, export_zip, zip_name
from .items import WHY, Flag, SubjectAccessExport

__all__ = [
    "EXPORTED",
    "VIEWED",
    "WHY",
    "Flag",
    "SubjectAccessExport",
    "build_subject_access",
    "export_json",
    "export_pdf",
    "export_zip",
    "get_person_for_subject_access",
    "may_export_subject_access",
    "record_export",
    "record_preview",
    "subject_access_scope",
    "zip_name",
]
