"""Keep a firm's search vector in its row, not in the TOAST table.

A firm's row (texts in two languages and the vector, about 2.4 KB) passes
PostgreSQL's default threshold of 2 KB, past which the largest values, the
search vector first, move to the TOAST table. Ranking a common word then
fetched every match's vector from there: 42,000 buffers and 71 ms for the
11,400 matches of 100,000 firms, against 11,500 buffers and 30 ms with the
vectors in the rows (docs/performance.md). Rows stay whole up to 8 KB.

The UPDATE rewrites the vectors already stored, so that they move in too.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE members_firm SET (toast_tuple_target = 8160);
UPDATE members_firm SET search_vector = search_vector || ''::tsvector
WHERE search_vector IS NOT NULL;
"""

BACKWARD = "ALTER TABLE members_firm RESET (toast_tuple_target);"


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_application_one_open_per_firm"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
