"""A synthetic national palliative-medicine network for the demo and the benchmarks, deterministic by seed.

The network is built in two phases. *Building* is pure: every step turns the seed into plain rows
held in memory (institutions and people refer to each other by position, never by database id).
*Writing* then bulk-inserts those rows in one transaction and records the ids it got back, so a
later step can point at earlier rows. Each step draws from a random stream of its own, derived
from the seed and the step's name, so adding a step never changes what the earlier ones make.

Later capabilities add history (assessments, relationships, meetings, groups) by registering a
step of their own with `register_step`, usually from their AppConfig.ready().

The proportions follow Carey & Weissman (J Palliat Med 2010): palliative medicine has few
mid-level and senior faculty, so most people are early in their career, some institutions have
no senior palliative faculty at all, and the expertise most in demand (career planning,
research, leadership) is held by the fewest mentors with room to take a protégé.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import random
import string
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from directory.vocabulary import ARTICLE_DOMAINS, SPECIALTIES, AcademicRank, CareerStage, MentorRole

DEMO_PASSWORD = "mosaic-demo-2026"
DEFAULT_SEED = 2010
DEFAULT_FACULTY = 600
DEFAULT_INSTITUTIONS = 40

# Share of faculty at each career stage: senior and mid-level people are scarce.
STAGE_SHARES = {CareerStage.SENIOR: 0.13, CareerStage.MID: 0.28}


# --- the rows a build produces ---------------------------------------------------------------

@dataclass(slots=True)
class InstitutionRow:
    name: str
    short_name: str
    city: str
    region: str
    time_zone: str
    mail_domain: str
    kind: str
    size: float
    has_senior: bool


@dataclass(slots=True)
class PersonRow:
    email: str
    display_name: str
    degrees: str
    academic_rank: str
    career_start_year: int
    institution: int  # position in the institutions step's rows
    department: str
    specialty: str
    bio: str
    domains: tuple[str, ...]  # domain slugs
    roles: tuple[str, ...]  # MentorRole values
    capacity: int
    accepting_now: bool
    mentors_remotely: bool
    languages: str
    time_zone: str
    listed: bool
    date_joined: dt.datetime
    stage: str
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(slots=True)
class SignIn:
    key: str
    label: str
    person: PersonRow
    grants: tuple[tuple[str, int | None], ...] = ()  # (StaffRole value, institution position or None)


@dataclass(frozen=True)
class DemoStep:
    """One stage of the demo: `build(network)` returns rows, `write(network, rows)` stores them."""

    name: str
    order: int
    build: Callable[[DemoNetwork], Any]
    write: Callable[[DemoNetwork, Any], None]
    describe: Callable[[DemoNetwork, Any], dict[str, int]] | None = None


_STEPS: dict[str, DemoStep] = {}


def register_step(step: DemoStep) -> DemoStep:
    """Add (or replace) a step; steps run in ascending `order` (institutions 100, people 200, sign-ins 300)."""
    _STEPS[step.name] = step
    return step


def registered_steps() -> list[DemoStep]:
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))


@dataclass
class DemoNetwork:
    """What to generate, the rows built from the seed, and the ids they were stored under."""

    seed: int = DEFAULT_SEED
    faculty: int = DEFAULT_FACULTY
    institutions: int = DEFAULT_INSTITUTIONS
    year: int = field(default_factory=lambda: timezone.now().year)  # career stages are counted from it
    rows: dict[str, Any] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if self.faculty < 0 or self.institutions < 1:
            raise ValueError("A network needs at least one institution and no negative number of faculty.")

    def rng(self, purpose: str) -> random.Random:
        """A random stream for one purpose; string seeds hash with SHA-512, so it is stable across runs."""
        return random.Random(f"mosaic-demo:{self.seed}:{purpose}")

    @functools.cached_property
    def reference_date(self) -> dt.datetime:
        """The moment the network's history is told from: the first morning of `year`."""
        return dt.datetime(self.year, 1, 1, 9, 0, tzinfo=dt.UTC)

    @functools.cached_property
    def password_hash(self) -> str:
        """The shared demo password, hashed once for everyone (Argon2 per person would take hours at 100,000).

        The salt comes from the seed, so the same seed stores the same hash.
        """
        rng = self.rng("password")
        salt = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(22))
        return make_password(DEMO_PASSWORD, salt=salt)

    def build(self, steps: Iterable[DemoStep] | None = None) -> DemoNetwork:
        for step in steps or registered_steps():
            self.rows[step.name] = step.build(self)
        return self

    def write(self, steps: Iterable[DemoStep] | None = None) -> dict[str, int]:
        """Store every built step in one transaction; returns counts of what was written."""
        counts: dict[str, int] = {}
        _give_sqlite_room()
        with transaction.atomic():
            for step in steps or registered_steps():
                step.write(self, self.rows[step.name])
                if step.describe:
                    counts.update(step.describe(self, self.rows[step.name]))
        _refresh_planner_statistics()
        return counts


# --- word lists ------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return text.split()


