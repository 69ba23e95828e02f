"""Statements over a whole batch of rows, written as each database takes them fastest.

A multi-row VALUES list, or an `IN (…)` of ids, sends a parameter per value: thousands for a
batch of reminder claims, each converted by the driver and parsed by the server. On PostgreSQL
they go as arrays instead: `INSERT … SELECT … FROM unnest(…)`, one array per column (about three
times faster for 500 claims), `= ANY(…)`, one array of ids, and one UPDATE … FROM unnest(…)
where an executemany would run the statement once per row. SQLite keeps VALUES, IN and
executemany: it has no arrays, and its statements cost no round trip.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, any_, bindparam, column, func, select, update
from sqlalchemy.orm import Session

from storage.upsert import insert_for


def among(session: Session, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """Return `column IN (values)`: on PostgreSQL `column = ANY(:values)`, one parameter."""
    wanted = list(values)
    if session.get_bind().dialect.name != "postgresql":
        return column.in_(wanted)  # type: ignore[no-any-return]
    from sqlalchemy.dialects.postgresql import ARRAY  # PostgreSQL only: see storage/upsert.py

    return column == any_(bindparam(None, wanted, type_=ARRAY(column.type)))  # type: ignore[no-any-return]


def update_each(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    match: Sequence[str],
    fixed: Mapping[str, Any] | None = None,
    where: Sequence[ColumnElement[bool]] = (),
) -> None:
    """Give each row found by its `match` columns its other values, in one statement.

    Every row carries the same keys: the `match` columns and the columns it sets. `fixed` sets
    one value in every row; `where` narrows which stored rows may change. On PostgreSQL it is
    one UPDATE … FROM unnest(…); the first match column is also tested with `= ANY(…)`, so the
    server finds the rows by their index rather than hashing the whole table.
    """
    if not rows:
        return
    setting = [name for name in rows[0] if name not in match]
    if session.get_bind().dialect.name != "postgresql":
        found = [table.c[name] == bindparam(f"b_{name}") for name in match]
        values: dict[str, Any] = {name: bindparam(f"b_{name}") for name in setting}
        statement = update(table).where(*found, *where).values({**values, **(fixed or {})})
        session.connection().execute(
            statement, [{f"b_{k}": v for k, v in row.items()} for row in rows]
        )
        return
    given = _unnest(table, rows, [*match, *setting])
    first = table.c[match[0]]
    found = [table.c[name] == given.c[name] for name in match]
    found.append(among(session, first, {row[match[0]] for row in rows}))
    taken: dict[str, Any] = {name: given.c[name] for name in setting}
    statement = update(table).where(*found, *where).values({**taken, **(fixed or {})})
    session.connection().execute(statement)


def insert_new(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    unique: Sequence[str],
    returning: Column[Any],
) -> list[Any]:
    """Insert the rows whose `unique` columns are not taken yet; return their `returning` values.

    Every row carries the same keys, in the same order.
    """
    if not rows:
        return []
    statement = insert_for(session, table)
    if session.get_bind().dialect.name != "postgresql":
        done = statement.on_conflict_do_nothing(index_elements=list(unique)).returning(returning)
        return list(session.connection().execute(done, list(rows)).scalars())
    names = list(rows[0])
    from_arrays = statement.from_select(names, _unnested(table, rows, names))
    done = from_arrays.on_conflict_do_nothing(index_elements=list(unique)).returning(returning)
    return list(session.connection().execute(done).scalars())


def _unnest(table: Table, rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> Any:
    """Return `unnest(:a, :b, …) AS given(a, b, …)`: the rows as one array per column."""
    from sqlalchemy.dialects.postgresql import ARRAY  # PostgreSQL only: see storage/upsert.py

    arrays = [
        bindparam(f"rows_{name}", [row[name] for row in rows], type_=ARRAY(table.c[name].type))
        for name in names
    ]
    columns = [column(name, table.c[name].type) for name in names]
    return func.unnest(*arrays).table_valued(*columns).render_derived(name="given")


def _unnested(table: Table, rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> Any:
    """Return `SELECT … FROM unnest(…)`: the rows, for INSERT … SELECT."""
    given = _unnest(table, rows, names)
    return select(*(given.c[name] for name in names))
