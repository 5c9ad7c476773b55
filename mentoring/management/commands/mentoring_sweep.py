"""Queue the sweep of requests (reminders and expiries) for the worker, or run it here with --now."""
from django.core.management.base import BaseCommand

from mentoring.tasks import sweep, sweep_requests


class Command(BaseCommand):
    help = "Remind mentors of unanswered requests and let overdue ones lapse (queued for the worker)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run the sweep in this process instead of queuing it.")

    def handle(self, *args, now=False, **options):
        if now:
            done = sweep()
            self.stdout.write(f"Reminded {done['reminded']}, expired {done['expired']}.")
        else:
            result = sweep_requests.enqueue()
            self.stdout.write(f"Queued the sweep ({result.id}).")