# (weight, first names, family names, extra languages with their chances)
NAME_GROUPS = [
    (42, _words("""Emily Sarah Jessica Rachel Laura Megan Katherine Elizabeth Anna Claire Rebecca Hannah Lauren
        Allison Caroline Margaret Julia Abigail Molly Natalie Victoria Meredith Susan Karen Linda Patricia Catherine
        Jennifer Amanda Heather Kristen Erin Kelly Michael David James John Robert William Daniel Matthew Andrew
        Christopher Thomas Benjamin Jonathan Samuel Nathan Patrick Timothy Peter Stephen Mark Paul Richard Eric
        Brian Kevin Adam Jacob Ethan Alexander Gregory Charles Joseph Henry Owen Sean Colin Noah Aaron Miriam Leah
        Ruth Naomi Ezra Eli Ingrid Astrid Lars Anders Greta Katarzyna Piotr Tomasz Agnieszka Marco Giulia
        Francesca Luca Sofia Elena Nikolai Irina Dmitri Olga Anya Sven Bridget Siobhan Fiona Declan"""),
     _words("""Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Thompson
        White Harris Clark Lewis Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell
        Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper
        Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson Brooks Bennett Gray Hughes Price Sanders Myers
        Long Ross Foster Powell Perry Russell Sullivan Bell Butler Henderson Barnes Fisher Hayes Graham Wallace
        Gibson Ellis Hamilton Marshall Owens Kennedy Wells Hoffman Schmidt Weber Becker Schneider Meyer Wagner Klein
        Novak Kowalski Nowak Rossi Russo Romano Bianchi Esposito Ivanov Petrov Volkov Lindqvist Larsen Hansen
        Nielsen Olsen Berg Cohen Levy Friedman Goldberg Katz Rosen Shapiro Weiss Kaplan O'Brien O'Connor Gallagher
        Doyle Brennan Walsh Byrne McCarthy Fitzgerald MacDonald Fraser Whitaker Hollis Pruitt Langley Ashford
        Whitmore Caldwell Thornton"""),
     (("Spanish", 0.07), ("French", 0.03), ("German", 0.01), ("Italian", 0.01), ("Russian", 0.01))),
    (8, _words("""Jasmine Aaliyah Imani Kendra Tamika Ebony Monique Tiana Keisha Danielle Alicia Crystal Brittany
        Andre Darnell Malik Jamal Terrence Marcus Derrick Cedric Reginald Jerome Dwayne Isaiah Elijah Xavier"""),
     _words("""Washington Jefferson Banks Freeman Booker Mosley Dorsey Gaines Ware Glover Holloway Tate Merriweather
        Jenkins Coleman Simmons Pierce Bryant Hawkins Robinson Jackson Harris Grant Rhodes Battle"""),
     (("Spanish", 0.04), ("French", 0.02))),
    (14, _words("""María José Carmen Ana Lucía Isabel Gabriela Daniela Valeria Mariana Alejandra Paula Camila Adriana
        Verónica Rosa Elena Patricia Luis Carlos Juan Javier Miguel Alejandro Diego Jorge Ricardo Fernando Eduardo
        Andrés Rafael Sergio Manuel Antonio Pablo Mateo Santiago Julián Tomás Marisol Yesenia"""),
     _words("""García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores Rivera Gómez
        Díaz Reyes Morales Cruz Ortiz Gutiérrez Chávez Ramos Ruiz Álvarez Mendoza Castillo Jiménez Moreno Romero
        Herrera Medina Aguilar Vargas Castro Guerrero Delgado Vega Soto Navarro Salazar Fuentes Cabrera Espinoza
        Ibarra Serrano Montoya"""),
     (("Spanish", 0.6), ("Portuguese", 0.03))),
    (12, _words("""Priya Anjali Kavya Neha Pooja Divya Shreya Aditi Meera Lakshmi Sunita Ritu Ananya Nisha Deepa Swati
        Rajesh Arjun Vikram Rahul Sanjay Amit Rohan Karthik Anil Suresh Ravi Nikhil Aditya Varun Sameer Imran Farah
        Ayesha Zainab Tariq"""),
     _words("""Patel Shah Sharma Gupta Singh Kumar Reddy Rao Iyer Nair Menon Desai Mehta Joshi Kapoor Malhotra Chopra
        Bhatt Agarwal Krishnan Subramanian Venkatesh Chatterjee Banerjee Mukherjee Das Bose Sen Khan Qureshi Hussain
        Siddiqui Ahmed Chaudhry Pillai"""),
     (("Hindi", 0.35), ("Gujarati", 0.06), ("Tamil", 0.06), ("Bengali", 0.05), ("Urdu", 0.05))),
    (8, _words("""Wei Jing Li Mei Xin Yan Hui Ying Lin Xiao Jun Hao Ming Lei Yu Fang Ting Qing Zhen Jie Yi Yun Grace
        Michelle Jennifer Eric Kevin Alice Vivian Jason Andrew"""),
     _words("""Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Zheng Liang Xie Tang
        Han Feng Deng Cao Peng Zeng Lu Cheng Yuan Tan Chan Wong Lee Leung Ng"""),
     (("Mandarin", 0.5), ("Cantonese", 0.12))),
    (3, _words("""Ji-woo Min-jun Seo-yeon Ji-hoon Hye-jin Eun-ji Soo-jin Jae-won Sung-min Hyun-woo Yuna Minji Daniel
        Grace Esther Joseph"""),
     _words("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Oh Seo Kwon Hwang Song Ahn"),
     (("Korean", 0.45),)),
    (3, _words("Linh Thao Mai Huong Lan Trang Ngoc Anh Minh Tuan Duc Hieu Long Khanh Bao Quang Vy Phuong"),
     _words("Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly"),
     (("Vietnamese", 0.5),)),
    (5, _words("""Adaeze Chioma Ngozi Oluwaseun Folasade Abimbola Funmilayo Nneka Amara Efua Akosua Ama Kwame Kofi Chidi
        Emeka Obinna Tunde Olumide Yaw Kwabena Ifeoma Babajide"""),
     _words("""Okafor Okonkwo Adeyemi Adebayo Eze Nwosu Obi Okeke Oyelaran Balogun Olaniyan Mensah Asante Owusu Boateng
        Appiah Osei Danso Achebe Nwachukwu"""),
     (("Yoruba", 0.15), ("Igbo", 0.12), ("Twi", 0.08), ("French", 0.06))),
    (5, _words("Omar Ahmad Yusuf Karim Hassan Ali Samir Rami Nadia Layla Yasmin Leila Rania Dina Hala Mariam Noor Sara "
               "Khalil Tarek"),
     _words("""Haddad Khoury Nasser Hamdan Saleh Mansour Aziz Farah Hassan Rahman Abboud Karam Saad Issa Darwish Bishara
        Yousef Sabbagh"""),
     (("Arabic", 0.5), ("French", 0.1))),
]
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTVW"

