"""What every reported figure means: the code sets the reports count and the plain-English
definitions printed under each table. The single source; docs/reporting.md repeats them.

Each figure counts an event in the period by that event's own date, in UK time: contacts by
the time received, decisions by the time a manager approved them, strategy discussions by the
time held, team responses by their start date, handovers by the time sent.
"""

from __future__ import annotations

from frontdoor.contacts.models import Channel, Cohort, Consent, FamilyAware
from frontdoor.outcomes.models import ResponseKind
from frontdoor.screening.models import Outcome

# ---- code sets --------------------------------------------------------------------------

# Walsall's split of decided contacts: advice and guidance, or a referral to a service.
ADVICE_AND_GUIDANCE = (
    Outcome.NO_FURTHER_ACTION,
    Outcome.INFORMATION_AND_ADVICE,
    Outcome.SIGNPOST,
    Outcome.POLICE_ONLY,
)
REFERRAL = (
    Outcome.EARLY_HELP,
    Outcome.CHILD_AND_FAMILY_ASSESSMENT,
    Outcome.STRATEGY_DISCUSSION,
    Outcome.ADULT_SAFEGUARDING,
    Outcome.TRANSFER,
)
CONVERTED_TO_ASSESSMENT = Outcome.CHILD_AND_FAMILY_ASSESSMENT
ASSESSMENT = ResponseKind.CHILD_AND_FAMILY_ASSESSMENT

# Referral quality: the contact "ended in no further action" for the hub.
ENDED_IN_NO_FURTHER_ACTION = (
    Outcome.NO_FURTHER_ACTION,
    Outcome.INFORMATION_AND_ADVICE,
    Outcome.SIGNPOST,
)
CONSENT_GIVEN = Consent.GIVEN
FAMILY_AWARE_NOT_KNOWN = FamilyAware.NOT_KNOWN

DOMESTIC_ABUSE_COHORT = Cohort.DOMESTIC_ABUSE
POLICE_NOTIFICATION = Channel.POLICE_NOTIFICATION

# Nottinghamshire's source families, in the order shown, as CIN referral source codes.
SOURCE_FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Police", ("6",)),
    ("Health", ("3A", "3B", "3C", "3D", "3E", "3F")),
    ("Schools and colleges", ("2A",)),
    ("Education services", ("2B",)),
    ("Family", ("1A",)),
    ("Other individuals", ("1B", "1C", "1D")),
    ("Housing", ("4",)),
    ("LA services", ("5A", "5B", "5C", "5D")),
    ("Other legal agency", ("7",)),
    ("Other", ("8",)),
    ("Anonymous", ("9",)),
    ("Unknown", ("10",)),
)

NOT_GIVEN = "(not given)"
OTHER_ORGANISATIONS = "Other organisations (fewer than 5 each)"
SMALL_ORGANISATION = 5  # organisations with fewer contacts are grouped
WORST_ORGANISATIONS = 5  # how many organisations the pseudonymised list covers
LIST_LIMIT = 500  # the most contacts a pseudonymised list shows

RE_REFERRAL_DAYS = 365
ALL_AUTHORITIES = "All authorities"

# ---- plain-English definitions ---------------------------------------------------------------

