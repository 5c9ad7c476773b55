"""Shared helpers: the named people as users (whatever shape the fixture gives), and filled-in versions."""
from assessments import services
from directory.models import Domain


def user_of(people, name):
    person = getattr(people, name)
    return getattr(person, "user", person)


ANSWERS = {
    "mission": "Clinician leader and hospice medical director.",
    "success": "Independent funding, and being home for dinner every night.",
    "strengths": "Teaching and program development.",
    "challenges": "Resolving team conflict; knowing what roles/tasks to take on.",
    "mentoring_needs": "Leadership skills and an institutional sponsor.",
}


def filled_draft(owner, *, answers=None, goals=("Build leadership skills",)):
    """A draft with every required section answered and the given short-term goals."""
    version = services.version_start(owner=owner)
    for key, text in (ANSWERS if answers is None else answers).items():
        services.answer_save(version=version, by=owner, section_key=key, text=text)
    for text in goals:
        services.goal_add(version=version, by=owner, horizon="short", text=text, target_year=2028)
    return version


def completed_version(owner, **kwargs):
    return services.version_complete(version=filled_draft(owner, **kwargs), by=owner)


def domain(slug):
    return Domain.objects.get(slug=slug)
