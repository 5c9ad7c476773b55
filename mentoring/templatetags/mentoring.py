"""The mentoring actions on a colleague's profile page, decided by the policy."""
from django import template

from mentoring import checkin_selectors, selectors
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
        "may_block": policy.allows(user, MentoringAction.BLOCK_PERSON, person),
        "blocked": checkin_selectors.has_blocked(user=user, person_user_id=person.user_id),
    }


@register.inclusion_tag("mentoring/_checkin_figures.html", takes_context=True)
def checkin_figures(context):
    """A director's home-page section: check-in figures per institution, over five or more answers only."""
    return {"figures": checkin_selectors.checkin_figures(user=context["request"].user)}


@register.inclusion_tag("mentoring/_suggestions.html", takes_context=True)
def gap_suggestions(context, row):
    """A table row under one gap of the mosaic: the colleagues suggested for it. The mosaic is scored once."""
    from mentoring.recommendations import recommendations_for

    request, found = context["request"], context["m"]
    if getattr(found.owner, "pk", None) != request.user.pk:
        return {"candidates": [], "need": row.need, "number": row.number}
    cache = request.__dict__.setdefault("_gap_suggestions", {})
    if id(found) not in cache:
        cache[id(found)] = recommendations_for(user=request.user, mosaic=found)
    return {"candidates": cache[id(found)].for_need(row.need.pk), "need": row.need, "number": row.number}
