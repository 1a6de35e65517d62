"""Demo contacts: a synthetic week-by-week intake for the Staffordshire and Stoke-on-Trent hub.

`plan_contacts` only builds `ContactDetails` (no writes); `screening.demo` receives them through
`receive_contact` like any other channel. The shapes follow the seeds: about 525 contacts a week
for Staffordshire and 300 for Stoke-on-Trent; police 23%, health 14%, schools 12%, family 11%.
Referring organisations repeat (a dozen schools, a few GP surgeries, one police force), so the
referral quality report has something to say: three schools send poor referrals (consent seldom
sought, what they have done and whether the family knows left out) that more often end in no
further action.

Everything comes from the seed (`random.Random` and Faker `en_GB`): no person is real. NHS
numbers are in the 999 range, which is never issued; phone numbers are Ofcom's drama ranges;
email addresses use the reserved `.example` domain.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from faker import Faker

from frontdoor.agencies.demo import STAFFORDSHIRE, STOKE
from frontdoor.agencies.selectors import bank_holidays
from frontdoor.core.calendar import LONDON
from frontdoor.people.identifiers import nhs_check_digit, upn_check_letter

from .models import Contact
from .services import ContactDetails, ReferrerDetails, SubjectDetails

WEEKLY_CONTACTS = {STAFFORDSHIRE: 525, STOKE: 300}

# CIN referral sources (census codes) and their share of contacts, in per cent.
SOURCE_SHARES = {
    "6": 23,
    **dict.fromkeys(("3A", "3B", "3C", "3D", "3E", "3F"), 14 / 6),
    "2A": 12,
    "1A": 11,
    **{"1B": 4, "1C": 2, "1D": 2, "2B": 3, "4": 3, "5A": 3, "5B": 3, "5C": 2, "5D": 5},
    **{"7": 4, "8": 5, "9": 2, "10": 2},
}
PUBLIC_SOURCES = {"1A", "1B", "1C", "1D", "9", "10"}
HEALTH_SOURCES = {"3A", "3B", "3C", "3D", "3E", "3F"}

# Postcode districts and their towns: Stoke-on-Trent city, and Staffordshire's ST districts.
DISTRICTS = {
    STOKE: {"ST1": "Hanley", "ST2": "Bucknall", "ST3": "Longton", "ST4": "Stoke", "ST6": "Burslem"},
    STAFFORDSHIRE: {
        **{"ST5": "Newcastle-under-Lyme", "ST7": "Kidsgrove", "ST8": "Biddulph"},
        **{"ST9": "Werrington", "ST10": "Cheadle", "ST11": "Blythe Bridge", "ST12": "Barlaston"},
        **{"ST13": "Leek", "ST14": "Uttoxeter", "ST15": "Stone", "ST16": "Stafford"},
        **{"ST17": "Stafford", "ST18": "Great Haywood", "ST19": "Penkridge", "ST20": "Gnosall"},
        "ST21": "Eccleshall",
    },
}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # never C, I, K, M, O or V (BS7666)
STREETS = ("Road", "Street", "Close", "Avenue", "Lane", "Drive", "Way", "Grove", "Crescent")

ETHNICITY_WEIGHTS = {
    **{"WBRI": 72, "WIRI": 0.5, "WIRT": 0.3, "WOTH": 4, "WROM": 0.5, "MWBC": 3, "MWBA": 1},
    **{"MWAS": 2, "MOTH": 2, "AIND": 2, "APKN": 4, "ABAN": 0.5, "AOTH": 1, "BCRB": 1},
    **{"BAFR": 1.5, "BOTH": 0.5, "CHNE": 0.5, "OOTH": 1, "REFU": 0.5, "NOBT": 3},
}


@dataclass(frozen=True)
class Concern:
    """A kind of concern: CIN assessment factors and short, non-graphic descriptions, each
    with the youngest age of child it suits."""

    categories: tuple[str, ...]
    templates: tuple[tuple[int, str], ...]
    urgency: tuple[float, float, float]  # weights for immediate, soon, routine

    def suits(self, age: int) -> list[str]:
        return [text for youngest, text in self.templates if age >= youngest]


CONCERNS = {
    "neglect": Concern(
        ("16A",),
        (
            (
                5,
                "{child} has come to school in the same clothes most days this week and has "
                "told staff there is often no food at home. Attendance has fallen to {pct}%.",
            ),
            (
                0,
                "{child} is often left at home alone in the evenings. The house is cold and "
                "the curtains stay closed all day.",
            ),
            (
                0,
                "{child} has missed {n} health appointments and the health visitor has not been "
                "able to see the family at home.",
            ),
        ),
        (0.1, 0.4, 0.5),
    ),
    "domestic_abuse": Concern(
        ("3B",),
        (
            (
                0,
                "Police attended the home after a neighbour heard shouting between {adult} and "
                "a partner. {child} was in the house. No injuries were seen; the risk assessment "
                "was graded {dash}.",
            ),
            (
                0,
                "{adult} told the GP that a partner controls the household money and checks "
                "her phone. {child} lives in the home.",
            ),
            (
                5,
                "{child} told a teacher that the adults at home argue a lot at night and that "
                "they hide in their bedroom when it happens.",
            ),
        ),
        (0.25, 0.45, 0.3),
    ),
    "emotional_harm": Concern(
        ("17A",),
        (
            (
                5,
                "{child} has become withdrawn at school and says they are always in trouble at "
                "home and are called names.",
            ),
            (
                11,
                "{child} told a youth worker they feel unwanted at home and have been told to "
                "find somewhere else to live.",
            ),
            (
                5,
                "{child} has been upset in class several times this month and says home is not "
                "a happy place at the moment.",
            ),
        ),
        (0.05, 0.35, 0.6),
    ),
    "physical_injury": Concern(
        ("18C",),
        (
            (
                0,
                "A bruise was seen on {child}'s arm. The explanation given did not match the mark.",
            ),
            (
                0,
                "{child} was seen at the emergency department with a minor injury after a fall "
                "at home. The explanation changed during the visit and care was sought late.",
            ),
            (4, "{child} said an adult at home had hit them yesterday. No marks were seen."),
        ),
        (0.5, 0.35, 0.15),
    ),
    "parental_mental_health": Concern(
        ("4B",),
        (
            (
                0,
                "{adult} has told the health visitor she is struggling with low mood and is "
                "finding it hard to look after {child}. She has no family support nearby.",
            ),
            (
                0,
                "{adult} was taken to hospital after a mental health crisis. {child} is staying "
                "with a neighbour for now.",
            ),
            (
                4,
                "{adult} has stopped taking prescribed medication and the school is worried "
                "about how {child} is being cared for.",
            ),
        ),
        (0.15, 0.45, 0.4),
    ),
    "substance_misuse": Concern(
        ("2B", "1B"),
        (
            (
                4,
                "{adult} appeared to be under the influence of alcohol when collecting {child} "
                "from school. Another parent took {child} home.",
            ),
            (
                0,
                "Police found drug paraphernalia within reach of {child} when attending the "
                "address on another matter.",
            ),
            (
                0,
                "{adult} has told the drug and alcohol service that use has increased since a "
                "relationship ended. {child} lives with her.",
            ),
        ),
        (0.2, 0.45, 0.35),
    ),
    "missing": Concern(
        ("10A",),
        (
            (
                10,
                "{child} was reported missing overnight and came home the next morning. This "
                "is the {nth} missing episode in three months; they would not say where they had "
                "been.",
            ),
            (
                10,
                "{child} has been missing from home for two nights this week and is not "
                "attending school.",
            ),
        ),
        (0.45, 0.4, 0.15),
    ),
    "exploitation": Concern(
        ("24A", "13A"),
        (
            (
                10,
                "{child} has been seen with older young people not known to the family and "
                "has new clothes and a second phone. There are worries about criminal "
                "exploitation.",
            ),
            (
                11,
                "{child} has been seen getting into cars with unknown adults after school. "
                "There are worries about possible exploitation.",
            ),
            (
                10,
                "{child} was found in another town without money or a way home and would not "
                "say why they were there.",
            ),
        ),
        (0.45, 0.4, 0.15),
    ),
}

PRE_BIRTH = [
    Concern(
        (category,),
        ((0, f"{{adult}} is expecting a baby and {text}"),),
        (0.05, 0.45, 0.5),
    )
    for category, text in (
        ("16A", "has missed several antenatal appointments. She has nowhere settled to live."),
        ("1B", "has told the midwife that she has been drinking heavily most days."),
        ("4B", "has a history of severe low mood and has stopped taking her medication."),
        ("3B", "has told the midwife that her partner has pushed her during arguments."),
    )
]

ADULT_CONCERNS = Concern(
    ("20",),
    (
        (
            0,
            "{adult} lives alone and has been found confused and without heating. Neighbours "
            "say no one has visited for several weeks.",
        ),
        (
            0,
            "{adult} told the district nurse that a relative takes their pension and they are "
            "often left without money for food.",
        ),
        (
            0,
            "{adult}'s carer has told the GP they can no longer cope, and {adult} has had "
            "several falls at home.",
        ),
    ),
    (0.15, 0.45, 0.4),
)

DOMESTIC_ABUSE_NO_CHILDREN = Concern(
    ("3B",),
    (
        (
            0,
            "Police attended a verbal argument between {adult} and an ex-partner. There are no "
            "children in the household. The risk assessment was graded {dash}.",
        ),
        (
            0,
            "{adult} reported that an ex-partner keeps turning up at her address and sending "
            "messages. No children live at the address. Risk assessment graded {dash}.",
        ),
    ),
    (0.3, 0.4, 0.3),
)

# Which concerns each kind of referrer tends to raise (relative weights).
CONCERN_MIX: dict[str, dict[str, float]] = {
    "police": {"domestic_abuse": 45, "missing": 15, "exploitation": 12, "physical_injury": 10},
    "school": {"neglect": 28, "emotional_harm": 22, "physical_injury": 20, "exploitation": 10},
    "health": {"parental_mental_health": 28, "neglect": 22, "physical_injury": 20},
    "public": {"neglect": 28, "domestic_abuse": 20, "emotional_harm": 20, "substance_misuse": 16},
    "other": dict.fromkeys(CONCERNS, 10),
}
CONCERN_MIX["police"] |= {"substance_misuse": 12, "neglect": 6}
CONCERN_MIX["school"] |= {"parental_mental_health": 10, "domestic_abuse": 10}
CONCERN_MIX["health"] |= {"substance_misuse": 18, "emotional_harm": 12}
CONCERN_MIX["public"] |= {"parental_mental_health": 16}

REFERRER_ROLES = {
    "6": ("Police constable", "Public protection unit officer", "Police sergeant"),
    "2A": ("Designated safeguarding lead", "Headteacher", "Class teacher"),
    "2B": ("Education welfare officer", "SEND officer"),
    "3A": ("GP", "Practice nurse"),
    "3B": ("Health visitor",),
    "3C": ("School nurse",),
    "3D": ("Midwife", "Community nurse"),
    "3E": ("Emergency department nurse", "Emergency department doctor"),
    "3F": ("Mental health nurse", "Drug and alcohol worker", "Hospice nurse"),
    "4": ("Housing officer", "Tenancy support worker"),
    "5A": ("Social worker (adult social care)",),
    "5B": ("Youth justice worker", "Youth worker"),
    "5C": ("Social worker, neighbouring authority",),
    "5D": ("Early help practitioner", "Family support worker"),
    "7": ("Probation officer", "CAFCASS officer"),
    "8": ("Children's centre worker", "Charity support worker"),
    "1A": ("Grandparent", "Aunt", "Uncle", "Parent", "Family friend"),
    "1B": ("Neighbour", "Childminder", "Friend of the family"),
    "1C": ("Young person",),
    "1D": ("Member of the public",),
    "10": ("Not given",),
}
# Organisations that refer again and again, per authority, with their relative weights:
# descriptive synthetic names, not real organisations' records.
SCHOOLS: dict[str, dict[str, float]] = {
    STAFFORDSHIRE: {
        **{"Oakfield Primary School": 3, "Meadow View Academy": 2, "Brook Lane High School": 3},
        **{"Hillside Primary School": 1.5, "Riverside Academy": 2, "Ash Grove High School": 2},
        **{"Woodland Primary School": 1, "Castle View Academy": 1.5},
    },
    STOKE: {
        **{"Springfield High School": 3, "Moorside Primary School": 2},
        **{"Church Lane Academy": 2, "Greenway Primary School": 1.5},
    },
}
# Schools whose referrals are poor: consent seldom sought, facts left out.
POOR_REFERRERS = ("Brook Lane High School", "Woodland Primary School", "Moorside Primary School")
POOR_SCHOOLS = frozenset(name.casefold() for name in POOR_REFERRERS)
GP_SURGERIES: dict[str, dict[str, float]] = {
    STAFFORDSHIRE: {
        "Hillside Medical Practice": 3,
        "Riverside Surgery": 2,
        "Greenway Health Centre": 1,
    },
    STOKE: {"Church Lane Surgery": 2, "Ash Grove Medical Practice": 1},
}
HOUSING = {STAFFORDSHIRE: "Moorlands Housing Association", STOKE: "Potteries Housing Trust"}
FAMILY_CENTRES = {STAFFORDSHIRE: "Oakfield Family Centre", STOKE: "Springfield Family Centre"}
ORGANISATIONS = {
    "6": "Staffordshire Police",
    "2B": "Education inclusion service",
    "3B": "Health visiting service",
    "3C": "School nursing service",
    "3D": "Community midwifery team",
    "3E": "Emergency department",
    "3F": "Community mental health team",
    "5A": "Adult social care",
    "5B": "Youth justice service",
    "5C": "Children's services, a neighbouring authority",
    "5D": "Early help service",
    "7": "Probation Service",
}
# A child's disability as referrers know it: mostly "no", sometimes not known.
DISABILITY: dict[str, float] = {"yes": 8, "no": 57, "": 35}

ACTIONS = {
    "police": "Officers completed a risk assessment and shared a notification with the MASH.",
    "school": "Spoke to {child} and wrote down what was said. The safeguarding lead was told.",
    "health": "Discussed with the safeguarding lead and recorded in the health record.",
    "public": "",
    "other": "Discussed with my manager, who agreed a referral to the MASH.",
}
NOT_SOUGHT_REASONS = (
    "Seeking consent could place the child at greater risk of harm.",
    "The parents could not be reached before the referral was made.",
    "Seeking consent could prejudice a police investigation.",
)
POLICE_NOT_SOUGHT = "Police notification: consent is not sought for a notification to the MASH."
PUBLIC_NOT_SOUGHT = "A member of the public: consent is not sought by the referrer."
REFUSED_REASONS = ("The parent said they did not want social care involved.", "")


def weighted_choice[T](rng: random.Random, weights: dict[T, float]) -> T:
    """One key of `weights`, drawn in proportion to its value."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# Arrival profiles: weight by three-hour block of the day (midnight first) and by day (Monday
