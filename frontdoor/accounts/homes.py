"""What each role's home page offers. Items that exist link to their page; the others are
listed as coming soon. `count` names a `WorkCounts` figure shown beside the item."""

from dataclasses import dataclass

from frontdoor.agencies.roles import Role


@dataclass(frozen=True)
class HomeItem:
    title: str
    description: str
    url_name: str = ""
    count: str = ""


ROLE_HOMES: dict[str, list[HomeItem]] = {
    Role.CONTACT_OFFICER: [
        HomeItem(
            "Record a contact",
            "Record a concern received by phone, email, letter or in person.",
            url_name="contacts:new",
        ),
        HomeItem("Information and advice", "Give and record advice where no referral is needed."),
    ],
    Role.PRACTITIONER: [
        HomeItem(
            "Your screening queue",
            "Contacts allocated to you, by due time.",
            url_name="screening:mine",
            count="mine",
        ),
        HomeItem(
            "Team queue",
            "Unallocated contacts for your team to take.",
            url_name="screening:team",
            count="team",
        ),
        HomeItem(
            "Record a contact",
            "Record a concern received by phone, email, letter or in person.",
            url_name="contacts:new",
        ),
        HomeItem(
            "Actions",
            "Actions from strategy discussions for you and your agency, by due date.",
            url_name="meetings:actions",
            count="actions",
        ),
        HomeItem(
            "Open a record with break-glass",
            "A contact your team has no reason to see (another authority's, for example): "
            "state why; information governance reviews every use.",
            url_name="governance:break_glass",
        ),
        HomeItem(
            "Notifications",
            "Reminders and escalations of information requests, and packages to review.",
            url_name="notifications:list",
        ),
    ],
    Role.MANAGER: [
        HomeItem(
            "Pending approvals",
            "Recommendations waiting for your decision.",
            url_name="screening:approvals",
            count="approvals",
        ),
        HomeItem(
            "Overdue work",
            "Contacts and requests past their due time.",
            url_name="screening:overdue",
            count="overdue",
        ),
        HomeItem(
            "Team queue",
            "Unallocated contacts for your team to take.",
            url_name="screening:team",
            count="team",
        ),
        HomeItem(
            "Possible duplicate records",
            "Records the matching job thinks may be one person: merge or keep apart.",
            url_name="personindex:duplicates",
            count="duplicates",
        ),
        HomeItem(
            "Information request timeliness",
            "Each agency's requests, time to respond and share answered on time.",
            url_name="enquiries:timeliness",
        ),
        HomeItem(
            "Reports",
            "Volumes, timeliness, the funnel and referral quality, by authority, cohort and "
            "referring agency.",
            url_name="reporting:index",
        ),
        HomeItem(
            "Open a record with break-glass",
            "A contact your team has no reason to see (another authority's, for example): "
            "state why; information governance reviews every use.",
            url_name="governance:break_glass",
        ),
        HomeItem(
            "Notifications",
            "Escalated requests and handover packages waiting for your consent.",
            url_name="notifications:list",
        ),
        HomeItem("Allocation", "Give contacts to practitioners in your team."),
    ],
    Role.AGENCY_RESEARCHER: [
        HomeItem(
            "Requests to your agency",
            "Information requests addressed to your agency, soonest due first, and what your "
            "agency has answered.",
            url_name="enquiries:inbox",
            count="requests",
        ),
        HomeItem(
            "Actions",
            "Actions from strategy discussions that your agency owns.",
            url_name="meetings:actions",
            count="actions",
        ),
        HomeItem(
            "Notifications",
            "Reminders of requests due soon and escalations of overdue ones.",
            url_name="notifications:list",
        ),
    ],
    Role.RECEIVING_WORKER: [
        HomeItem(
            "Handovers to your team",
            "Packages sent to your team to acknowledge and act on.",
            url_name="outcomes:inbox",
            count="handovers",
        ),
    ],
    Role.ANALYST: [
        HomeItem(
            "Information request timeliness",
            "Each agency's requests, time to respond and share answered on time.",
            url_name="enquiries:timeliness",
        ),
        HomeItem(
            "Performance reports",
            "Volumes, timeliness and conversion by agency and authority.",
            url_name="reporting:index",
        ),
        HomeItem(
            "Statutory returns",
            "Ofsted Annex A lists and CIN census extracts.",
            url_name="reporting:index",
        ),
    ],
    Role.IG_OFFICER: [
        HomeItem(
            "Break-glass reviews",
            "Records opened by someone with no usual reason to see them, and why: to review.",
            url_name="governance:break_glass_reviews",
            count="break_glass",
        ),
        HomeItem(
            "Audit trail",
            "Who looked at or changed which record, when and from where; search and export.",
            url_name="governance:audit_search",
        ),
        HomeItem(
            "Retention and legal holds",
            "What is due for deletion, and records kept under a legal hold.",
            url_name="governance:retention",
        ),
        HomeItem(
            "Subject access",
            "Find the person a subject access request is about and export what the hub holds.",
            url_name="governance:subject_access_search",
        ),
    ],
    Role.ADMINISTRATOR: [
        HomeItem(
            "Local authorities", "Threshold labels, RAG clocks and hub hours for each authority."
        ),
        HomeItem("Agencies and teams", "The agencies in the hub and their teams."),
        HomeItem("Users", "Accounts, memberships and roles."),
    ],
}
