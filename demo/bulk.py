"""Writing demo rows fast: plain tuples straight into tables, and the database tuned around it."""
import datetime as dt
from collections.abc import Iterable

from django.db import connection


def insert_rows(model, fields: list[str], rows: Iterable[tuple]) -> None:
    """Insert plain tuples into `model`'s table as fast as the database allows (COPY on PostgreSQL).

    Values must already be in database form (see `db_datetime`); no model instances are built,
    no signals are sent, and primary keys come from the table's own sequence.
    """
    meta = model._meta
    qn = connection.ops.quote_name
    columns = ", ".join(qn(meta.get_field(name).column) for name in fields)
    table = qn(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 10_000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def refresh_planner_statistics() -> None:
    """Bulk-loaded tables have stale statistics until autovacuum catches up, and PostgreSQL then
    picks slow plans for the directory (seconds instead of milliseconds at 100,000 people).

    Outside a transaction the tables are also compacted: steps that fill a column after the insert
    (the search document) leave every such row twice, which doubles a full scan's cost.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (FULL, ANALYZE)")
        else:
            cursor.execute("ANALYZE")


def give_sqlite_room() -> None:
    """A bigger page cache roughly halves SQLite's time to index 100,000 new rows (this connection only)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")


def db_datetime(value: dt.datetime):
    """A datetime in the form this database's driver takes for a DateTimeField column."""
    return connection.ops.adapt_datetimefield_value(value)


def max_pk(model) -> int:
    """The highest primary key in `model`'s table (0 when empty): rows inserted next lie above it."""
    return model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
