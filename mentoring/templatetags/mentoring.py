"""The mentoring actions on a colleague's profile page, decided by the policy."""
from django import template

from mentoring import selectors
from mentoring.rules import MentoringAction
from mosaic import policy

register = template.Library()


@register.inclusion_tag("mentoring/_profile_actions.html", takes_context=True)
def mentoring_on_profile(context, person):
    user = context["request"].user
    may_ask = policy.allows(user, MentoringAction.SEND_REQUEST, person)
    return {
        "person": person, "csrf_token": context.get("csrf_token"), "may_ask": may_ask,
        "pending": selectors.pending_to(protege=user, mentor=person)
        if policy.signed_in(user) and person.user_id != user.pk else None,
        "may_suggest": policy.allows(user, MentoringAction.SUGGEST_MENTOR, person),
    }
