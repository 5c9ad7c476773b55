"""The words a request and a decline start from, after the article's advice on asking a mentor.

Carey & Weissman: approach the candidate with a deliberate request, be specific about the help
asked, and leave them a graceful way to decline — and, if they do, to think together about who
else might help.
"""
from django.utils.text import get_text_list

REQUEST_TEMPLATE = (
    "Dear {mentor},\n\n"
    "I've enjoyed learning more about your work, and I think I could learn a lot from working with you "
    "more closely. Would you consider mentoring me {asked}?\n\n"
    "I understand that you are very busy and that it may not be possible. If you are unable to mentor me, "
    "perhaps we could think together about who else might be a good resource for me.\n\n"
    "With thanks,\n{protege}"
)

DECLINE_TEMPLATES = [
    ("time", "I don't have the time now",
     "Thank you for thinking of me — I'm honoured that you asked. I can't give this the time it deserves "
     "at present, and I would rather say so than do it poorly. I hope the colleagues I suggest can help."),
    ("fit", "Someone else would be a better fit",
     "Thank you for your thoughtful request. I'm not the best fit for what you are looking for, but I'd like "
     "to help you find someone who is: please have a look at the colleagues I suggest."),
    ("later", "Ask me again later",
     "Thank you for asking. I can't take on a new protégé at the moment; please feel free to ask me again "
     "in a few months."),
]
DECLINE_TEXTS = {key: text for key, _, text in DECLINE_TEMPLATES}


def asked_phrase(needs) -> str:
    """'as your advisor in leadership and your teacher in research' — the help asked, named."""
    parts = [f"as my {n.get_role_display().lower()} in {n.domain.name.lower()}" for n in needs]
    return get_text_list(parts, "and") if parts else "in my development"


def request_message(*, mentor_name: str, protege_name: str, needs) -> str:
    return REQUEST_TEMPLATE.format(mentor=mentor_name, protege=protege_name, asked=asked_phrase(needs))


# The stages a relationship passes through (Hitchcock et al., as the article tells it), how long
# each is expected to last, and what the two people might ask each other when one runs long. The
# questions are the article's own: how often to meet, how progress is defined, who is responsible
# for what, keeping the relationship's direction open, and redefining it by mutual agreement.
STAGE_EXPECTED = {
    "initiation": "6–12 months",
    "protege": "2–5 years",
    "redefinition": "",
    "lasting_friendship": "",
}
STAGE_ABOUT = {
    "initiation": "Getting to know each other: agreeing how often to meet, how progress will be defined and "
                  "who is responsible for what.",
    "protege": "The working years: the protégé manages up — prepares for meetings, asks for feedback — and "
               "both review how it is going.",
    "redefinition": "The protégé grows independent (recognition, funding of their own); the relationship is "
                    "redefined in a way you both agree on.",
    "lasting_friendship": "Kept as colleagues and friends: no longer taking one of the mentor's places.",
}
# How each stage reads: on the relationship's banner ("In the initiation stage since 3 Mar 2026") and
# inside a sentence ("You have been in the initiation stage since …", "move to lasting friendship").
STAGE_WORDS = {
    "initiation": ("In the initiation stage", "the initiation stage"),
    "protege": ("Protégé stage", "the protégé stage"),
    "redefinition": ("Redefinition", "the redefinition stage"),
    "lasting_friendship": ("Lasting friendship", "lasting friendship"),
}


def stage_since(stage: str) -> str:
    """What stands before "since <date>" on the relationship's page."""
    return STAGE_WORDS[stage][0] if stage in STAGE_WORDS else stage.replace("_", " ").capitalize()


def stage_within(stage: str) -> str:
    """The stage inside a sentence: "in …", "moving to …"."""
    return STAGE_WORDS[stage][1] if stage in STAGE_WORDS else stage.replace("_", " ")


STAGE_REVIEW_QUESTIONS = {
    "initiation": [
        "How frequently are we meeting, and is that still right for us both?",
        "How will progress be defined — which of the protégé's goals are we working toward?",
        "What are each of our responsibilities, and are we keeping them?",
        "Is this relationship worth continuing into the protégé stage, or would another mentor serve better?",
    ],
    "protege": [
        "Is the protégé achieving independent recognition or funding?",
        "Are we still giving each other honest feedback, and talking when things aren't going well?",
        "Have our roles, boundaries or goals drifted, or is there competition between us?",
        "Is it time to redefine the relationship in a way we both agree on?",
    ],
    "redefinition": [
        "What should the relationship be from now on — how often, and about what?",
        "Is it still of value to us both, or has it run its course?",
        "Would we like to continue as lasting friends, or to complete it?",
    ],
}
AGREEMENT_RESPONSIBILITIES = {
    "mentor": "Give honest, timely feedback; share knowledge and contacts; keep the meetings we agree.",
    "protege": "Manage up: prepare an agenda before each meeting, be on time, follow up on what we agree, and "
               "say when things aren't going well.",
}
AGREEMENT_PROGRESS = "We review progress toward the goals below at each review date."
