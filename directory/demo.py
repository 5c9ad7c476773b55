"""The directory's demo steps: institutions, faculty and the fixed demo sign-ins, with their vocabulary.

A synthetic national palliative-medicine network. The proportions follow Carey & Weissman
(J Palliat Med 2010): palliative medicine has few mid-level and senior faculty, so most people are
early in their career, some institutions have no senior palliative faculty at all, and the
expertise most in demand (career planning, research, leadership) is held by the fewest mentors
with room to take a protégé. The machinery (step registry, bulk writing, removal) is the demo app's.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from demo.bulk import db_datetime, insert_rows, max_pk
from demo.registry import DemoNetwork, DemoStep, register_step
from demo.words import (
    CITIES,
    MIDDLE_INITIALS,
    NAME_GROUPS,
    PLACES,
    ascii_key,
    cumulative,
    draw,
    draw_weighted,
    pick_distinct,
)
from directory.vocabulary import (
    ARTICLE_DOMAINS,
    SPECIALTIES,
    AcademicRank,
    CareerStage,
    MentorRole,
    seed_article_domains,
)

INSTITUTIONS = "directory.institutions"
PEOPLE = "directory.people"
SIGN_INS = "directory.sign_ins"

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


# --- directory vocabulary ----------------------------------------------------------------------

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


# --- building: institutions ------------------------------------------------------------------

def build_institutions(net: DemoNetwork, rng: random.Random) -> list[InstitutionRow]:
    kinds = list(INSTITUTION_KINDS)
    kind_cum = cumulative(INSTITUTION_KINDS[k][0] for k in kinds)
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
        kind = draw(rng, kinds, kind_cum)
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
        mail = f"{ascii_key(place)}-{ascii_key(short_t.replace('{p}', ''))}"
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
        self.group_cum = cumulative(g[0] for g in NAME_GROUPS)
        self.specialties = [s for s in SPECIALTIES if s in SPECIALTY_PROFILES]
        self.specialty_cum = {}
        for kind in INSTITUTION_KINDS:
            boost = KIND_SPECIALTY_BOOST.get(kind, {})
            self.specialty_cum[kind] = cumulative(SPECIALTY_PROFILES[s][0] * boost.get(s, 1.0)
                                                   for s in self.specialties)
        self.degree_cum = {s: ([d for d, _ in p[1]], cumulative(w for _, w in p[1]))
                           for s, p in SPECIALTY_PROFILES.items()}
        self.all_idx = list(range(len(institutions)))
        self.inst_cum = cumulative(r.size for r in institutions)
        self.senior_idx = [i for i, r in enumerate(institutions) if r.has_senior]
        # Mid-level and senior faculty cluster in the larger academic centres.
        self.senior_cum = cumulative(institutions[i].size ** 1.4 for i in self.senior_idx)
        self.mid_cum = cumulative(r.size ** 1.2 for r in institutions)
        self.domain_slugs = [slug for slug, _ in ARTICLE_DOMAINS]
        self.domain_cum = [cumulative(DOMAIN_WEIGHTS[s][i] for s in self.domain_slugs) for i in range(3)]
        self.general_roles = list(GENERAL_ROLES)
        self.role_cum = [cumulative(GENERAL_ROLES[r][i] for r in self.general_roles) for i in range(3)]

    def institution_for(self, stage: str) -> int:
        rng = self.rng
        if stage == CareerStage.SENIOR:
            return draw(rng, self.senior_idx, self.senior_cum)
        if stage == CareerStage.MID:
            return draw(rng, self.all_idx, self.mid_cum)
        return draw(rng, self.all_idx, self.inst_cum)

    def name(self) -> tuple[str, str, tuple]:
        rng = self.rng
        _, firsts, lasts, languages = draw(rng, NAME_GROUPS, self.group_cum)
        first, last = rng.choice(firsts), rng.choice(lasts)
        if rng.random() < 0.05:  # some people carry two family names
            other = rng.choice(draw(rng, NAME_GROUPS, self.group_cum)[2])
            if other != last:
                last = f"{last}-{other}"
        middle = f" {rng.choice(MIDDLE_INITIALS)}." if rng.random() < 0.22 else ""
        return f"{first}{middle} {last}", self._email(first, last), languages

    def _email(self, first: str, last: str) -> str:
        local = f"{ascii_key(first)}.{ascii_key(last)}"
        n = self.used_emails.get(local, 0) + 1
        self.used_emails[local] = n
        return local if n == 1 else f"{local}{n}"

    def career(self, stage: str) -> tuple[int, str]:
        """Years in career and a rank consistent with them."""
        rng = self.rng
        fellow, instructor, assistant = AcademicRank.FELLOW, AcademicRank.INSTRUCTOR, AcademicRank.ASSISTANT
        associate, professor = AcademicRank.ASSOCIATE, AcademicRank.PROFESSOR
        if stage == CareerStage.EARLY:
            years = draw_weighted(rng, range(7), (10, 14, 16, 16, 15, 15, 14))
            if years <= 1:
                rank = draw_weighted(rng, (fellow, instructor, assistant), (35, 30, 35))
            else:
                rank = draw_weighted(rng, (instructor, assistant), (20, 80))
        elif stage == CareerStage.MID:
            years = rng.randint(7, 15)
            rank = draw_weighted(rng, (assistant, associate, professor), (55, 42, 3) if years < 10 else (20, 65, 15))
        else:
            years = 16 + min(int(rng.expovariate(1 / 8)), 26)
            if years >= 32 and rng.random() < 0.3:
                rank = AcademicRank.EMERITUS
            else:
                rank = draw_weighted(rng, (associate, professor), (45, 55) if years < 22 else (15, 85))
        return years, rank

    def mentoring(self, stage: str) -> tuple[tuple[str, ...], int, bool]:
        """Roles offered, capacity and whether open to new protégés now."""
        rng = self.rng
        i = STAGE_INDEX[stage]
        roles: list[str] = []
        capacity = 0
        if stage == CareerStage.SENIOR:
            if rng.random() < 0.85:
                roles = pick_distinct(rng, self.general_roles, self.role_cum[i], rng.choice((1, 2, 2, 3, 3, 4)))
                if rng.random() < 0.5:
                    roles.append(MentorRole.SPONSOR)
                if rng.random() < 0.3:
                    roles.append(MentorRole.AGENT)
                capacity = draw_weighted(rng, (1, 2, 3, 4), (30, 35, 23, 12))
        elif stage == CareerStage.MID:
            if rng.random() < 0.6:
                roles = pick_distinct(rng, self.general_roles, self.role_cum[i], rng.choice((1, 1, 2, 2, 3)))
                if rng.random() < 0.1:
                    roles.append(MentorRole.SPONSOR)
                if rng.random() < 0.06:
                    roles.append(MentorRole.AGENT)
                capacity = draw_weighted(rng, (0, 1, 2), (20, 50, 30))
        elif rng.random() < 0.14:
            # Giving forward: some early-career faculty offer peer-level roles.
            roles = pick_distinct(rng, self.general_roles, self.role_cum[i], rng.choice((1, 1, 2)))
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
        specialty = draw(rng, self.specialties, self.specialty_cum[inst.kind])
        degree_options, degree_cum = self.degree_cum[specialty]
        degrees = draw(rng, degree_options, degree_cum)
        i = STAGE_INDEX[stage]
        domains = pick_distinct(rng, self.domain_slugs, self.domain_cum[i],
                                 draw_weighted(rng, (1, 2, 3, 4), DOMAIN_COUNT_WEIGHTS[stage]))
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


def build_people(net: DemoNetwork, rng: random.Random) -> list[PersonRow]:
    n = net.faculty
    senior = round(n * STAGE_SHARES[CareerStage.SENIOR])
    mid = round(n * STAGE_SHARES[CareerStage.MID])
    stages = [CareerStage.SENIOR] * senior + [CareerStage.MID] * mid + [CareerStage.EARLY] * (n - senior - mid)
    rng.shuffle(stages)
    maker = _PersonMaker(net, net.rows[INSTITUTIONS], rng)
    return [maker.person(stage) for stage in stages]


# --- building: the demo sign-ins -------------------------------------------------------------

def build_sign_ins(net: DemoNetwork, rng: random.Random) -> list[SignIn]:
    """Five fixed sign-ins; the protégé works where no senior palliative colleague does, as so many do."""
    institutions: list[InstitutionRow] = net.rows[INSTITUTIONS]
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
SIGN_IN_LABELS = {"protege": "Protégé", "mentor": "Mentor", "director": "Program director",
                  "ombudsperson": "Ombudsperson", "admin": "Site admin"}


# --- writing ---------------------------------------------------------------------------------

def write_institutions(net: DemoNetwork, rows: list[InstitutionRow]) -> list[int]:
    """Store the institutions and the e-mail domain that confirms each one's people; returns their ids."""
    from directory.models import Institution, InstitutionEmailDomain

    objs = [Institution(name=r.name, short_name=r.short_name, city=r.city, region=r.region) for r in rows]
    Institution.objects.bulk_create(objs, batch_size=500)
    InstitutionEmailDomain.objects.bulk_create(
        [InstitutionEmailDomain(institution=o, domain=r.mail_domain) for o, r in zip(objs, rows, strict=True)],
        batch_size=500,
    )
    return [o.pk for o in objs]


