"""The first wording of the questionnaires, seeded by data migrations; site admins edit later versions.

The self-evaluation is the article's Fig. 1, "Mentoring self-evaluation tool" (Carey & Weissman,
J Palliat Med 2010): eight numbered parts, some with two questions, each question one section.
"""
CREDIT = (
    "The questions and examples are the “Mentoring self-evaluation tool” (Fig. 1) of Carey EC, Weissman DE: "
    "Understanding and Finding Mentorship: A Review for Junior Faculty. J Palliat Med 2010."
)

SELF_EVALUATION_INTRO = (
    "Before seeking a mentor, take stock: your goals and priorities, your strengths and challenges, and "
    "the areas in which you most need mentoring. Be honest with yourself; nobody else reads this unless you share it."
)

# Short names for lists and progress.
LABELS = {
    "mission": "Mission",
    "success": "Success",
    "short_term_goals": "Short-term goals",
    "long_term_goals": "Long-term goals",
    "personal_goals": "Personal goals",
    "strengths": "Strengths",
    "challenges": "Challenges",
    "mentoring_needs": "Mentoring needs",
    "helps": "What helps",
    "hinders": "What makes work harder",
    "colleague_qualities": "Qualities in colleagues",
}

# (key, part, part title, title, prompt, examples, kind, required)
SELF_EVALUATION_SECTIONS = [
    ("mission", 1, "Establish a framework for decision-making", "What is my mission? What do I hope to achieve?",
     "", "researcher, hospice med director, clinician leader", "text", True),
    ("success", 1, "Establish a framework for decision-making", "How do I personally define success?",
     "", "national reputation, independent funding, becoming director, being home for dinner every night",
     "text", True),
    ("short_term_goals", 2, "My short-term and long-term professional goals", "Short-term goals (1–5 years)",
     "Add as many goals as you like, each with a target year if you have one.",
     "build leadership skills, submit research award", "goals_short", True),
    ("long_term_goals", 2, "My short-term and long-term professional goals", "Long-term goals (5–10 years)",
     "Add as many goals as you like, each with a target year if you have one.",
     "build national reputation in education, get involved in committees, establish teaching rotation",
     "goals_long", False),
    ("personal_goals", 3, "My personal goals",
     "What are my personal goals? And how do my personal goals interface with my professional goals?",
     "", "", "text", False),
    ("strengths", 4, "Assessment of strengths and challenges", "What are my strengths?",
     "Things I do well or that energise me.", "writing, program development, teaching, collaborative work",
     "text", True),
    ("challenges", 4, "Assessment of strengths and challenges", "What are my challenges?",
     "Things that bore me or tasks that I find difficult.",
     "resolving administrative / team conflict; knowing what roles/tasks to take on; research", "text", True),
    ("mentoring_needs", 5, "My mentoring needs", "What are my mentoring needs?",
     "Reflect on your goals, strengths and challenges.",
     "leadership skills, teaching skills, institutional sponsor, project mentor", "needs", True),
    ("helps", 6, "What helps me work", "What helps me work more effectively?",
     "", "motivators, preferred modes of communication, deadlines", "text", False),
    ("hinders", 7, "What makes work harder", "What makes work more challenging?",
     "", "interruptions, unclear expectations or schedule", "text", False),
    ("colleague_qualities", 8, "Qualities I value", "What qualities do I value in colleagues?",
     "", "timeliness, being discreet", "text", False),
]


def seed_self_evaluation(questionnaire_model, section_model) -> None:
    """Create version 1 of the self-evaluation; takes the models so a migration can pass its historical ones."""
    questionnaire, created = questionnaire_model.objects.get_or_create(
        slug="self-evaluation", version=1,
        defaults={"title": "Mentoring self-evaluation", "intro": SELF_EVALUATION_INTRO, "credit": CREDIT},
    )
    if not created:
        return
    section_model.objects.bulk_create([
        section_model(
            questionnaire=questionnaire, key=key, position=position, part=part, part_title=part_title,
            title=title, label=LABELS[key], prompt=prompt, examples=examples, kind=kind, required=required,
        )
        for position, (key, part, part_title, title, prompt, examples, kind, required)
        in enumerate(SELF_EVALUATION_SECTIONS, start=1)
    ])
