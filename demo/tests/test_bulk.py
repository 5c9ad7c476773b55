"""Bulk writing: plain tuples straight into a table, with ids found above the previous highest."""
import datetime as dt

import pytest

from demo.bulk import db_datetime, insert_rows, max_pk
from directory.models import Institution
from directory.tests.factories import ProfileFactory


@pytest.mark.django_db
def test_insert_rows_writes_tuples_above_the_highest_id():
    Institution.objects.create(name="Existing", short_name="Ex")
    before = max_pk(Institution)
    insert_rows(Institution, ["name", "short_name", "city", "region"],
                ((f"Place {i}", f"P{i}", "Omaha", "NE") for i in range(10_005)))  # more than one batch
    new = Institution.objects.filter(pk__gt=before)
    assert new.count() == 10_005
    assert set(new.values_list("city", flat=True)) == {"Omaha"}
    assert max_pk(Institution) >= before + 10_005


@pytest.mark.django_db
def test_max_pk_of_an_empty_table_is_zero():
    assert max_pk(Institution) == 0


@pytest.mark.django_db
def test_db_datetime_stores_the_moment_given():
    profile = ProfileFactory()
    moment = dt.datetime(2026, 1, 1, 9, 30, tzinfo=dt.UTC)
    insert_rows(type(profile.user), ["email", "password", "is_active", "is_staff", "is_superuser", "date_joined"],
                [("timed@example.org", "!", True, False, False, db_datetime(moment))])
    assert type(profile.user).objects.get(email="timed@example.org").date_joined == moment