# first; weekends and bank holidays last). Police notifications come around the clock.
HOURS = {
    "office": (1, 1, 15, 60, 57, 40, 7, 2),
    "school": (0, 0, 17, 60, 57, 28, 3, 0),
    "police": (35, 20, 22, 38, 40, 50, 60, 50),
    "public": (1, 1, 14, 53, 53, 45, 30, 9),
}
DAYS = {
    "office": (1.0, 0.95, 0.9, 0.9, 0.85, 0.12),
    "school": (1.0, 0.95, 0.95, 0.9, 0.8, 0.02),
    "police": (0.9, 0.85, 0.85, 0.9, 0.95, 1.0),
    "public": (1.0, 0.9, 0.9, 0.85, 0.85, 0.35),
}


def _age(person: SubjectDetails, on: date | None) -> int:
    """Whole years on a day (0 for the unborn or when there is no date)."""
    if person.date_of_birth is None or on is None:
        return 0
    return (on - person.date_of_birth).days // 365


def _profile(source: str) -> str:
    if source == "6":
        return "police"
    if source == "2A":
        return "school"
    return "public" if source in PUBLIC_SOURCES else "office"


def _kind(source: str) -> str:
    """The referrer group that shapes the concern, channel and wording."""
    if source == "6":
        return "police"
    if source in ("2A", "2B"):
        return "school"
    if source in HEALTH_SOURCES:
        return "health"
    return "public" if source in PUBLIC_SOURCES else "other"


