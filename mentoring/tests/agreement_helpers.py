"""Set-up shared by the agreement, stage and ending tests: a relationship Priya and Marcus have started."""
import datetime as dt

from django.utils import timezone

from mentoring import agreement_services, services


def start(people, needs_of, *, protege="protege", mentor="mentor"):
    """Priya asks Marcus about two needs and he accepts: a relationship in its initiation stage."""
    needs = needs_of(people.user(protege), ("advisor", "leadership"), ("teacher", "education"))
    request = services.request_send(protege=people.user(protege), mentor=people.user(mentor), needs=needs[:1],
                                    frequency="monthly", meeting_minutes=45, message="Would you consider…")
    return services.request_accept(request=request, by=people.user(mentor))


def terms(relationship, **changes) -> dict:
    """A complete, valid set of agreement fields for `relationship`, with `changes` on top."""
    from mentoring import agreement_selectors

    values = {
        "frequency": "fortnightly", "meeting_minutes": 60,
        "progress": "A first grant submitted by June.",
        "goals": [g.pk for g in agreement_selectors.goal_choices(relationship)],
        "mentor_responsibilities": "Read drafts within a week.",
        "protege_responsibilities": "Send an agenda two days ahead.",
        "confidentiality": "between_us", "confidentiality_note": "",
        "needs": [n.pk for n in agreement_selectors.need_choices(relationship)],
        "review_on": timezone.localdate() + dt.timedelta(days=90),
    }
    values.update(changes)
    return values


def agree(relationship, people, **changes):
    """Priya proposes the terms and Marcus accepts: version in force."""
    version = agreement_services.agreement_propose(relationship=relationship, by=people.user("protege"),
                                                   **terms(relationship, **changes))
    return agreement_services.agreement_accept(version=version, by=people.user("mentor"))
