"""Times the directory search (counted and paged as the page does) on whatever network is in the database."""
import os
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from directory.models import Domain, Profile
from directory.selectors import DirectoryFilters, Locality, directory_search


class Command(BaseCommand):
    help = "Print p50/p95 of the directory search (no filter, text, each filter, text + two filters)."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="email", default="protege@mosaic.example", help="Who searches.")
        parser.add_argument("--repeat", type=int, default=40, help="Searches timed per case.")

    def cases(self, user) -> list[tuple[str, dict]]:
        own = Profile.objects.select_related("institution").get(user=user)
        research = Domain.objects.get(slug="research")
        # Words from the network itself: a surname, the same one misspelt, a specialty, a bio phrase.
        surname = own.display_name.split()[-1]
        misspelt = surname[:2] + surname[3:] if len(surname) > 4 else surname
        return [
            ("no filter", {}),
            (f"text: surname ({surname})", {"q": surname}),
            (f"text: misspelt ({misspelt})", {"q": misspelt}),
            ("text: specialty (geriatrics)", {"q": "geriatrics"}),
            ("text: bio words (grant writing)", {"q": "grant writing"}),
            ("text: broad word (research)", {"q": "research"}),
            ("institution", {"institution": own.institution}),
            ("domain", {"domain": research}),
            ("role", {"role": "advisor"}),
            ("stage", {"stage": "senior"}),
            ("accepting", {"accepting": True}),
            ("local", {"locality": Locality.LOCAL}),
            ("remote", {"locality": Locality.REMOTE}),
            ("text + two filters", {"q": "palliative", "role": "advisor", "locality": Locality.REMOTE}),
            ("text + two filters (local)", {"q": "research", "accepting": True, "locality": Locality.LOCAL}),
        ]

    def handle(self, *args, email, repeat, **options):
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(f"No account {email}: generate the demo network first (generate_demo).")
        people = Profile.objects.count()
        self.stdout.write(
            f"{people:,} profiles on {connection.vendor}; {repeat} searches per case as {email}, "
            "each the count and the first page with its reasons"
        )
        # Timings on a shared machine mean little without how busy it was.
        self.stdout.write(f"load average at start: {self._load()}\n")
        self.stdout.write(f"{'search':<40} {'found':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        worst = 0.0
        for label, values in self.cases(user):
            filters = DirectoryFilters(**values)
            times = []
            for _ in range(repeat + 2):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    page = Paginator(directory_search(user=user, filters=filters),
                                     settings.MOSAIC_DIRECTORY_PAGE_SIZE).get_page(1)
                    rows = list(page.object_list)
                    times.append((time.perf_counter() - start) * 1000)
            times = times[2:]  # the first two warm the caches
            p50 = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
            worst = max(worst, p95)
            more = page.paginator.object_list.more_than  # a broad search stops counting at its limit
            found = f">{more:,}" if more else f"{page.paginator.count:,}"
            self.stdout.write(f"{label:<40} {found:>8} {p50:>8.1f} {p95:>8.1f} {len(queries):>8}")
            assert len(rows) <= settings.MOSAIC_DIRECTORY_PAGE_SIZE
        self.stdout.write(f"\nWorst p95: {worst:.1f} ms (target 100 ms). Load average at the end: {self._load()}")

    @staticmethod
    def _load() -> str:
        return " ".join(f"{n:.2f}" for n in os.getloadavg())
