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


READINESS_CREDIT = (
    "“Giving forward”: physicians at all levels have much to offer peers and junior colleagues (Carey EC, "
    "Weissman DE: Understanding and Finding Mentorship: A Review for Junior Faculty. J Palliat Med 2010). "
    "The skills are grouped by the competency areas mentor-development programs commonly use."
)

READINESS_INTRO = (
    "Junior faculty often underestimate what they have to offer. This short check helps you see what you could "
    "give a peer or a more junior colleague, the roles you feel ready for, and the mentoring skills you want to build."
)

# The competency areas, each with a few skills a new mentor might want to develop.
COMPETENCY_AREAS = [
    ("communication", "Communication", [
        ("listen", "Listening fully before offering advice"),
        ("feedback", "Giving feedback that is specific, timely and kind"),
        ("channels", "Agreeing how and how often we keep in touch"),
    ]),
    ("expectations", "Aligning expectations", [
        ("agreement", "Setting out goals, meeting frequency and responsibilities at the start"),
        ("boundaries", "Being clear about what I can and cannot offer"),
        ("review", "Reviewing the relationship together from time to time"),
    ]),
    ("understanding", "Assessing understanding", [
        ("questions", "Asking open questions that show what the protégé already knows"),
        ("check", "Checking that advice was understood and is usable"),
        ("progress", "Recognising progress and when a plan is not working"),
    ]),
    ("independence", "Fostering independence", [
        ("own_path", "Helping the protégé find their own path rather than copying mine"),
        ("stretch", "Balancing challenge with support"),
        ("let_go", "Stepping back as the protégé grows, and redefining the relationship"),
    ]),
    ("equity", "Addressing equity and inclusion", [
        ("bias", "Noticing how my own background and assumptions shape my advice"),
        ("barriers", "Recognising barriers that protégés from other groups may face"),
        ("inclusive", "Making the relationship safe to raise difficult issues"),
    ]),
    ("development", "Promoting professional development", [
        ("networks", "Introducing the protégé to my network"),
        ("visibility", "Creating visibility: nominations, talks, committee places"),
        ("career", "Helping with career planning and promotion"),
    ]),
]

TIME_OPTIONS = [
    ("monthly", "About an hour a month"),
    ("fortnightly", "About an hour every two weeks"),
    ("weekly", "About an hour a week"),
    ("project", "Only for a short, defined project"),
]

# (key, part, part title, title, label, prompt, examples, kind, required, options)
READINESS_SECTIONS = [
    ("offer", 1, "What I can offer", "What could I offer a peer or a more junior colleague?", "What I can offer",
     "Think of what you have learned the hard way: colleagues a step behind you need exactly that.",
     "how I got my first grant, starting a consult service, teaching at the bedside, surviving the first year",
     "text", True, []),
    ("time", 2, "Time", "How much time can I give?", "Time", "", "", "choices", True,
     [list(pair) for pair in TIME_OPTIONS]),
    ("roles_ready", 3, "Roles I feel ready for", "Which mentor roles do I feel ready for?", "Roles",
     "Sponsors and agents act inside the protégé's institution, so they are offered to colleagues at yours.", "",
     "roles", True, []),
    ("domains_offer", 4, "Where I could help", "In which domains could I help?", "Domains", "", "",
     "domains", True, []),
    *[
        (f"skills_{key}", 5, "Mentoring skills I want to develop", f"Skills I want to develop: {title}", title,
         "Tick any you want to work on.", "", "choices", False, [list(pair) for pair in items])
        for key, title, items in COMPETENCY_AREAS
    ],
    ("skills_plan", 6, "My skills plan", "What is my first step to develop these skills?", "Skills plan", "",
     "join a mentor-development workshop, ask my own mentor for feedback on my mentoring, co-mentor with a senior "
     "colleague", "text", False, []),
]


def seed_readiness(questionnaire_model, section_model) -> None:
    """Create version 1 of the readiness self-check (same machinery, its own wording)."""
    questionnaire, created = questionnaire_model.objects.get_or_create(
        slug="readiness", version=1,
        defaults={"title": "Readiness to mentor", "intro": READINESS_INTRO, "credit": READINESS_CREDIT},
    )
    if not created:
        return
    section_model.objects.bulk_create([
        section_model(
            questionnaire=questionnaire, key=key, position=position, part=part, part_title=part_title, title=title,
            label=label, prompt=prompt, examples=examples, kind=kind, required=required, options=options,
        )
        for position, (key, part, part_title, title, label, prompt, examples, kind, required, options)
        in enumerate(READINESS_SECTIONS, start=1)
    ])
