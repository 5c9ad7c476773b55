"""Needs suggested from what a person wrote: a plain table of words and phrases, shown with its reasons.

Each rule maps words (matched at the start of a word, so "grant" also finds "grants") to a mentor
role and a domain. A suggestion lists the exact words that triggered it and where they were found,
so the person can see why it is there and accept, change or drop it. Nothing is hidden or learned.
"""
import re
from dataclasses import dataclass, field

from directory.vocabulary import MentorRole, role_needs_local_mentor

# (words and phrases, role, domain slug)
RULES: list[tuple[tuple[str, ...], MentorRole, str]] = [
    (("leadership", "leader", "lead ", "director", "chair"), MentorRole.ADVISOR, "leadership"),
    (("sponsor", "promotion", "promoted", "visibility", "nominat"), MentorRole.SPONSOR, "career-planning"),
    (("research", "publication", "publish", "manuscript", "paper"), MentorRole.TEACHER, "research"),
    (("funding", "grant", "research award", "career development award"), MentorRole.ACADEMIC_COACH, "research"),
    (("work-life", "work life", "home for dinner", "burnout", "family", "exhaust"),
     MentorRole.CONFIDANTE, "work-life-balance"),
    (("teaching", "teach ", "educator", "education", "curriculum", "rotation"), MentorRole.TEACHER, "education"),
    (("conflict", "difficult conversation"), MentorRole.ADVISOR, "conflict-resolution"),
    (("team building", "team-building", "build a team", "collaborative"), MentorRole.ROLE_MODEL, "team-building"),
    (("program development", "build a program", "new program", "new service"),
     MentorRole.ADVISOR, "program-development"),
    (("protected time", "institutional demands", "too many committees", "saying no", "say no"),
     MentorRole.AGENT, "administration"),
    (("administrat", "committee", "budget"), MentorRole.TEACHER, "administration"),
    (("national reputation", "career", "roles/tasks to take on", "what roles"), MentorRole.ADVISOR, "career-planning"),
    (("clinical", "clinician", "bedside"), MentorRole.ROLE_MODEL, "clinical-practice"),
    (("business", "billing", "contract", "negotiat"), MentorRole.TEACHER, "business-practices"),
    (("confidence", "self-doubt", "personal growth", "imposter"), MentorRole.CONFIDANTE, "personal-growth"),
]

# A word found in the mentoring-needs answer itself makes the suggestion a high priority.
NEEDS_SECTION = "mentoring_needs"


def _pattern(phrase: str) -> re.Pattern:
    # A trailing space in the table means "the whole word" (so "lead " does not find "leadership" twice).
    whole = phrase.endswith(" ")
    body = re.escape(phrase.strip())
    return re.compile(rf"\b{body}\b" if whole else rf"\b{body}[\w-]*", re.IGNORECASE)


_COMPILED = [([_pattern(p) for p in phrases], role, slug) for phrases, role, slug in RULES]


@dataclass
class Suggestion:
    role: str
    domain_slug: str
    words: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # short names of the sections where they were found
    priority: str = "medium"
    domain: object = None  # the Domain row, filled in by the caller

    @property
    def key(self) -> str:
        return f"{self.role}:{self.domain_slug}"

    @property
    def role_label(self) -> str:
        return MentorRole(self.role).label

    @property
    def must_be_local(self) -> bool:
        return role_needs_local_mentor(self.role)


def suggest(texts: list[tuple[str, str, str]]) -> list[Suggestion]:
    """Suggestions from (section key, section name, text) triples, in the table's order."""
    found: dict[tuple[str, str], Suggestion] = {}
    for patterns, role, slug in _COMPILED:
        for section_key, section_title, text in texts:
            for pattern in patterns:
                for match in pattern.finditer(text or ""):
                    suggestion = found.setdefault((role.value, slug), Suggestion(role=role.value, domain_slug=slug))
                    word = match.group(0).lower()
                    if word not in suggestion.words:
                        suggestion.words.append(word)
                    if section_title not in suggestion.sections:
                        suggestion.sections.append(section_title)
                    if section_key == NEEDS_SECTION:
                        suggestion.priority = "high"
    return list(found.values())