def write_people(net: DemoNetwork, rows: list[PersonRow]) -> list[int]:
    """Insert users, verified primary e-mail addresses, profiles, their domains and roles; returns profile ids."""
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from directory.models import Domain, OfferedRole, Profile
    from directory.services import profile_search_refresh

    institution_ids = net.ids[INSTITUTIONS]
    # The article's domains come with the first migration; a database emptied by hand gets them back,
    # since every later step names them.
    seed_article_domains(Domain)
    domain_ids = dict(Domain.objects.values_list("slug", "pk"))
    password = net.password_hash

    # Ids come back by e-mail (unique), so people signing up meanwhile cannot be mixed in.
    after = max_pk(User)
    insert_rows(User, ["email", "password", "is_active", "is_staff", "is_superuser", "date_joined"], (
        (r.email, password, True, r.is_staff, r.is_superuser, db_datetime(r.date_joined)) for r in rows))
    by_email = dict(User.objects.filter(pk__gt=after).values_list("email", "pk"))
    user_ids = [by_email[r.email] for r in rows]
    insert_rows(EmailAddress, ["user", "email", "verified", "primary"], (
        (uid, r.email, True, True) for uid, r in zip(user_ids, rows, strict=True)))

    after = max_pk(Profile)
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
    # Rows copied in bypass the per-save upkeep: their search documents are written in one statement.
    profile_search_refresh(profile_ids=profile_ids)
    return profile_ids


