"""PostgreSQL pieces the directory's search needs.

``unaccent`` and ``pg_trgm`` are trusted extensions, so the portal's own
database user may create them. The ``unaccent()`` function is only STABLE
and cannot be used in a stored vector or an index; a text-search
configuration copied from ``simple`` that maps words through the unaccent
dictionary is immutable when used as ``to_tsvector('chemster_unaccent', ...)``.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'chemster_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION chemster_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION chemster_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$;
"""

DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS chemster_unaccent;"


class Migration(migrations.Migration):
    dependencies = [("members", "0003_apitoken")]

    operations = [migrations.RunSQL(CREATE, DROP)]
