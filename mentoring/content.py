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