def write_sign_ins(net: DemoNetwork, sign_ins: list[SignIn]) -> dict[str, int]:
    """Store the sign-ins as people with their staff roles; returns user ids by sign-in key."""
    from accounts.models import RoleGrant
    from directory.models import Profile

    profile_ids = write_people(net, [s.person for s in sign_ins])
    user_ids = dict(Profile.objects.filter(pk__in=profile_ids).values_list("pk", "user_id"))
    users = {s.key: user_ids[pk] for s, pk in zip(sign_ins, profile_ids, strict=True)}
    RoleGrant.objects.bulk_create([
        RoleGrant(user_id=users[s.key], role=role,
                  institution_id=None if inst is None else net.ids[INSTITUTIONS][inst],
                  granted_at=net.reference_date)
        for s in sign_ins for role, inst in s.grants
    ])
    return users


def _count_people(net: DemoNetwork, rows: list[PersonRow]) -> dict[str, int]:
    return {
        "faculty": len(rows),
        "domains of expertise": sum(len(r.domains) for r in rows),
        "offered roles": sum(len(r.roles) for r in rows),
        "mentors (roles and capacity)": sum(1 for r in rows if r.roles and r.capacity),
        "accepting now": sum(1 for r in rows if r.accepting_now),
    }


# The streams are the ones these steps drew from before steps were named by app: same seed, same network.
register_step(DemoStep(
    INSTITUTIONS, build_institutions, write_institutions,
    describe=lambda net, rows: {"institutions": len(rows)},
    shows=("directory.Institution",), removes=("directory.Institution",), stream="institutions",
))
register_step(DemoStep(
    PEOPLE, build_people, write_people, after=(INSTITUTIONS,), describe=_count_people,
    # Every account goes on reset, not only generated ones: a network is replaced whole.
    shows=("directory.Profile",), removes=("accounts.User",), stream="people",
))
register_step(DemoStep(
    SIGN_INS, build_sign_ins, write_sign_ins, after=(INSTITUTIONS,),
    describe=lambda net, rows: {"demo sign-ins": len(rows)},
    sign_ins=tuple((SIGN_IN_LABELS[key], email) for key, email in SIGN_IN_EMAILS.items()), stream="sign_ins",
))
