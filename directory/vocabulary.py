"""The article's fixed vocabulary: the seven mentor roles, career stages and academic ranks.

Carey & Weissman (J Palliat Med 2010) after Tobin (2004): a mentor may act as teacher, sponsor,
advisor, agent, role model, academic coach or confidante. Sponsors and agents act inside the
protégé's institution, so they must be local.
"""
from django.db import models


class MentorRole(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    SPONSOR = "sponsor", "Sponsor"
    ADVISOR = "advisor", "Advisor"
    AGENT = "agent", "Agent"
    ROLE_MODEL = "role_model", "Role model"
    ACADEMIC_COACH = "academic_coach", "Academic coach"
    CONFIDANTE = "confidante", "Confidante"


ROLE_DESCRIPTIONS = {
    MentorRole.TEACHER: "Explains institutional politics and procedures; guides time management, "
    "teaching, research and leadership.",
    MentorRole.SPONSOR: "Advocates for you, adding to your visibility and credibility and widening "
    "your local and national network.",
    MentorRole.ADVISOR: "Guide and counsellor who helps you navigate your career toward your own "
    "definition of success.",
    MentorRole.AGENT: "Protects you, helping you overcome obstacles and shielding you from excessive "
    "institutional demands.",
    MentorRole.ROLE_MODEL: "Shows in practice the behaviour you wish to emulate.",
    MentorRole.ACADEMIC_COACH: "Instruction, training, strategic advice and motivation — "
    "encouragement, guidance or a shove.",
    MentorRole.CONFIDANTE: "An empathic listener offering insight and emotional and psychological "
    "support.",
}

# Roles that act inside the protégé's own institution and so need a local mentor.
LOCAL_ROLES = frozenset({MentorRole.SPONSOR, MentorRole.AGENT})


def role_needs_local_mentor(role: str) -> bool:
    return role in LOCAL_ROLES


class AcademicRank(models.TextChoices):
    FELLOW = "fellow", "Fellow"
    INSTRUCTOR = "instructor", "Instructor"
    ASSISTANT = "assistant", "Assistant Professor"
    ASSOCIATE = "associate", "Associate Professor"
    PROFESSOR = "professor", "Professor"
    EMERITUS = "emeritus", "Professor Emeritus"


class CareerStage(models.TextChoices):
    """Derived from the year a person's clinical or academic career began."""

    EARLY = "early", "Early career (under 7 years)"
    MID = "mid", "Mid-career (7–15 years)"
    SENIOR = "senior", "Senior (over 15 years)"


# Years in career at which each stage starts; the stage is derived, never stored.
STAGE_START_YEARS = {CareerStage.EARLY: 0, CareerStage.MID: 7, CareerStage.SENIOR: 16}


def career_stage(years_in_career: int) -> CareerStage:
    if years_in_career >= STAGE_START_YEARS[CareerStage.SENIOR]:
        return CareerStage.SENIOR
    if years_in_career >= STAGE_START_YEARS[CareerStage.MID]:
        return CareerStage.MID
    return CareerStage.EARLY


def career_start_year_range(stage: str, this_year: int) -> tuple[int, int]:
    """Inclusive range of career start years that fall in `stage` in `this_year`."""
    if stage == CareerStage.SENIOR:
        return (1900, this_year - STAGE_START_YEARS[CareerStage.SENIOR])
    if stage == CareerStage.MID:
        return (
            this_year - STAGE_START_YEARS[CareerStage.SENIOR] + 1,
            this_year - STAGE_START_YEARS[CareerStage.MID],
        )
    return (this_year - STAGE_START_YEARS[CareerStage.MID] + 1, this_year + 1)


SPECIALTIES = [
    "Palliative medicine",
    "Hospice and palliative medicine",
    "Geriatrics",
    "Oncology",
    "Internal medicine",
    "Pediatric palliative care",
    "Palliative nursing",
    "Psycho-oncology",
]

# The domains of need named in the article, seeded by a data migration; programs may add more.
ARTICLE_DOMAINS = [
    ("career-planning", "Career planning"),
    ("research", "Research"),
    ("leadership", "Leadership"),
    ("education", "Education and teaching"),
    ("clinical-practice", "Clinical practice"),
    ("program-development", "Program development"),
    ("administration", "Administration"),
    ("business-practices", "Business practices"),
    ("conflict-resolution", "Conflict resolution"),
    ("team-building", "Team building"),
    ("work-life-balance", "Work–life balance"),
    ("personal-growth", "Personal growth"),
]


def seed_article_domains(domain_model) -> None:
    """Create or rename the article's domains; takes the model so migrations can pass their historical one."""
    for position, (slug, name) in enumerate(ARTICLE_DOMAINS, start=1):
        domain_model.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
