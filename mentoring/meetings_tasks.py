"""The sweep's cadence step: one gentle reminder per overdue spell of a relationship, to both people."""
from mentoring import meetings_selectors, meetings_services
from mentoring.tasks import sweep_step


@sweep_step("cadence_reminders")
def cadence_reminders(now) -> int:
    """Remind each relationship overdue now; a spell already reminded is skipped (its row exists)."""
    return sum(meetings_services.cadence_remind(relationship=relationship, since=since, now=now)
               for relationship, since in meetings_selectors.overdue_relationships(now=now))
