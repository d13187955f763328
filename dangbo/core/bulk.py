"""Writing many rows at once: buffered INSERTs (executemany on SQLite, COPY on PostgreSQL) with ids given.

The one bulk path under every writer of many rows: `members.actions.admit_many` (the importer) and the
demo's synthetic register. Values are plain Python (dates, datetimes, dicts for JSON fields); each writer
fills one model's table with the columns it names.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction
from django.db.models import Max


class RowWriter:
    """Buffered INSERT of plain tuples into one model's table; values in Python types, ids given."""

    def __init__(self, model, columns: list[str], batch: int = 20_000):
        self.model = model
        self.table = model._meta.db_table
        by_name = {f.attname: f for f in model._meta.concrete_fields}
        self.fields = [by_name[c] for c in columns]
        self.columns = [f.column for f in self.fields]
        self.batch = batch
        self.rows: list[tuple] = []
        self.written = 0
        self.pg = connection.vendor == "postgresql"
        kinds = [f.get_internal_type() for f in self.fields]
        self._date_idx = [i for i, k in enumerate(kinds) if k == "DateField"]
        self._dt_idx = [i for i, k in enumerate(kinds) if k == "DateTimeField"]
        self._json_idx = [i for i, k in enumerate(kinds) if k == "JSONField"]
        self._dt_cache: dict = {}

    def add(self, row: tuple):
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()

    def _sqlite_row(self, row):
        row = list(row)
        for i in self._date_idx:
            if row[i] is not None:
                row[i] = row[i].isoformat()
        for i in self._dt_idx:
            v = row[i]
            if v is not None:
                cached = self._dt_cache.get(v)
                if cached is None:
                    cached = self._dt_cache[v] = connection.ops.adapt_datetimefield_value(v)
                row[i] = cached
        return row

    def flush(self):
        if not self.rows:
            return
        rows = self.rows
        self.rows = []
        if self._json_idx:
            rows = [tuple(json.dumps(v, ensure_ascii=False) if i in self._json_idx else v for i, v in enumerate(r))
                    for r in rows]
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cur:
            if self.pg:
                with cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as cp:
                    for r in rows:
                        cp.write_row(r)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                                [self._sqlite_row(r) for r in rows])
        self.written += len(rows)


def next_id(model) -> int:
    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def allocate_ids(model, n: int) -> list[int]:
    """`n` fresh primary keys of `model`: from its sequence on PostgreSQL; on SQLite the next ids after the
    largest, which is safe because the caller's transaction is IMMEDIATE (no other writer runs before its
    inserts)."""
    if n == 0:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        [model._meta.db_table, n])
            return sorted(x for (x,) in cur.fetchall())
    first = next_id(model)
    return list(range(first, first + n))


def reset_sequences(models):
    """After rows were written with explicit ids, PostgreSQL's sequences must move past them."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    sql = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cur:
        for stmt in sql:
            cur.execute(stmt)


@contextmanager
def deferred_indexes(models):
    """Loading empty tables on PostgreSQL: their secondary indexes and foreign keys dropped while the rows are copied
    in, and made again after the block, inside the same transaction (a failure rolls the drops back too).

    Each index is then built by one sort instead of an insertion per row in random key order (the member table has
    twenty-odd), and each foreign key checked by one join instead of a deferred trigger per row queued until the
    commit (about a hundred million at 5.600.000 members). Primary keys and unique constraints stay. Does nothing
    on SQLite, or when any of the tables already has rows.
    """
    if connection.vendor != "postgresql" or any(m.objects.exists() for m in models):
        yield
        return
    quote = connection.ops.quote_name
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cur:
        cur.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY conname", [tables])
        keys = cur.fetchall()
        cur.execute("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                    "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid) "
                    "ORDER BY 1", [tables])
        indexes = cur.fetchall()
        # ALTER TABLE is refused while rows written earlier in the transaction (the organisations) have deferred
        # key checks pending on a table it locks: run them now; Django's keys are deferred again after the block.
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in keys:
            cur.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cur.execute(f"DROP INDEX {name}")  # regclass text: already quoted where it needs to be
    yield
    with connection.cursor() as cur:
        for _name, definition in indexes:
            cur.execute(definition)
        for table, name, definition in keys:
            cur.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cur.execute("SET CONSTRAINTS ALL DEFERRED")


def refresh_statistics(models=None):
    """After many rows were written, let PostgreSQL's planner see them (ANALYZE).

    Autovacuum analyses a table only after its transaction commits, and a large load still inside its
    transaction (the demo; an import) is planned on the statistics of the tables as they were, often empty:
    a query over the demo's events planned that way ran past the suite's 420 s timeout. ANALYZE may run inside the
    transaction and samples the rows it wrote. SQLite's planner needs no statistics for these queries.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        if models is None:
            cur.execute("ANALYZE")
        else:
            for model in models:
                cur.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@contextmanager
def planner(**values):
    """Run the block's queries on PostgreSQL with these settings (e.g. jit="off"), restored afterwards.

    - jit="off": PostgreSQL compiles a query to machine code when its estimated cost passes `jit_above_cost`; for a
      query with many expressions over a large table (the data-quality counts: one FILTER per kind, 338 functions;
      the dues INSERT ... SELECT over a million members) the compilation itself took 2 to 24 s on the shared 2-core
      machine, more than the compiled code saved.
    - max_parallel_workers_per_gather=0: a parallel plan rebuilds each hashed subplan (the quality counts'
      duplicate GROUP BYs over the whole subtree) in every worker, which tripled that work on 2 cores.
    SQLite has neither: the block simply runs.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        before = {}
        with connection.cursor() as cur:
            for name, value in values.items():
                cur.execute("SELECT current_setting(%s)", [name])
                before[name] = cur.fetchone()[0]
                cur.execute("SELECT set_config(%s, %s, true)", [name, str(value)])
        try:
            yield
        finally:
            try:
                with connection.cursor() as cur:
                    for name, value in before.items():
                        cur.execute("SELECT set_config(%s, %s, true)", [name, value])
            except DatabaseError:  # a failed transaction: the original error is what matters
                pass
