"""Queue the sweep (requests' reminders and expiries, relationships' prompts) for the worker, or run it here."""
from django.core.management.base import BaseCommand

from mentoring.tasks import sweep_all, sweep_requests


class Command(BaseCommand):
    help = "Remind, prompt and let lapse what is due in requests and relationships (queued for the worker)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run the sweep in this process instead of queuing it.")

    def handle(self, *args, now=False, **options):
        if now:
            done = sweep_all()
            self.stdout.write(", ".join(f"{name.replace('_', ' ')}: {n}" for name, n in done.items()) + ".")
        else:
            result = sweep_requests.enqueue()
            self.stdout.write(f"Queued the sweep ({result.id}).")