# (city, state, time zone)
CITIES = [
    ("Boston", "MA", "America/New_York"), ("Worcester", "MA", "America/New_York"),
    ("Providence", "RI", "America/New_York"), ("Hartford", "CT", "America/New_York"),
    ("New Haven", "CT", "America/New_York"), ("Burlington", "VT", "America/New_York"),
    ("Portland", "ME", "America/New_York"), ("Manchester", "NH", "America/New_York"),
    ("Albany", "NY", "America/New_York"), ("Rochester", "NY", "America/New_York"),
    ("Buffalo", "NY", "America/New_York"), ("Syracuse", "NY", "America/New_York"),
    ("New York", "NY", "America/New_York"), ("Newark", "NJ", "America/New_York"),
    ("Philadelphia", "PA", "America/New_York"), ("Pittsburgh", "PA", "America/New_York"),
    ("Hershey", "PA", "America/New_York"), ("Baltimore", "MD", "America/New_York"),
    ("Wilmington", "DE", "America/New_York"), ("Washington", "DC", "America/New_York"),
    ("Richmond", "VA", "America/New_York"), ("Charlottesville", "VA", "America/New_York"),
    ("Norfolk", "VA", "America/New_York"), ("Morgantown", "WV", "America/New_York"),
    ("Durham", "NC", "America/New_York"), ("Chapel Hill", "NC", "America/New_York"),
    ("Charlotte", "NC", "America/New_York"), ("Winston-Salem", "NC", "America/New_York"),
    ("Charleston", "SC", "America/New_York"), ("Columbia", "SC", "America/New_York"),
    ("Atlanta", "GA", "America/New_York"), ("Augusta", "GA", "America/New_York"),
    ("Jacksonville", "FL", "America/New_York"), ("Gainesville", "FL", "America/New_York"),
    ("Miami", "FL", "America/New_York"), ("Tampa", "FL", "America/New_York"),
    ("Orlando", "FL", "America/New_York"), ("Cincinnati", "OH", "America/New_York"),
    ("Cleveland", "OH", "America/New_York"), ("Columbus", "OH", "America/New_York"),
    ("Toledo", "OH", "America/New_York"), ("Detroit", "MI", "America/Detroit"),
    ("Ann Arbor", "MI", "America/Detroit"), ("Grand Rapids", "MI", "America/Detroit"),
    ("Indianapolis", "IN", "America/Indiana/Indianapolis"), ("Louisville", "KY", "America/Kentucky/Louisville"),
    ("Lexington", "KY", "America/New_York"), ("Knoxville", "TN", "America/New_York"),
    ("Nashville", "TN", "America/Chicago"), ("Memphis", "TN", "America/Chicago"),
    ("Birmingham", "AL", "America/Chicago"), ("Mobile", "AL", "America/Chicago"),
    ("Jackson", "MS", "America/Chicago"), ("New Orleans", "LA", "America/Chicago"),
    ("Shreveport", "LA", "America/Chicago"), ("Little Rock", "AR", "America/Chicago"),
    ("Chicago", "IL", "America/Chicago"), ("Peoria", "IL", "America/Chicago"),
    ("Springfield", "IL", "America/Chicago"), ("Milwaukee", "WI", "America/Chicago"),
    ("Madison", "WI", "America/Chicago"), ("Minneapolis", "MN", "America/Chicago"),
    ("Rochester", "MN", "America/Chicago"), ("Iowa City", "IA", "America/Chicago"),
    ("Des Moines", "IA", "America/Chicago"), ("St. Louis", "MO", "America/Chicago"),
    ("Kansas City", "MO", "America/Chicago"), ("Columbia", "MO", "America/Chicago"),
    ("Omaha", "NE", "America/Chicago"), ("Lincoln", "NE", "America/Chicago"),
    ("Wichita", "KS", "America/Chicago"), ("Oklahoma City", "OK", "America/Chicago"),
    ("Tulsa", "OK", "America/Chicago"), ("Houston", "TX", "America/Chicago"),
    ("Dallas", "TX", "America/Chicago"), ("San Antonio", "TX", "America/Chicago"),
    ("Austin", "TX", "America/Chicago"), ("Galveston", "TX", "America/Chicago"),
    ("Lubbock", "TX", "America/Chicago"), ("Sioux Falls", "SD", "America/Chicago"),
    ("Fargo", "ND", "America/Chicago"), ("El Paso", "TX", "America/Denver"),
    ("Albuquerque", "NM", "America/Denver"), ("Denver", "CO", "America/Denver"),
    ("Aurora", "CO", "America/Denver"), ("Salt Lake City", "UT", "America/Denver"),
    ("Boise", "ID", "America/Boise"), ("Billings", "MT", "America/Denver"),
    ("Phoenix", "AZ", "America/Phoenix"), ("Tucson", "AZ", "America/Phoenix"),
    ("Las Vegas", "NV", "America/Los_Angeles"), ("Reno", "NV", "America/Los_Angeles"),
    ("Seattle", "WA", "America/Los_Angeles"), ("Spokane", "WA", "America/Los_Angeles"),
    ("Portland", "OR", "America/Los_Angeles"), ("Sacramento", "CA", "America/Los_Angeles"),
    ("San Francisco", "CA", "America/Los_Angeles"), ("Oakland", "CA", "America/Los_Angeles"),
    ("Los Angeles", "CA", "America/Los_Angeles"), ("San Diego", "CA", "America/Los_Angeles"),
    ("Irvine", "CA", "America/Los_Angeles"), ("Fresno", "CA", "America/Los_Angeles"),
    ("Anchorage", "AK", "America/Anchorage"), ("Honolulu", "HI", "Pacific/Honolulu"),
]

# Invented place names, so no generated institution is mistaken for a real one.
PLACES = _words("""Lakeshore Riverbend Bayside Northfield Pinecrest Magnolia Bluegrass Tidewater Juniper Stonebridge
    Eastbrook Westhaven Southgate Northshore Clearwater Fairhaven Brookside Highland Meadowbrook Elmwood Ashford
    Kingsbridge Evergreen Heartland Piedmont Cypress Palmetto Laurel Sycamore Hawthorne Summit Keystone Pioneer
    Frontier Riverstone Foxhall Bellwood Greenfield Whitestone Cedarhurst Oakmont Willowbrook Silverton Redfield
    Granite Harborside Prairieview Crestwood Maplewood Glenhaven Lindenwood Rosemont Thornbury Ironwood Stillwater
    Bridgewater Wildwood Amberley Kestrel Hollins""") + [
    "Cedar Valley", "Red Rock", "Great Plains", "Sierra Vista", "High Desert", "Willow Creek", "Maple Ridge",
    "Silver Lake", "Oak Hollow", "Blue Ridge", "Golden Valley", "Sun Valley", "Three Rivers", "Twin Lakes",
    "Aspen Grove", "Mill Creek", "Lone Pine", "Copper Hills", "Harbor Point", "Coastal Plains",
]

# kind: (weight, [(name template, short template)], size, chance of having no senior palliative faculty)
INSTITUTION_KINDS = {
    "academic": (44, [("{p} University Medical Center", "{p} UMC"),
                      ("{p} University School of Medicine", "{p} SOM"),
                      ("{p} Health Sciences University", "{p} HSU"),
                      ("{p} Academic Health System", "{p} Health")], 3.0, 0.05),
    "cancer": (12, [("{p} Cancer Institute", "{p} Cancer Institute"),
                    ("{p} Comprehensive Cancer Center", "{p} Cancer Center")], 2.0, 0.15),
    "children": (8, [("{p} Children's Hospital", "{p} Children's")], 1.1, 0.3),
    "regional": (15, [("{p} Regional Medical Center", "{p} Regional"),
                      ("{p} Memorial Hospital", "{p} Memorial")], 1.0, 0.4),
    "veterans": (8, [("{p} Veterans Affairs Medical Center", "{p} VA")], 1.0, 0.3),
    "hospice": (8, [("{p} Hospice and Palliative Care", "{p} Hospice")], 0.5, 0.6),
    "nursing": (5, [("{p} College of Nursing", "{p} Nursing")], 0.6, 0.3),
}