CHANNELS: dict[str, dict[str, float]] = {
    "police": {"police_notification": 85, "phone": 10, "email": 5},
    "school": {"online_form": 45, "email": 30, "phone": 25},
    "health": {"phone": 35, "email": 25, "online_form": 20, "partner_api": 20},
    "public": {"phone": 60, "online_form": 35, "in_person": 3, "letter": 2},
    "other": {"phone": 35, "email": 35, "online_form": 25, "letter": 4, "fax": 1},
}


@dataclass(frozen=True)
class Household:
    family_name: str
    address: str
    postcode: str


class ContactMaker:
    """Draws contacts from one seed: `arrivals`, then `details` for each, in time order.
    The same seed (and the same `now`) gives the same contacts."""

    def __init__(self, *, seed: int, is_working_day: Callable[[date], bool]) -> None:
        self.rng = random.Random(seed)
        # Referring organisations, what poor referrals leave out and children's disability:
        # their own stream, so the rest of each contact is drawn as before.
        self.facts = random.Random(f"referrers-{seed}")
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed + 2)  # not the personas' or the staff's names
        self.is_working_day = is_working_day
        self.nhs_numbers: set[str] = set()
        self.upns: set[str] = set()
        # Earlier children (with their carer) per authority, for re-referrals.
        self.earlier: dict[str, list[list[SubjectDetails]]] = {STAFFORDSHIRE: [], STOKE: []}

    # --- when --------------------------------------------------------------------------------

    def _arrival(self, start: datetime, end: datetime, source: str) -> datetime:
        """A moment in [start, end), weighted to the source's hours and days (rejection)."""
        profile = _profile(source)
        span = (end - start).total_seconds()
        while True:
            moment = start + timedelta(seconds=self.rng.random() * span)
            local = moment.astimezone(LONDON)
            day = local.weekday() if self.is_working_day(local.date()) else 5
            weight = HOURS[profile][local.hour // 3] / 60 * DAYS[profile][min(day, 5)]
            if self.rng.random() < weight:
                return moment.replace(second=0, microsecond=0)

    def arrivals(self, *, weeks: int, now: datetime) -> list[tuple[datetime, str, str]]:
        """(received at, authority, source) for every contact, oldest first."""
        found = []
        for week in range(weeks):
            end = now - timedelta(days=7 * week)
            for code, target in WEEKLY_CONTACTS.items():
                for source in self._sources(round(target * self.rng.uniform(0.96, 1.04))):
                    found.append(
                        (self._arrival(end - timedelta(days=7), end, source), code, source)
                    )
        return sorted(found)

    def _sources(self, count: int) -> list[str]:
        """`count` sources in SOURCE_SHARES' proportions (largest remainders), shuffled."""
        exact = {code: count * share / 100 for code, share in SOURCE_SHARES.items()}
        counts = {code: int(value) for code, value in exact.items()}
        by_remainder = sorted(exact, key=lambda code: counts[code] - exact[code])
        for code in by_remainder[: count - sum(counts.values())]:
            counts[code] += 1
        sources = [code for code, n in counts.items() for _ in range(n)]
        self.rng.shuffle(sources)
        return sources

    # --- who ---------------------------------------------------------------------------------

    def _household(self, la_code: str) -> Household:
        district = self.rng.choice(sorted(DISTRICTS[la_code]))
        inward = f"{self.rng.randint(1, 9)}{''.join(self.rng.choices(INWARD_LETTERS, k=2))}"
        street = f"{self.rng.randint(1, 160)} {self.fake.last_name()} {self.rng.choice(STREETS)}"
        return Household(
            family_name=self.fake.last_name(),
            address=f"{street}, {DISTRICTS[la_code][district]}",
            postcode=f"{district} {inward}",
        )

    def _nhs_number(self) -> str:
        """A valid number in the 999 range, which the NHS never issues (no real person)."""
        while True:
            first_nine = f"999{self.rng.randint(0, 999_999):06d}"
            check = nhs_check_digit(first_nine)
            if check is not None and first_nine not in self.nhs_numbers:
                self.nhs_numbers.add(first_nine)
                return f"{first_nine}{check}"

    def _upn(self, la_code: str, born: date) -> str:
        while True:
            school = f"{self.rng.choice('2345')}{self.rng.randint(0, 999):03d}"
            body = f"{la_code}{school}{(born.year + 4) % 100:02d}{self.rng.randint(0, 999):03d}"
            if body not in self.upns:
                self.upns.add(body)
                return f"{upn_check_letter(body)}{body}"

    def _sex(self) -> str:
        return self.rng.choice("MF")

    def _given_name(self, sex: str) -> str:
        return str(self.fake.first_name_male() if sex == "M" else self.fake.first_name_female())

    def _born(self, on: date, youngest: int, oldest: int) -> date:
        return on - timedelta(days=self.rng.randint(youngest * 365, oldest * 365 + 364))

    def _ethnicity(self) -> str:
        return weighted_choice(self.rng, ETHNICITY_WEIGHTS)

    def _child(
        self, la_code: str, home: Household, on: date, *, role: str, ages: tuple[int, int]
    ) -> SubjectDetails:
        sex = self._sex()
        born = self._born(on, *ages)
        at_school = (on - born).days >= 5 * 365
        return SubjectDetails(
            given_name=self._given_name(sex),
            family_name=home.family_name,
            role=role,
            date_of_birth=born,
            sex=sex,
            ethnicity=self._ethnicity(),
            address=home.address,
            postcode=home.postcode,
            nhs_number=self._nhs_number() if self.rng.random() < 0.6 else "",
            upn=self._upn(la_code, born) if at_school and self.rng.random() < 0.3 else "",
            disability=weighted_choice(self.facts, DISABILITY),
        )

    def _unborn(self, home: Household, on: date) -> SubjectDetails:
        return SubjectDetails(
            given_name="Unborn",
            family_name=home.family_name,
            role="subject_child",
            expected_date_of_birth=on + timedelta(days=self.rng.randint(20, 200)),
            sex="U",
            address=home.address,
            postcode=home.postcode,
        )

    def _adult(
        self, home: Household, on: date, *, role: str, sex: str, ages: tuple[int, int]
    ) -> SubjectDetails:
        """An adult; referrers often do not know a parent's or partner's date of birth."""
        same_name = role != "alleged_perpetrator" and self.rng.random() < 0.8
        born = self._born(on, *ages)
        known = role == "adult_at_risk" or self.rng.random() < 0.4
        return SubjectDetails(
            given_name=self._given_name(sex),
            family_name=home.family_name if same_name else self.fake.last_name(),
            role=role,
            date_of_birth=born if known else None,
            sex=sex,
            ethnicity=self._ethnicity(),
            address=home.address if role != "alleged_perpetrator" else "",
            postcode=home.postcode if role != "alleged_perpetrator" else "",
        )

    def _children_and_carer(self, la_code: str, on: date, *, source: str) -> list[SubjectDetails]:
        """A new family, or (about 8%) a child referred before: the re-referral shows."""
        earlier = self.earlier[la_code]
        if source != "1C" and earlier and self.rng.random() < 0.08:
            family = list(self.rng.choice(earlier))
            if self.rng.random() < 0.35:
                family[0] = self._as_told_differently(family[0], on)
            return family
        people = self._new_family(la_code, on, source=source)
        if people[0].date_of_birth is not None:
            earlier.append([p for p in people if p.role != "sibling"])
        return people

    def _as_told_differently(self, child: SubjectDetails, on: date) -> SubjectDetails:
        """The same child as another referrer records them: a typo in the first name, or the
        day and month of birth swapped (never to a day after this contact). Matching offers the
        earlier record; the hub decides."""
        born = child.date_of_birth
        if (
            born is not None
            and born.day <= 12
            and born.day != born.month
            and self.rng.random() < 0.5
            and born.replace(day=born.month, month=born.day) <= on
        ):
            return replace(child, date_of_birth=born.replace(day=born.month, month=born.day))
        name = child.given_name
        if len(name) > 3:
            at = self.rng.randrange(1, len(name) - 1)
            name = name[:at] + name[at + 1] + name[at] + name[at + 2 :]
        return replace(child, given_name=name)

    def _new_family(self, la_code: str, on: date, *, source: str) -> list[SubjectDetails]:
        home = self._household(la_code)
        if source in HEALTH_SOURCES and self.rng.random() < 0.12:
            child = self._unborn(home, on)
        else:
            ages = (12, 17) if source == "1C" else (5, 16) if source == "2A" else (0, 17)
            child = self._child(la_code, home, on, role="subject_child", ages=ages)
        people = [child]
        if self.rng.random() < 0.75 or child.expected_date_of_birth:
            sex = "F" if self.rng.random() < 0.75 or child.expected_date_of_birth else "M"
            age = (on - child.date_of_birth).days // 365 if child.date_of_birth else 0
            ages = (age + 18, age + 40)
            people.append(self._adult(home, on, role="parent_carer", sex=sex, ages=ages))
        for _ in range(self.rng.choice((0, 0, 0, 0, 0, 0, 0, 1, 1, 2))):
            people.append(self._child(la_code, home, on, role="sibling", ages=(0, 17)))
        return people

    # --- what --------------------------------------------------------------------------------

    def _referrer(
        self, source: str, subjects: Sequence[SubjectDetails], la_code: str
    ) -> ReferrerDetails:
        kind = _kind(source)
        if source == "9" or (source in ("1B", "1D") and self.rng.random() < 0.2):
            return ReferrerDetails(kind="public", anonymous=True)
        first, last = self.fake.first_name(), self.fake.last_name()
        if source == "1C":
            first, last = subjects[0].given_name, subjects[0].family_name
        role = self.rng.choice(REFERRER_ROLES.get(source, ("",)))
        mobile = f"07700 900{self.rng.randint(0, 999):03d}"
        if source in PUBLIC_SOURCES:
            return ReferrerDetails(kind="public", name=f"{first} {last}", role=role, phone=mobile)
        organisation = self._organisation(source, kind, la_code)
        domain = "-".join(
            "".join(c for c in organisation.lower() if c.isalnum() or c == " ").split()
        )
        organisation = self._as_typed(organisation)
        handle = "".join(c for c in f"{first}.{last}".lower() if c.isalpha() or c == ".")
        return ReferrerDetails(
            kind="professional",
            name=f"{first} {last}",
            role=role,
            organisation=organisation,
            phone=f"01632 960{self.rng.randint(0, 999):03d}",
            email=f"{handle}@{domain}.example",
        )

    def _organisation(self, source: str, kind: str, la_code: str) -> str:
        if source == "2A":
            return weighted_choice(self.facts, SCHOOLS[la_code])
        if source == "3A":
            return weighted_choice(self.facts, GP_SURGERIES[la_code])
        if source == "4":
            return HOUSING[la_code]
        if source == "8":
            return FAMILY_CENTRES[la_code]
        return ORGANISATIONS.get(source, kind)

    def _as_typed(self, organisation: str) -> str:
        """Now and then a referrer types the name differently (the report groups them)."""
        roll = self.facts.random()
        if roll < 0.06:
            return organisation.lower()
        if roll < 0.1:
            return organisation.replace(" ", "  ", 1)
        return organisation

    def _poorly(self, details: ContactDetails) -> ContactDetails:
        """A poor referral: consent seldom sought, and facts left out."""
        consent, reason = "given", ""
        roll = self.facts.random()
        if roll < 0.4:
            consent, reason = "refused", self.facts.choice(REFUSED_REASONS)
        elif roll < 0.85:
            consent, reason = "not_sought", self.facts.choice(NOT_SOUGHT_REASONS)
        family_aware = "yes"
        if consent == "not_sought":
            family_aware = "not_known" if self.facts.random() < 0.6 else "no"
        return replace(
            details,
            consent=consent,
            consent_reason=reason,
            family_aware=family_aware,
            action_taken="" if self.facts.random() < 0.6 else details.action_taken,
        )

    def _concern(
        self, source: str, cohort: str, subjects: Sequence[SubjectDetails], on: date
    ) -> Concern:
        if cohort == "adult_at_risk":
            return ADULT_CONCERNS
        if cohort == "domestic_abuse" and subjects[0].role != "subject_child":
            return DOMESTIC_ABUSE_NO_CHILDREN
        if subjects[0].expected_date_of_birth:
            return self.rng.choice(PRE_BIRTH)
        if cohort == "domestic_abuse":
            return CONCERNS["domestic_abuse"]
        age = _age(subjects[0], on)
        mix = {
            name: weight
            for name, weight in CONCERN_MIX[_kind(source)].items()
            if CONCERNS[name].suits(age) and not (source == "6" and name == "domestic_abuse")
        }  # police domestic abuse is its own cohort
        return CONCERNS[weighted_choice(self.rng, mix)]

    def _words(self, concern: Concern, subjects: Sequence[SubjectDetails], on: date) -> str:
        child = subjects[0]
        adults = [s for s in subjects if s.role in ("parent_carer", "other_adult", "adult_at_risk")]
        adult_name = f"{adults[0].given_name} {adults[0].family_name}" if adults else "their mother"
        age = _age(child, on)
        child_name = child.given_name
        if child.role == "subject_child":
            child_name = (
                f"{child.given_name} (aged {age})" if age else f"{child.given_name} (a baby)"
            )
        text = self.rng.choice(concern.suits(age)).format(
            child=child_name,
            adult=adult_name,
            pct=self.rng.randint(62, 88),
            n=self.rng.randint(2, 4),
            nth=self.rng.choice(("second", "third", "fourth")),
            dash=self.rng.choice(("standard", "standard", "medium", "high")),
        )
        return text[0].upper() + text[1:]

    def details(self, *, received_at: datetime, la_code: str, source: str) -> ContactDetails:
        kind = _kind(source)
        on = received_at.astimezone(LONDON).date()
        cohort = self._cohort(source)
        if cohort == "adult_at_risk":
            home = self._household(la_code)
            sex = self._sex()
            subjects = [self._adult(home, on, role="adult_at_risk", sex=sex, ages=(18, 94))]
        elif cohort == "domestic_abuse" and self.rng.random() < 0.4:
            home = self._household(la_code)
            subjects = [
                self._adult(home, on, role="other_adult", sex="F", ages=(18, 60)),
                self._adult(home, on, role="alleged_perpetrator", sex="M", ages=(18, 60)),
            ]
        else:
            subjects = self._children_and_carer(la_code, on, source=source)
            if cohort == "domestic_abuse":
                home = Household(subjects[0].family_name, subjects[0].address, subjects[0].postcode)
                perpetrator = self._adult(
                    home, on, role="alleged_perpetrator", sex="M", ages=(19, 55)
                )
                subjects.append(perpetrator)
        concern = self._concern(source, cohort, subjects, on)
        categories = list(concern.categories[: self.rng.choice((1, len(concern.categories)))])
        consent, reason = self._consent(source)
        channel = weighted_choice(self.rng, CHANNELS[kind])
        details = ContactDetails(
            local_authority_code=la_code,
            channel=channel,
            referral_source=source,
            referrer=self._referrer(source, subjects, la_code),
            subjects=subjects,
            cohort=cohort,
            concern=self._words(concern, subjects, on),
            family_aware={"given": "yes", "refused": "yes"}.get(
                consent, self.rng.choice(("no", "not_known"))
            ),
            consent=consent,
            consent_reason=reason,
            referrer_urgency=weighted_choice(
                self.rng, dict(zip(("immediate", "soon", "routine"), concern.urgency, strict=True))
            ),
            action_taken=ACTIONS[kind].format(child=subjects[0].given_name),
            categories=categories,
            received_at=received_at,
        )
        if " ".join(details.referrer.organisation.split()).casefold() in POOR_SCHOOLS:
            return self._poorly(details)
        return details

    def _cohort(self, source: str) -> str:
        adult = {"5A": 0.6, "6": 0.04, "1A": 0.05}.get(
            source, 0.1 if source in HEALTH_SOURCES else 0.02
        )
        roll = self.rng.random()
        if roll < adult:
            return "adult_at_risk"
        if source == "6" and roll < adult + 0.35:
            return "domestic_abuse"
        return "child"

    def _consent(self, source: str) -> tuple[str, str]:
        if source in PUBLIC_SOURCES:
            return "not_sought", PUBLIC_NOT_SOUGHT
        if source == "6" and self.rng.random() < 0.7:
            return "not_sought", POLICE_NOT_SOUGHT
        roll = self.rng.random()
        if roll < 0.55:
            return "given", ""
        if roll < 0.88:
            return "not_sought", self.rng.choice(NOT_SOUGHT_REASONS)
        return "refused", self.rng.choice(REFUSED_REASONS)


class PeopleSeen:
    """Links a demo contact's subjects to people already on record, as a practitioner would
    on the staff pages: the same name and date of birth, told by phone, email, letter or in
    person. Contacts from the online form and partner systems are left for the hub to check
    (their subjects are new records, offered as possible matches on the contact page)."""

    UNCHECKED_CHANNELS = frozenset({"online_form", "partner_api"})

    def __init__(self) -> None:
        self.known: dict[tuple[str, str, date | None, date | None], int] = {}

    @staticmethod
    def _key(subject: SubjectDetails) -> tuple[str, str, date | None, date | None]:
        return (
            subject.given_name.casefold(),
            subject.family_name.casefold(),
            subject.date_of_birth,
            subject.expected_date_of_birth,
        )

    def link(self, details: ContactDetails) -> ContactDetails:
        if details.channel in self.UNCHECKED_CHANNELS:
            return details
        subjects = [
            replace(s, existing_person_id=self.known.get(self._key(s)), identity_checked=True)
            for s in details.subjects
        ]
        return replace(details, subjects=subjects)

    def remember(self, contact: Contact) -> None:
        for subject in contact.subjects.select_related("person"):
            person = subject.person
            key = (
                person.given_name.casefold(),
                person.family_name.casefold(),
                person.date_of_birth,
                person.expected_date_of_birth,
            )
            self.known.setdefault(key, person.pk)


def plan_contacts(*, seed: int, weeks: int, now: datetime) -> list[ContactDetails]:
    """Every demo contact of the last `weeks` weeks up to `now`, oldest first. Writes nothing."""
    holidays = bank_holidays()
    maker = ContactMaker(
        seed=seed, is_working_day=lambda day: day.weekday() < 5 and day not in holidays
    )
    return [
        maker.details(received_at=at, la_code=code, source=source)
        for at, code, source in maker.arrivals(weeks=weeks, now=now)
    ]


def is_poor_referral(details: ContactDetails) -> bool:
    """A professional's referral that does not say what the referrer has done: the MASH can
    seldom establish the concern, so it more often ends in advice."""
    return details.referrer.kind == "professional" and not details.action_taken.strip()


__all__ = [
    "POOR_REFERRERS",
    "SCHOOLS",
    "WEEKLY_CONTACTS",
    "ContactMaker",
    "PeopleSeen",
    "is_poor_referral",
    "plan_contacts",
    "weighted_choice",
]