PERIOD = (
    "Each figure counts an event in the period by its own date, in UK time: contacts by when "
    "they were received, decisions by when a manager approved them."
)
PER_AUTHORITY = (
    "With more than one local authority, each authority has its own columns and the "
    "'All authorities' columns add them up."
)
AVERAGE_PER_WEEK = (
    "Average per week: the total divided by the number of days in the period, times 7."
)
CONTACTS = "Contacts: every contact received in the period, from any channel."
REFERRALS = (
    "Referrals: contacts whose decision, approved in the period, sent them on to a service: "
    "early help, a child and family assessment, a strategy discussion or section 47 enquiry, "
    "an adult safeguarding enquiry, or a transfer to another local authority."
)
ADVICE = (
    "Advice and guidance: contacts whose decision, approved in the period, was no further "
    "action, information and advice, signposting, or police only."
)
DECISION_DAY = (
    "Referrals and advice and guidance are counted on the day of the decision, so a contact "
    "received near the start or end of the period may be counted in a different period."
)
STRATEGY_DISCUSSIONS = "Strategy discussions: strategy discussions held in the period."
CONVERTED = (
    "Contacts converted to child and family assessment on MASH decision: decisions approved "
    "in the period for a child and family assessment (section 17)."
)
ASSESSMENTS = (
    "Assessments by receiving teams: child and family assessments that receiving teams "
    "recorded as started in the period, one per child."
)
ENQUIRIES = "Enquiries: contacts received (the Nottinghamshire term for contacts)."
ENQUIRIES_PER_MONTH = (
    "Enquiries per month: contacts received in each calendar month; a month only partly in "
    "the period counts the days that are in it."
)
PEAK_MONTH = "Peak month: the month with the most enquiries (the earliest, if two are equal)."
AVERAGE_PER_MONTH = (
    "Average per month: enquiries divided by the number of days in the period, times 365.25 ÷ 12."
)
SOURCES = (
    "Sources: the share of contacts received in the period from each kind of referrer, "
    "grouped from the children in need census referral source codes: Police (6), Health "
    "(3A to 3F), Schools and colleges (2A), Education services (2B), Family (1A), Other "
    "individuals (1B to 1D), Housing (4), LA services (5A to 5D), Other legal agency (7), "
    "Other (8), Anonymous (9), Unknown (10)."
)
DOMESTIC_ABUSE = (
    "Domestic-abuse notifications per day: contacts in the domestic abuse cohort that arrived "
    "as a police notification, divided by the number of days in the period."
)
PARTNER_TIMELINESS = (
    "Partner response timeliness: information requests sent to each agency in the period. "
    "On time means answered at or before the due time, including any extension granted."
)
SHARE_ON_TIME = (
    "Share on time: answered on time divided by answered plus overdue now. Requests still "
    "waiting before their due time, and withdrawn ones, are not counted either way."
)
TIME_TO_RESPOND = (
    "Median and 90th percentile time to respond, in hours, over the answered requests "
    "(nearest-rank: always a time that was actually taken)."
)
ASSESSMENTS_PER_MONTH = (
    "Assessments per month: child and family assessments that receiving teams recorded as "
    "started in each calendar month of the period."
)
DECISION_IN_ONE_WORKING_DAY = (
    "Decisions within one working day: contacts whose decision was due in the period; met "
    "when a manager approved the decision at or before the due time. The due time is set "
    "when the contact arrives: the authority's working days later (one unless configured), "
    "not counting weekends and bank holidays."
)
RAG_CLOCK = (
    "RAG clocks met: contacts whose first screening's RAG clock ran out in the period; met "
    "when the first recommendation was made at or before that time."
)
STRATEGY_IN_TARGET = (
    "Strategy discussions within target: discussions whose target time fell in the period; "
    "met when held at or before the target."
)
HANDOVER_IN_TIME = (
    "Handovers acknowledged in time: handovers whose acknowledgement was due in the period; "
    "met when the receiving team acknowledged at or before the due time."
)
CLOCKS = (
    "Missed includes anything not done that is already late. Still open means not done and "
    "not yet late: counted neither way. Percent met = met ÷ (met + missed)."
)
FUNNEL = (
    "Funnel: contacts received in the period and how far each has gone so far: screened, "
    "information requested from a partner, outcome recommended, decision approved, handed "
    "over to a receiving team, acknowledged by that team."
)
OUTCOMES = (
    "Decided outcomes: contacts received in the period whose decision has been approved, by "
    "the approved outcome (the latest, if there were several)."
)
RE_REFERRALS = (
    "Re-referrals within 12 months: child contacts received in the period whose subject "
    "child (after any merge of duplicate records) was a subject child of another contact of "
    "the same authority in the 365 days before."
)
QUALITY = (
    "Referral quality: contacts received in the period, by referral source code and the "
    "organisation the referrer gave (ignoring case and extra spaces)."
)
QUALITY_MEASURES = (
    "Ended in no further action: the approved outcome was no further action, information and "
    "advice, or signposting. Without consent: consent was refused or not sought. Missing "
    "required facts: a person named with no postcode, whether the family knows not known, "
    "or no action taken recorded. Any of these: at least one of the three."
)
QUALITY_GROUPS = (
    "Organisations with fewer than 5 contacts are grouped, per source code, as 'Other "
    "organisations (fewer than 5 each)', shown last."
)
QUALITY_LIST = (
    "The contacts behind the figures: for the 5 named organisations (5 or more contacts) "
    "with the highest share of contacts with any concern, each of their contacts with a "
    "concern, oldest first, up to 500. Identified by pseudonym only."
)
PSEUDONYM = (
    "A pseudonym is stable for a contact across reports and cannot be turned back into the "
    "contact without the hub's secret key."
)
