"""A fingerprint of every table, to prove that a request changed nothing.

``database_snapshot()`` gives ``{table: md5 of its rows}`` for every table
of the database (the sorted text of each row, so the order rows are stored
in does not matter), in one query. Two snapshots taken around a refused
request must be equal; ``changed_tables(before, after)`` names the tables
that differ.
"""

from django.db import connection

# Tables that change on requests that change nothing of the portal's data.
EXCLUDED_TABLES = {
    # Sessions: Django rewrites the session row when a request touches the
    # session (allauth's state, stored messages); it holds no domain data,
    # and who is logged in is fixed before the first snapshot.
    "django_session",
    # The default cache (login rate limits): counting an attempt is the
    # point of a rate limit, refused or not.
    "django_cache",
}


def database_snapshot() -> dict[str, str]:
    with connection.cursor() as cursor:
        tables = sorted(set(connection.introspection.table_names(cursor)) - EXCLUDED_TABLES)
        quote = connection.ops.quote_name
        # The row alias is unusual so that no column of the same name hides
        # it; the table names come from the catalogue and are quoted.
        select = (
            "SELECT %s, md5(coalesce(string_agg(snapshot_row::text, '|' "
            "ORDER BY snapshot_row::text), '')) FROM {table} AS snapshot_row"
        )
        query = " UNION ALL ".join(select.format(table=quote(table)) for table in tables)
        cursor.execute(query, tables)
        return dict(cursor.fetchall())


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        table for table in before.keys() | after.keys() if before.get(table) != after.get(table)
    )
