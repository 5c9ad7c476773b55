"""Time the suggestions for a person's gaps (6 needs each) over many people, on the configured database.

Each sampled person is given a draft self-evaluation with that many open needs inside a transaction
that is rolled back at the end, so the database is left as it was.
"""
import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assessments import services as assessment_services
from assessments.models import Need
from directory.models import Domain, Profile
from directory.vocabulary import MentorRole
from mentoring import recommendations as recs


class _Rollback(Exception):
    pass


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "p50/p95 of the recommendations for a person with 6 needs, over N people (nothing is kept)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=200, help="How many people to time (default 200).")
        parser.add_argument("--needs", type=int, default=6, help="Open needs per person (default 6).")
        parser.add_argument("-k", type=int, default=recs.DEFAULT_K, help="Candidates per gap (default 3).")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, people, needs, k, seed, **options):
        rng = random.Random(seed)
        ids = list(Profile.objects.filter(career_start_year__isnull=False, user__is_active=True)
                   .values_list("pk", flat=True))
        if not ids:
            raise CommandError("No profiles to time: run generate_demo first.")
        chosen = Profile.objects.select_related("user").filter(pk__in=rng.sample(ids, min(people, len(ids))))
        domains = list(Domain.objects.filter(is_active=True))
        pairs = [(role.value, d) for role in MentorRole for d in domains]
        if needs > len(pairs):
            raise CommandError(f"--needs: at most {len(pairs)} distinct (role, domain) needs exist.")
        times, queries, candidates = [], [], 0
        try:
            with transaction.atomic():
                recs.reset_pool()
                started = time.perf_counter()
                pool = len(recs.prepared_pool().profile_of_user)
                build = time.perf_counter() - started
                for profile in chosen:
                    user = profile.user
                    version = assessment_services.version_start(owner=user)
                    Need.objects.filter(version=version, status=Need.Status.OPEN).update(status=Need.Status.CLOSED)
                    Need.objects.bulk_create([
                        Need(version=version, role=role, domain=domain, priority=rng.choice(list(Need.Priority)))
                        for role, domain in rng.sample(pairs, needs)
                    ])
                    with CaptureQueriesContext(connection) as ctx:
                        started = time.perf_counter()
                        found = recs.recommendations_for(user=user, k=k)
                        times.append((time.perf_counter() - started) * 1000)
                    queries.append(len(ctx.captured_queries))
                    candidates += sum(len(g.candidates) for g in found.gaps)
                raise _Rollback
        except _Rollback:
            pass
        recs.reset_pool()
        self.stdout.write(
            f"database {connection.vendor}; {Profile.objects.count()} profiles, {pool} mentors in the pool "
            f"(prepared in {build * 1000:.0f} ms, once per process)\n"
            f"{'people':>7} {'needs':>5} {'k':>3} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8} "
            f"{'shown/gap':>9}\n"
            f"{len(times):>7} {needs:>5} {k:>3} {statistics.median(times):>8.1f} {_percentile(times, 0.95):>8.1f} "
            f"{max(times):>8.1f} {max(queries):>8} {candidates / (len(times) * needs):>9.2f}"
        )
