"""The check-ins' sweep step: make and announce each due check-in once, catching up after missed runs."""
from mentoring import checkin_services
from mentoring.tasks import sweep_step


@sweep_step("checkins_due")
def checkins_due(now) -> int:
    return checkin_services.checkins_announce(now=now)