# specialty: (weight, [(degrees, weight)], [departments])
PHYSICIAN_DEGREES = [("MD", 58), ("DO", 12), ("MD MPH", 9), ("MD MS", 5), ("MD PhD", 5), ("MD MSc", 3),
                     ("MD MHPE", 2), ("MBBS", 4), ("MD MBA", 2)]
SPECIALTY_PROFILES = {
    "Palliative medicine": (30, PHYSICIAN_DEGREES, [
        "Department of Medicine, Division of Palliative Care", "Section of Palliative Medicine",
        "Department of Supportive and Palliative Care", "Division of General Internal Medicine and Palliative Care"]),
    "Hospice and palliative medicine": (22, PHYSICIAN_DEGREES, [
        "Division of Hospice and Palliative Medicine", "Department of Family Medicine, Palliative Care Section",
        "Department of Medicine, Section of Hospice and Palliative Medicine"]),
    "Geriatrics": (12, PHYSICIAN_DEGREES, [
        "Division of Geriatrics and Palliative Medicine", "Department of Medicine, Section of Geriatrics",
        "Center for Healthy Aging"]),
    "Oncology": (10, PHYSICIAN_DEGREES, [
        "Division of Hematology and Oncology", "Department of Medical Oncology", "Department of Radiation Oncology"]),
    "Internal medicine": (10, PHYSICIAN_DEGREES, [
        "Department of Internal Medicine", "Division of General Internal Medicine", "Division of Hospital Medicine"]),
    "Pediatric palliative care": (6, PHYSICIAN_DEGREES, [
        "Department of Pediatrics, Pediatric Advanced Care Team", "Division of Pediatric Palliative Care"]),
    "Palliative nursing": (7, [("RN PhD", 40), ("PhD RN", 20), ("DNP RN", 25), ("MSN RN", 15)], [
        "School of Nursing", "Department of Nursing Research", "Palliative Care Nursing Program"]),
    "Psycho-oncology": (3, [("PhD", 50), ("PsyD", 20), ("MD", 20), ("LCSW PhD", 10)], [
        "Department of Psychiatry", "Department of Psychosocial Oncology", "Division of Behavioral Medicine"]),
}
# Institutions of some kinds draw their faculty mostly from a few specialties.
KIND_SPECIALTY_BOOST = {
    "cancer": {"Oncology": 4.0, "Psycho-oncology": 4.0, "Pediatric palliative care": 0.3},
    "children": {"Pediatric palliative care": 12.0, "Geriatrics": 0.05, "Oncology": 0.5},
    "hospice": {"Hospice and palliative medicine": 2.5, "Palliative nursing": 2.5, "Psycho-oncology": 0.2},
    "veterans": {"Geriatrics": 2.5, "Internal medicine": 1.5, "Pediatric palliative care": 0.0},
    "nursing": {"Palliative nursing": 60.0, "Psycho-oncology": 3.0},
}
CLINICIAN_NOUNS = {
    "Palliative medicine": "palliative care physician",
    "Hospice and palliative medicine": "hospice and palliative medicine physician",
    "Geriatrics": "geriatrician",
    "Oncology": "oncologist",
    "Internal medicine": "internist",
    "Pediatric palliative care": "pediatric palliative care physician",
    "Palliative nursing": "palliative care nurse scientist",
    "Psycho-oncology": "psycho-oncology clinician",
}

# How often a domain is someone's expertise, by stage: what juniors most need (career planning,
# research, leadership) is rare even among mid-level and senior faculty.
DOMAIN_WEIGHTS = {
    "career-planning": (0.8, 2.0, 4.0),
    "research": (1.5, 3.0, 5.0),
    "leadership": (0.4, 1.5, 4.0),
    "education": (8.0, 8.0, 6.0),
    "clinical-practice": (12.0, 10.0, 6.0),
    "program-development": (1.5, 3.5, 4.0),
    "administration": (0.5, 2.0, 3.0),
    "business-practices": (0.3, 0.8, 1.5),
    "conflict-resolution": (1.2, 2.0, 2.0),
    "team-building": (4.0, 4.0, 3.0),
    "work-life-balance": (3.0, 3.0, 2.5),
    "personal-growth": (3.0, 2.5, 2.0),
}
STAGE_INDEX = {CareerStage.EARLY: 0, CareerStage.MID: 1, CareerStage.SENIOR: 2}
DOMAIN_COUNT_WEIGHTS = {CareerStage.EARLY: (45, 35, 15, 5), CareerStage.MID: (15, 35, 35, 15),
                        CareerStage.SENIOR: (5, 25, 40, 30)}
DOMAIN_PHRASES = {slug: name[0].lower() + name[1:] for slug, name in ARTICLE_DOMAINS}

# Roles besides sponsor and agent, with how readily each stage offers them.
GENERAL_ROLES = {
    MentorRole.TEACHER: (5, 4, 3),
    MentorRole.ADVISOR: (0, 4, 5),
    MentorRole.ROLE_MODEL: (0, 3, 4),
    MentorRole.ACADEMIC_COACH: (0, 2, 3),
    MentorRole.CONFIDANTE: (4, 3, 3),
}
ROLE_ORDER = list(MentorRole.values)

SENIOR_PROGRAMS = ["the palliative care consult service", "the hospice and palliative medicine fellowship",
                   "the inpatient palliative care unit", "the faculty development office",
                   "the supportive oncology program", "the ethics committee", "a hospice medical directorship"]
# Needs early-career faculty look for and rarely find among the people near them.
SOUGHT_DOMAINS = ["career-planning", "research", "leadership", "program-development", "administration"]


def _draw(rng: random.Random, options, cum: list[float]):
    """One option drawn by weight, given cumulative weights (what random.choices does, without its overhead)."""
    return options[bisect.bisect(cum, rng.random() * cum[-1])]


_CUMULATIVE: dict[tuple, list[float]] = {}


def _draw_weighted(rng: random.Random, options, weights: tuple):
    cum = _CUMULATIVE.get(weights)
    if cum is None:
        cum = _CUMULATIVE[weights] = _cumulative(weights)
    return _draw(rng, options, cum)


