"""Times the directory and profile pages against whatever network is in the database (e.g. 100,000 faculty)."""
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from directory.models import Domain, Profile


class Command(BaseCommand):
    help = "Print a table of page timings and query counts for the directory on the current database."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="email", default="protege@mosaic.example", help="Who browses.")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, email, repeat, **options):
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(f"No account {email}: generate the demo network first (generate_demo).")
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        some_profile = Profile.objects.filter(listed=True).order_by("pk").values_list("pk", flat=True).first()
        research = Domain.objects.get(slug="research").pk
        institution = Profile.objects.get(user=user).institution_id
        pages = [
            ("home", "/", {}),
            ("directory, no filter", "/people/", {}),
            ("directory, page 50", "/people/", {"page": 50}),
            ("directory, role + stage", "/people/", {"role": "advisor", "stage": "senior"}),
            ("directory, domain + accepting", "/people/", {"domain": research, "accepting": "on"}),
            ("directory, institution + role", "/people/", {"institution": institution, "role": "sponsor"}),
            ("directory, name search", "/people/", {"q": "garcia"}),
            ("profile page", f"/people/{some_profile}/", {}),
        ]
        people = Profile.objects.count()
        self.stdout.write(f"{people:,} profiles on {connection.vendor}; {repeat} requests per page, as {email}\n")
        self.stdout.write(f"{'page':<32} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for label, url, params in pages:
            times = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url, params)
                    times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
            self.stdout.write(
                f"{label:<32} {statistics.median(times):>10.1f} {max(times):>8.1f} {len(queries):>8}"
            )
