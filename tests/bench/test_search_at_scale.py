"""The directory's search on 10,000 generated firms: best match is a full
ranking and its pages follow on without gaps. (Which index the plans use
at each size is checked by the benchmark, on analysed templates.)"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection

from bench.generate import COMMON_TERM, SELECTIVE_TERM, generate
from members.selectors import ORDER_RELEVANCE, search_firms

SCALE = 10_000


def _full_ranking(term: str, limit: int) -> list[str]:
    """Every match ranked by ts_rank, by hand."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT slug FROM members_firm
            WHERE status = 'active'
              AND search_vector @@ to_tsquery('chemster_unaccent', %(q)s)
            ORDER BY ts_rank(search_vector, to_tsquery('chemster_unaccent', %(q)s)) DESC,
                     name, id
            LIMIT %(limit)s
            """,
            {"q": f"{term}:*", "limit": limit},
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_best_match_is_a_full_ts_rank_ordering_at_10000_firms():
    # A transactional test before this one may have emptied the taxonomy
    # that a migration ships; the function is idempotent.
    migration = importlib.import_module("members.migrations.0006_competence_taxonomy")
    migration.create_taxonomy(django_apps, None)
    generate(SCALE, log=lambda *args: None)
    active = connection.cursor()
    active.execute("SELECT count(*) FROM members_firm WHERE status = 'active'")
    (active_firms,) = active.fetchone()

    for term in (SELECTIVE_TERM, COMMON_TERM):
        shown, after = [], None
        for _ in range(3):
            page = search_firms(term, order=ORDER_RELEVANCE, after=after)
            shown += [firm.slug for firm in page.firms]
            after = page.next_key
        assert shown == _full_ranking(term, 60)[: len(shown)], term
        assert len(shown) == min(60, page.count if not page.count_capped else 60)

    assert search_firms(SELECTIVE_TERM).count == 50
    common = search_firms(COMMON_TERM)
    assert common.count_capped or common.count >= active_firms // 10
