"""Queue the daily digest for the worker, or send it here with --now; run it once a day (cron, a timer)."""
from django.core.management.base import BaseCommand

from notifications.services import digest_send
from notifications.tasks import send_digests


class Command(BaseCommand):
    help = "E-mail each person who chose a daily digest what they were told since their last one."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send the digests in this process instead of queuing.")

    def handle(self, *args, now=False, **options):
        if now:
            self.stdout.write(f"Queued {digest_send()} digest e-mail(s).")
        else:
            result = send_digests.enqueue()
            self.stdout.write(f"Queued the digest run ({result.id}).")
