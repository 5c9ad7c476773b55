"""Generate the demo network from every app's registered steps, and print the demo sign-ins."""
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import registry
from demo.removal import has_network, remove_network


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic national palliative-medicine network, the same for the same seed, "
        "and print the demo sign-ins."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=registry.DEFAULT_SEED, help="Same seed, same network.")
        parser.add_argument("--faculty", type=int, default=registry.DEFAULT_FACULTY,
                            help="How many faculty besides the demo sign-ins.")
        parser.add_argument("--institutions", type=int, default=registry.DEFAULT_INSTITUTIONS)
        flags = parser.add_mutually_exclusive_group()
        flags.add_argument("--reset", action="store_true",
                           help="First remove the network there is: every person and institution (domains stay).")
        flags.add_argument("--if-empty", action="store_true",
                           help="Do nothing when the database already holds a network.")
        parser.add_argument("--quiet", action="store_true", help="Print only the sign-ins.")

    def handle(self, *args, seed, faculty, institutions, reset, if_empty, quiet, **options):
        if faculty < 0 or institutions < 1:
            raise CommandError("--faculty must be 0 or more and --institutions at least 1.")
        if getattr(settings, "PRODUCTION", False):
            # The demo sign-ins include a site admin whose password is printed for all to read.
            raise CommandError("The demo network is never generated on a production site (MOSAIC_ENV=production).")
        started = time.perf_counter()
        if has_network():
            if if_empty:
                if not quiet:
                    self.stdout.write("The database already holds a network; left it as it is.")
                self._print_sign_ins()
                return
            if not reset:
                raise CommandError(
                    "The database already holds people or institutions. Run with --reset to replace them "
                    "with a fresh demo network (this deletes every person and institution), or with "
                    "--if-empty to leave them alone."
                )
        if reset:
            remove_network()
            if not quiet:
                self.stdout.write(f"Removed the previous network in {time.perf_counter() - started:.1f} s.")

        started = time.perf_counter()
        network = registry.DemoNetwork(seed=seed, faculty=faculty, institutions=institutions)
        network.build()
        built = time.perf_counter() - started
        counts = network.write()
        elapsed = time.perf_counter() - started
        if not quiet:
            for label, count in counts.items():
                self.stdout.write(f"  {label:<30} {count:>9,}")
            self.stdout.write(self.style.SUCCESS(
                f"Generated the demo network (seed {seed}) in {elapsed:.1f} s "
                f"(built in {built:.1f} s, written in {elapsed - built:.1f} s)."
            ))
        self._print_sign_ins()

    def _print_sign_ins(self):
        from accounts.models import User

        pairs = registry.sign_ins()
        existing = set(User.objects.filter(email__in=[email for _, email in pairs]).values_list("email", flat=True))
        rows = [(label, email) for label, email in pairs if email in existing]
        if not rows:
            self.stdout.write("No demo sign-ins in this database.")
            return
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo sign-ins (password: {registry.DEMO_PASSWORD})"))
        for label, email in rows:
            self.stdout.write(f"  {label:<17} {email}")