@functools.lru_cache(maxsize=4096)
def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _cumulative(weights: Iterable[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _pick_distinct(rng: random.Random, options: list, cum: list[float], k: int) -> list:
    """`k` different options drawn by weight (`k` no more than the options of positive weight)."""
    chosen: list = []
    while len(chosen) < k:
        item = _draw(rng, options, cum)
        if item not in chosen:
            chosen.append(item)
    return chosen


# --- building: institutions ------------------------------------------------------------------

def build_institutions(net: DemoNetwork) -> list[InstitutionRow]:
    rng = net.rng("institutions")
    kinds = list(INSTITUTION_KINDS)
    kind_cum = _cumulative(INSTITUTION_KINDS[k][0] for k in kinds)
    cities = CITIES[:]
    rng.shuffle(cities)
    places = PLACES[:]
    rng.shuffle(places)
    # A place is one city's health system: every institution named after it stands in that city.
    place_city = {place: cities[i % len(cities)] for i, place in enumerate(places)}

    rows: list[InstitutionRow] = []
    used_names: set[str] = set()
    used_domains: set[str] = set()
    attempts = 0
    while len(rows) < net.institutions:
        attempts += 1
        kind = _draw(rng, kinds, kind_cum)
        _, templates, size, no_senior_chance = INSTITUTION_KINDS[kind]
        name_t, short_t = rng.choice(templates)
        place = rng.choice(places)
        city, state, tz = place_city[place]
        name, short = name_t.format(p=place), short_t.format(p=place)
        if name in used_names:
            if attempts < 20 * net.institutions and len(used_names) < 400:
                continue
            # Large benchmark networks run out of place names: add a campus city, then a number.
            city, state, tz = rng.choice(CITIES)
            name = f"{name}, {city} Campus"
            short = f"{short} {city}"[:40]
            n = 2
            base = name
            while name in used_names:
                name, n = f"{base} {n}", n + 1
        used_names.add(name)
        mail = f"{_ascii(place)}-{_ascii(short_t.replace('{p}', ''))}"
        if mail in used_domains:
            mail = f"{mail}{len(rows)}"
        used_domains.add(mail)
        rows.append(InstitutionRow(
            name=name, short_name=short[:40], city=city, region=state, time_zone=tz,
            mail_domain=f"{mail}.example", kind=kind, size=size * rng.lognormvariate(0, 0.45),
            has_senior=rng.random() >= no_senior_chance,
        ))
    # Keep the network's shape at any size: senior faculty somewhere, and (given a few
    # institutions) some places where a junior has no senior palliative colleague at all.
    if not any(r.has_senior for r in rows):
        max(rows, key=lambda r: r.size).has_senior = True
    if len(rows) >= 4 and all(r.has_senior for r in rows):
        min(rows, key=lambda r: r.size).has_senior = False
    return rows


# --- building: people ------------------------------------------------------------------------

class _PersonMaker:
    """Draws one plausible faculty member at a time from a single random stream."""

    def __init__(self, net: DemoNetwork, institutions: list[InstitutionRow], rng: random.Random):
        self.net, self.institutions, self.rng = net, institutions, rng
        self.year = net.year
        self.used_emails: dict[str, int] = {}
        self.group_cum = _cumulative(g[0] for g in NAME_GROUPS)
        self.specialties = [s for s in SPECIALTIES if s in SPECIALTY_PROFILES]
        self.specialty_cum = {}
        for kind in INSTITUTION_KINDS:
            boost = KIND_SPECIALTY_BOOST.get(kind, {})
            self.specialty_cum[kind] = _cumulative(SPECIALTY_PROFILES[s][0] * boost.get(s, 1.0)
                                                   for s in self.specialties)
        self.degree_cum = {s: ([d for d, _ in p[1]], _cumulative(w for _, w in p[1]))
                           for s, p in SPECIALTY_PROFILES.items()}
        self.all_idx = list(range(len(institutions)))
        self.inst_cum = _cumulative(r.size for r in institutions)
        self.senior_idx = [i for i, r in enumerate(institutions) if r.has_senior]
        # Mid-level and senior faculty cluster in the larger academic centres.
        self.senior_cum = _cumulative(institutions[i].size ** 1.4 for i in self.senior_idx)
        self.mid_cum = _cumulative(r.size ** 1.2 for r in institutions)
        self.domain_slugs = [slug for slug, _ in ARTICLE_DOMAINS]
        self.domain_cum = [_cumulative(DOMAIN_WEIGHTS[s][i] for s in self.domain_slugs) for i in range(3)]
        self.general_roles = list(GENERAL_ROLES)
        self.role_cum = [_cumulative(GENERAL_ROLES[r][i] for r in self.general_roles) for i in range(3)]

    def institution_for(self, stage: str) -> int:
        rng = self.rng
        if stage == CareerStage.SENIOR:
            return _draw(rng, self.senior_idx, self.senior_cum)
        if stage == CareerStage.MID:
            return _draw(rng, self.all_idx, self.mid_cum)
        return _draw(rng, self.all_idx, self.inst_cum)

    def name(self) -> tuple[str, str, tuple]:
        rng = self.rng
        _, firsts, lasts, languages = _draw(rng, NAME_GROUPS, self.group_cum)
        first, last = rng.choice(firsts), rng.choice(lasts)
        if rng.random() < 0.05:  # some people carry two family names
            other = rng.choice(_draw(rng, NAME_GROUPS, self.group_cum)[2])
            if other != last:
                last = f"{last}-{other}"
        middle = f" {rng.choice(MIDDLE_INITIALS)}." if rng.random() < 0.22 else ""
        return f"{first}{middle} {last}", self._email(first, last), languages

    def _email(self, first: str, last: str) -> str:
        local = f"{_ascii(first)}.{_ascii(last)}"
        n = self.used_emails.get(local, 0) + 1
        self.used_emails[local] = n
        return local if n == 1 else f"{local}{n}"

    def career(self, stage: str) -> tuple[int, str]:
        """Years in career and a rank consistent with them."""
        rng = self.rng
        fellow, instructor, assistant = AcademicRank.FELLOW, AcademicRank.INSTRUCTOR, AcademicRank.ASSISTANT
        associate, professor = AcademicRank.ASSOCIATE, AcademicRank.PROFESSOR
        if stage == CareerStage.EARLY:
            years = _draw_weighted(rng, range(7), (10, 14, 16, 16, 15, 15, 14))
            if years <= 1:
                rank = _draw_weighted(rng, (fellow, instructor, assistant), (35, 30, 35))
            else:
                rank = _draw_weighted(rng, (instructor, assistant), (20, 80))
        elif stage == CareerStage.MID:
            years = rng.randint(7, 15)
            rank = _draw_weighted(rng, (assistant, associate, professor), (55, 42, 3) if years < 10 else (20, 65, 15))
        else:
            years = 16 + min(int(rng.expovariate(1 / 8)), 26)
            if years >= 32 and rng.random() < 0.3:
                rank = AcademicRank.EMERITUS
            else:
                rank = _draw_weighted(rng, (associate, professor), (45, 55) if years < 22 else (15, 85))
        return years, rank

    def mentoring(self, stage: str) -> tuple[tuple[str, ...], int, bool]:
        """Roles offered, capacity and whether open to new protégés now."""
        rng = self.rng
        i = STAGE_INDEX[stage]
        roles: list[str] = []
        capacity = 0
        if stage == CareerStage.SENIOR:
            if rng.random() < 0.85:
                roles = _pick_distinct(rng, self.general_roles, self.role_cum[i], rng.choice((1, 2, 2, 3, 3, 4)))
                if rng.random() < 0.5:
                    roles.append(MentorRole.SPONSOR)
                if rng.random() < 0.3:
                    roles.append(MentorRole.AGENT)
                capacity = _draw_weighted(rng, (1, 2, 3, 4), (30, 35, 23, 12))
        elif stage == CareerStage.MID:
            if rng.random() < 0.6:
                roles = _pick_distinct(rng, self.general_roles, self.role_cum[i], rng.choice((1, 1, 2, 2, 3)))
                if rng.random() < 0.1:
                    roles.append(MentorRole.SPONSOR)
                if rng.random() < 0.06:
                    roles.append(MentorRole.AGENT)
                capacity = _draw_weighted(rng, (0, 1, 2), (20, 50, 30))
        elif rng.random() < 0.14:
            # Giving forward: some early-career faculty offer peer-level roles.
            roles = _pick_distinct(rng, self.general_roles, self.role_cum[i], rng.choice((1, 1, 2)))
            capacity = 1 if rng.random() < 0.4 else 0
        accepting = capacity > 0 and rng.random() < 0.6
        return tuple(sorted({str(r) for r in roles}, key=ROLE_ORDER.index)), capacity, accepting

    def languages(self, group_languages: tuple) -> str:
        rng = self.rng
        spoken = ["English"]
        for language, chance in group_languages:
            if rng.random() < chance:
                spoken.append(language)
        if len(spoken) == 1 and rng.random() < 0.04:
            spoken.append(rng.choice(("Spanish", "French", "American Sign Language", "Portuguese", "Tagalog")))
        return ", ".join(spoken)

    def bio(self, p: PersonRow, inst: InstitutionRow, years: int) -> str:
        rng = self.rng
        rank = AcademicRank(p.academic_rank).label
        noun = CLINICIAN_NOUNS[p.specialty]
        if "PhD" in p.degrees and "Palliative nursing" != p.specialty and rng.random() < 0.5:
            noun = "physician-scientist" if "MD" in p.degrees else "researcher in " + p.specialty.lower()
        if p.academic_rank == AcademicRank.FELLOW:
            opener = f"{p.specialty} fellow at {inst.name}."
        else:
            options = [
                f"{rank} at {inst.name}.",
                f"{rank} in the {p.department} at {inst.short_name}.",
                f"{noun[0].upper()}{noun[1:]} at {inst.name} since {p.career_start_year}.",
            ]
            if years >= 2:
                options.append(f"{noun[0].upper()}{noun[1:]} with {years} years on faculty, based in {inst.city}.")
            opener = rng.choice(options)
        d = [DOMAIN_PHRASES[s] for s in p.domains]
        closers = [f"Interested in {d[0]}" + (f" and {d[1]}." if len(d) > 1 else ".")]
        if p.roles and p.capacity:
            where = " — remotely too" if p.mentors_remotely else " at " + inst.short_name
            closers.append(f"Glad to mentor colleagues in {d[0]}{where}.")
        if p.stage == CareerStage.SENIOR:
            closers.append(f"Has led {rng.choice(SENIOR_PROGRAMS)} for {rng.randint(3, max(3, years - 8))} years.")
        if p.stage == CareerStage.EARLY:
            sought = [s for s in SOUGHT_DOMAINS if s not in p.domains]
            closers.append(f"Looking for guidance on {DOMAIN_PHRASES[rng.choice(sought)]}.")
            if p.roles:
                closers.append(f"Happy to swap notes with peers on {d[0]}.")
        if "Spanish" in p.languages:
            closers.append("Sees patients in English and Spanish.")
        if rng.random() < 0.15:
            return opener
        return f"{opener} {rng.choice(closers)}"

    def person(self, stage: str) -> PersonRow:
        rng = self.rng
        inst_i = self.institution_for(stage)
        inst = self.institutions[inst_i]
        display_name, local, group_languages = self.name()
        years, rank = self.career(stage)
        specialty = _draw(rng, self.specialties, self.specialty_cum[inst.kind])
        degree_options, degree_cum = self.degree_cum[specialty]
        degrees = _draw(rng, degree_options, degree_cum)
        i = STAGE_INDEX[stage]
        domains = _pick_distinct(rng, self.domain_slugs, self.domain_cum[i],
                                 _draw_weighted(rng, (1, 2, 3, 4), DOMAIN_COUNT_WEIGHTS[stage]))
        roles, capacity, accepting = self.mentoring(stage)
        p = PersonRow(
            email=f"{local}@{inst.mail_domain}", display_name=display_name, degrees=degrees,
            academic_rank=str(rank), career_start_year=self.year - years, institution=inst_i,
            department=rng.choice(SPECIALTY_PROFILES[specialty][2]), specialty=specialty, bio="",
            domains=tuple(sorted(domains, key=self.domain_slugs.index)), roles=roles, capacity=capacity,
            accepting_now=accepting, mentors_remotely=rng.random() < 0.8,
            languages=self.languages(group_languages), time_zone=inst.time_zone, listed=rng.random() < 0.97,
            date_joined=self.net.reference_date - dt.timedelta(days=rng.randint(1, 1000), minutes=rng.randint(0, 1439)),
            stage=str(stage),
        )
        p.bio = self.bio(p, inst, years)
        return p


def build_people(net: DemoNetwork) -> list[PersonRow]:
    rng = net.rng("people")
    n = net.faculty
    senior = round(n * STAGE_SHARES[CareerStage.SENIOR])
    mid = round(n * STAGE_SHARES[CareerStage.MID])
    stages = [CareerStage.SENIOR] * senior + [CareerStage.MID] * mid + [CareerStage.EARLY] * (n - senior - mid)
    rng.shuffle(stages)
    maker = _PersonMaker(net, net.rows["institutions"], rng)
    return [maker.person(stage) for stage in stages]


# --- building: the demo sign-ins -------------------------------------------------------------

def build_sign_ins(net: DemoNetwork) -> list[SignIn]:
    """Five fixed sign-ins; the protégé works where no senior palliative colleague does, as so many do."""
    institutions: list[InstitutionRow] = net.rows["institutions"]
    rng = net.rng("sign_ins")
    order = sorted(range(len(institutions)), key=lambda i: -institutions[i].size)
    without_senior = [i for i in order if not institutions[i].has_senior]
    academic_without = [i for i in without_senior if institutions[i].kind in ("academic", "regional", "cancer")]
    home = (academic_without or without_senior or order[-1:])[0]
    away = next((i for i in order if institutions[i].has_senior and i != home), order[0])
    y = net.year
    joined = net.reference_date - dt.timedelta(days=400)

    def person(email, name, degrees, rank, years, inst, specialty, department, bio, domains=(), roles=(),
               capacity=0, accepting=False, languages="English", listed=True, stage=CareerStage.EARLY, **user):
        return PersonRow(
            email=email, display_name=name, degrees=degrees, academic_rank=str(rank), career_start_year=y - years,
            institution=inst, department=department, specialty=specialty, bio=bio, domains=tuple(domains),
            roles=tuple(str(r) for r in roles), capacity=capacity, accepting_now=accepting, mentors_remotely=True,
            languages=languages, time_zone=institutions[inst].time_zone, listed=listed, date_joined=joined,
            stage=str(stage), **user,
        )

    h, a = institutions[home], institutions[away]
    research_years = rng.randint(2, 4)
    return [
        SignIn("protege", "Protégé (early career)", person(
            "protege@mosaic.example", "Maya Okafor", "MD", AcademicRank.ASSISTANT, research_years, home,
            "Palliative medicine", "Department of Medicine, Division of Palliative Care",
            f"Assistant Professor and palliative care physician at {h.name}, building a research program on "
            f"goals-of-care conversations. Looking for mentors in research, career planning and leadership.",
            domains=("clinical-practice", "education"), languages="English, Spanish")),
        SignIn("mentor", "Mentor (senior, accepting)", person(
            "mentor@mosaic.example", "Eleanor Whitfield", "MD MPH", AcademicRank.PROFESSOR, 24, away,
            "Hospice and palliative medicine", "Division of Hospice and Palliative Medicine",
            f"Professor at {a.name} who has led its palliative care fellowship for twelve years. "
            "Mentors junior faculty across the network in research, leadership and career planning.",
            domains=("career-planning", "research", "leadership", "education"),
            roles=(MentorRole.SPONSOR, MentorRole.ADVISOR, MentorRole.ROLE_MODEL, MentorRole.ACADEMIC_COACH),
            capacity=4, accepting=True, stage=CareerStage.SENIOR)),
        SignIn("director", "Program director", person(
            "director@mosaic.example", "Daniel Reyes", "MD", AcademicRank.ASSOCIATE, 12, home,
            "Internal medicine", "Office of Faculty Development",
            f"Associate Professor and director of faculty development at {h.short_name}.",
            domains=("administration", "program-development"), roles=(MentorRole.ADVISOR,), capacity=1,
            stage=CareerStage.MID, is_staff=True), grants=(("director", home),)),
        SignIn("ombudsperson", "Ombudsperson", person(
            "ombudsperson@mosaic.example", "Grace Lindqvist", "PhD", AcademicRank.ASSOCIATE, 14, home,
            "Psycho-oncology", "Office of the Ombudsperson",
            f"Ombudsperson for faculty at {h.short_name}: a confidential, independent place to raise a concern.",
            domains=("conflict-resolution",), listed=False, stage=CareerStage.MID),
            grants=(("ombudsperson", home),)),
        SignIn("admin", "Site admin", person(
            "admin@mosaic.example", "Site Administrator", "", AcademicRank.ASSISTANT, 5, home,
            "", "", "Runs the Mosaic site.", listed=False, is_staff=True, is_superuser=True)),
    ]


SIGN_IN_EMAILS = {
    "protege": "protege@mosaic.example", "mentor": "mentor@mosaic.example", "director": "director@mosaic.example",
    "ombudsperson": "ombudsperson@mosaic.example", "admin": "admin@mosaic.example",
}


# --- writing ---------------------------------------------------------------------------------

def insert_rows(model, fields: list[str], rows: Iterable[tuple]) -> None:
    """Insert plain tuples into `model`'s table as fast as the database allows (COPY on PostgreSQL).

    Values must already be in database form (see `db_datetime`); no model instances are built,
    no signals are sent, and primary keys come from the table's own sequence.
    """
    meta = model._meta
    qn = connection.ops.quote_name
    columns = ", ".join(qn(meta.get_field(name).column) for name in fields)
    table = qn(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 10_000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _refresh_planner_statistics() -> None:
    """Bulk-loaded tables have stale statistics until autovacuum catches up, and PostgreSQL then
    picks slow plans for the directory (seconds instead of milliseconds at 100,000 people)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _give_sqlite_room() -> None:
    """A bigger page cache roughly halves SQLite's time to index 100,000 new rows (this connection only)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")


def db_datetime(value: dt.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _max_pk(model) -> int:
    return model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0


def write_institutions(net: DemoNetwork, rows: list[InstitutionRow]) -> None:
    from directory.models import Institution, InstitutionEmailDomain

    objs = [Institution(name=r.name, short_name=r.short_name, city=r.city, region=r.region) for r in rows]
    Institution.objects.bulk_create(objs, batch_size=500)
    net.ids["institutions"] = [o.pk for o in objs]
    InstitutionEmailDomain.objects.bulk_create(
        [InstitutionEmailDomain(institution=o, domain=r.mail_domain) for o, r in zip(objs, rows, strict=True)],
        batch_size=500,
    )


def write_people(net: DemoNetwork, rows: list[PersonRow]) -> list[int]:
    """Insert users, verified primary e-mail addresses, profiles, their domains and roles; returns profile ids."""
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from directory.models import Domain, OfferedRole, Profile

    institution_ids = net.ids["institutions"]
    domain_ids = dict(Domain.objects.values_list("slug", "pk"))
    password = net.password_hash

    # Ids come back by e-mail (unique), so people signing up meanwhile cannot be mixed in.
    after = _max_pk(User)
    insert_rows(User, ["email", "password", "is_active", "is_staff", "is_superuser", "date_joined"], (
        (r.email, password, True, r.is_staff, r.is_superuser, db_datetime(r.date_joined)) for r in rows))
    by_email = dict(User.objects.filter(pk__gt=after).values_list("email", "pk"))
    user_ids = [by_email[r.email] for r in rows]
    insert_rows(EmailAddress, ["user", "email", "verified", "primary"], (
        (uid, r.email, True, True) for uid, r in zip(user_ids, rows, strict=True)))

    after = _max_pk(Profile)
    insert_rows(Profile, [
        "user", "display_name", "degrees", "academic_rank", "career_start_year", "institution", "department",
        "specialty", "bio", "capacity", "accepting_now", "mentors_remotely", "languages", "time_zone", "listed",
        "updated_at", "affiliation", "affiliation_method",
    ], (
        (uid, r.display_name, r.degrees, r.academic_rank, r.career_start_year, institution_ids[r.institution],
         r.department, r.specialty, r.bio, r.capacity, r.accepting_now, r.mentors_remotely, r.languages,
         r.time_zone, r.listed, db_datetime(r.date_joined), "confirmed", "demo")
        for uid, r in zip(user_ids, rows, strict=True)
    ))
    by_user = dict(Profile.objects.filter(pk__gt=after).values_list("user_id", "pk"))
    profile_ids = [by_user[uid] for uid in user_ids]
    insert_rows(Profile.domains.through, ["profile", "domain"], (
        (pid, domain_ids[slug]) for pid, r in zip(profile_ids, rows, strict=True)
        for slug in r.domains if slug in domain_ids))
    insert_rows(OfferedRole, ["profile", "role"], (
        (pid, role) for pid, r in zip(profile_ids, rows, strict=True) for role in r.roles))
    return profile_ids


def _write_people_step(net: DemoNetwork, rows: list[PersonRow]) -> None:
    net.ids["people"] = write_people(net, rows)


def write_sign_ins(net: DemoNetwork, sign_ins: list[SignIn]) -> None:
    from accounts.models import RoleGrant
    from directory.models import Profile

    profile_ids = write_people(net, [s.person for s in sign_ins])
    user_ids = dict(Profile.objects.filter(pk__in=profile_ids).values_list("pk", "user_id"))
    net.ids["sign_ins"] = {s.key: user_ids[pk] for s, pk in zip(sign_ins, profile_ids, strict=True)}
    RoleGrant.objects.bulk_create([
        RoleGrant(user_id=net.ids["sign_ins"][s.key], role=role,
                  institution_id=None if inst is None else net.ids["institutions"][inst],
                  granted_at=net.reference_date)
        for s in sign_ins for role, inst in s.grants
    ])


def _count_people(net: DemoNetwork, rows: list[PersonRow]) -> dict[str, int]:
    return {
        "faculty": len(rows),
        "domains of expertise": sum(len(r.domains) for r in rows),
        "offered roles": sum(len(r.roles) for r in rows),
        "mentors (roles and capacity)": sum(1 for r in rows if r.roles and r.capacity),
        "accepting now": sum(1 for r in rows if r.accepting_now),
    }


register_step(DemoStep("institutions", 100, build_institutions, write_institutions,
                       lambda net, rows: {"institutions": len(rows)}))
register_step(DemoStep("people", 200, build_people, _write_people_step, _count_people))
register_step(DemoStep("sign_ins", 300, build_sign_ins, write_sign_ins,
                       lambda net, rows: {"demo sign-ins": len(rows)}))


# --- removing --------------------------------------------------------------------------------

def has_network() -> bool:
    from directory.models import Institution, Profile

    return Profile.objects.exists() or Institution.objects.exists()


def _dependents(model):
    """Relations through which rows of other models (including many-to-many tables) point at `model`."""
    return [f for f in model._meta.get_fields(include_hidden=True)
            if f.auto_created and not f.concrete and (f.one_to_one or f.one_to_many)]


def _delete_with_dependents(queryset, depth: int = 0) -> None:
    """Delete `queryset` and what depends on it as the model's on_delete rules say, in a few statements.

    Django's own delete() loads every object to send signals; a network of 100,000 people
    would take minutes that way. Nothing here listens for deletions of these rows.
    """
    if depth > 10:
        raise RuntimeError("The relations between models form a cycle too deep to remove.")
    for rel in _dependents(queryset.model):
        related = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": queryset.values("pk")})
        if rel.on_delete is models.CASCADE:
            _delete_with_dependents(related, depth + 1)
        elif rel.on_delete is models.SET_NULL:
            related.update(**{rel.field.name: None})
        elif rel.on_delete is not models.DO_NOTHING and related.exists():
            raise RuntimeError(f"{rel.related_model._meta.label} rows still point at {queryset.model._meta.label}.")
    queryset._raw_delete(queryset.db)


def _wholly_removed(roots: list) -> list | None:
    """Models every row of which goes when every row of `roots` goes, children before parents.

    None when a table outside that set points into it (a nullable or protected link from a
    model that stays), in which case rows must be removed one relation at a time.
    """
    order: list = []
    whole = set(roots)
    pending = list(roots)
    while pending:
        model = pending.pop()
        for rel in _dependents(model):
            dependent = rel.related_model._meta.concrete_model
            if dependent not in whole and rel.on_delete is models.CASCADE and not rel.field.null:
                whole.add(dependent)
                pending.append(dependent)
    for model in whole:
        if any(rel.related_model._meta.concrete_model not in whole for rel in _dependents(model)):
            return None

    def visit(model, path=()):
        if model in order or model in path:
            return
        for rel in _dependents(model):
            visit(rel.related_model._meta.concrete_model, (*path, model))
        order.append(model)

    for model in sorted(whole, key=lambda m: m._meta.label):
        visit(model)
    return order


@transaction.atomic
def remove_network() -> None:
    """Delete every person and institution, and everything that belongs to them; domains stay."""
    from accounts.models import User
    from directory.models import Institution

    _give_sqlite_room()
    roots = [User, Institution]
    whole = _wholly_removed(roots)
    if whole is None:
        for root in roots:
            _delete_with_dependents(root._base_manager.all())
    elif connection.vendor == "postgresql":
        # TRUNCATE skips the per-row foreign-key checks that make deleting 100,000 people slow;
        # it refuses while earlier changes in this transaction still have checks pending.
        connection.check_constraints()
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in whole))
    else:
        for model in whole:
            model._base_manager.all()._raw_delete(connection.alias)
