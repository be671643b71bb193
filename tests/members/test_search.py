"""The directory's search: full text with prefixes and without diacritics,
the trigram fallback on the name, ranking, filters, and the indexes used."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.pages import count_and_page
from members.models import Competence, Firm
from members.selectors import (
    ORDER_NAME,
    ORDER_RELEVANCE,
    search_firms,
    search_words,
)
from members.services import reindex_firms, rename_competence
from tests.factories import FirmFactory, UserFactory

pytestmark = pytest.mark.django_db


def _names(page):
    return [firm.name for firm in page.firms]


def _firm(name, competences=(), **fields):
    fields.setdefault("description_pl", "")
    fields.setdefault("description_en", "")
    firm = FirmFactory(name=name, **fields)
    if competences:
        firm.competences.set(competences)
        reindex_firms([firm.pk])
    return firm


def test_search_words_keep_only_letters_and_digits():
    assert search_words("Zakłady: chem* & (H2O2) | !x'y -- ą_b") == [
        "zakłady",
        "chem",
        "h2o2",
        "x",
        "y",
        "ą",
        "b",
    ]


def test_search_without_diacritics_finds_polish_name():
    _firm("Zakłady Azotowe Kędzierzyn S.A.")
    _firm("Borowe Laboratoria S.A.")

    page = search_firms("zaklady azotowe kedzierzyn")

    assert _names(page) == ["Zakłady Azotowe Kędzierzyn S.A."]
    assert page.mode == "fulltext"


def test_search_with_diacritics_finds_name_written_without_them():
    _firm("Lodz Chemicals Sp. z o.o.")

    assert _names(search_firms("Łódź")) == ["Lodz Chemicals Sp. z o.o."]


def test_search_matches_word_prefixes():
    _firm("Zakłady Chemiczne Blachownia")
    _firm("Borowe Laboratoria S.A.")

    assert _names(search_firms("chem")) == ["Zakłady Chemiczne Blachownia"]
    assert _names(search_firms("blach zakl")) == ["Zakłady Chemiczne Blachownia"]


def test_all_words_must_match():
    _firm("Zakłady Chemiczne Blachownia")
    _firm("Zakłady Azotowe Kędzierzyn S.A.")

    assert _names(search_firms("zakłady azot")) == ["Zakłady Azotowe Kędzierzyn S.A."]


def test_search_finds_words_of_description_and_offer_in_both_languages():
    _firm("Alfa Sp. z o.o.", description_en="Toll manufacturing of esters.")
    _firm("Beta Sp. z o.o.", offer_pl="Destylacja rozpuszczalników.")
    _firm("Gamma Sp. z o.o.")

    assert _names(search_firms("esters")) == ["Alfa Sp. z o.o."]
    assert _names(search_firms("rozpuszczalnikow")) == ["Beta Sp. z o.o."]


def test_misspelt_firm_name_finds_firm_through_trigram_fallback():
    _firm("Borowe Laboratoria S.A.")
    _firm("Zakłady Azotowe Kędzierzyn S.A.")

    page = search_firms("Borowe Laboratorja")

    assert _names(page) == ["Borowe Laboratoria S.A."]
    assert (page.mode, page.count) == ("similar", 1)


def test_fallback_runs_only_when_full_text_finds_nothing():
    _firm("Borowe Laboratoria S.A.")
    _firm("Laboratorja Testowe Sp. z o.o.")

    page = search_firms("laboratorja")

    assert _names(page) == ["Laboratorja Testowe Sp. z o.o."]
    assert page.mode == "fulltext"


def test_words_matching_nothing_find_nothing():
    _firm("Borowe Laboratoria S.A.")

    page = search_firms("xyzzy qwerty")

    assert (page.firms, page.count, page.next_key) == ([], 0, None)


def test_name_match_ranks_above_competence_and_description_matches():
    catalysts = Competence.objects.get(code="catalysts")
    _firm("Alfa Sp. z o.o.", description_pl="Produkujemy katalizatory niklowe.")
    _firm("Omega Katalizatory Sp. z o.o.")
    _firm("Beta Sp. z o.o.", competences=[catalysts])

    page = search_firms("katalizatory", order=ORDER_RELEVANCE)

    assert _names(page) == ["Omega Katalizatory Sp. z o.o.", "Beta Sp. z o.o.", "Alfa Sp. z o.o."]


def test_name_order_applies_to_search_results_when_chosen():
    _firm("Omega Katalizatory Sp. z o.o.")
    _firm("Alfa Sp. z o.o.", description_pl="Katalizatory.")

    page = search_firms("katalizatory", order=ORDER_NAME)

    assert _names(page) == ["Alfa Sp. z o.o.", "Omega Katalizatory Sp. z o.o."]


def test_search_combines_with_every_filter():
    catalysts = Competence.objects.get(code="catalysts")
    solvents = Competence.objects.get(code="solvents")
    _firm("Chemia Opole A", city="Opole", competences=[catalysts])
    _firm("Chemia Opole B", city="Opole", competences=[solvents])
    _firm("Chemia Opole C", city="Opole", competences=[catalysts], size_class="large")
    _firm("Chemia Opole D", city="Opole", kind=Firm.Kind.RESEARCH, size_class="")
    _firm("Chemia Koźle", city="Kędzierzyn-Koźle", competences=[catalysts])
    _firm("Opolskie Laboratorium", city="Opole", competences=[catalysts])

    assert _names(search_firms("chemia", city="Opole")) == [
        "Chemia Opole A",
        "Chemia Opole B",
        "Chemia Opole C",
        "Chemia Opole D",
    ]
    assert _names(search_firms("chemia", competences=[catalysts.pk])) == [
        "Chemia Koźle",
        "Chemia Opole A",
        "Chemia Opole C",
    ]
    assert _names(
        search_firms("chemia", city="Opole", competences=[catalysts.pk], size_class="small")
    ) == ["Chemia Opole A"]
    assert _names(search_firms("chemia", kind=Firm.Kind.RESEARCH)) == ["Chemia Opole D"]


def test_several_competences_match_firms_with_any_of_them_once():
    catalysts = Competence.objects.get(code="catalysts")
    solvents = Competence.objects.get(code="solvents")
    gases = Competence.objects.get(code="gases")
    _firm("Alfa", competences=[catalysts, solvents])
    _firm("Beta", competences=[solvents])
    _firm("Gamma", competences=[gases])

    page = search_firms(competences=[catalysts.pk, solvents.pk])

    assert (_names(page), page.count) == (["Alfa", "Beta"], 2)


def test_trigram_fallback_respects_filters():
    _firm("Borowe Laboratoria S.A.", city="Opole")

    assert _names(search_firms("Borowe Laboratorja", city="Opole")) == ["Borowe Laboratoria S.A."]
    assert _names(search_firms("Borowe Laboratorja", city="Nysa")) == []


def test_renamed_competence_finds_its_firms_by_the_new_name_only():
    competence = Competence.objects.get(code="catalysts")
    _firm("Alfa Sp. z o.o.", competences=[competence])
    _firm("Beta Sp. z o.o.")
    coordinator = UserFactory()

    rename_competence(
        competence=competence,
        actor=coordinator,
        name_pl="Nanokatalizatory heterogeniczne",
        name_en="Heterogeneous nanocatalysts",
    )

    assert _names(search_firms("nanokatalizatory")) == ["Alfa Sp. z o.o."]
    assert _names(search_firms("heterogeneous nanocat")) == ["Alfa Sp. z o.o."]
    assert _names(search_firms("katalizatory")) == []


@pytest.mark.parametrize("status", [Firm.Status.SUSPENDED, Firm.Status.FORMER])
def test_suspended_and_former_members_are_never_found(status):
    _firm("Zakłady Azotowe Kędzierzyn S.A.", status=status)
    _firm("Borowe Laboratoria S.A.", status=status)

    assert search_firms("zaklady").firms == []
    assert search_firms("Borowe Laboratorja").firms == []
    assert search_firms().count == 0


def _plans(queries):
    """EXPLAIN of each captured statement, with sequential scans off (a small
    table is otherwise read whole, whatever indexes exist)."""
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in queries:
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def _many_firms(n=500):
    """``n`` active firms that the searches below do not match, so that
    the table spans pages and the planner's statistics are meaningful."""
    firms = Firm.objects.bulk_create(
        Firm(
            name=f"Przedsiębiorstwo {i:04d}",
            slug=f"przedsiebiorstwo-{i}",
            kind=Firm.Kind.ENTERPRISE,
            size_class=Firm.SizeClass.SMALL,
            city="Opole",
            description_pl="Usługi inżynieryjne i projektowe dla przemysłu.",
        )
        for i in range(n)
    )
    reindex_firms(firm.pk for firm in firms)
    with connection.cursor() as cursor:
        # New rows wait in the GIN indexes' pending lists until a vacuum;
        # the planner prices an index by its pages, pending ones included.
        cursor.execute("SELECT gin_clean_pending_list('members_firm_search')")
        cursor.execute("SELECT gin_clean_pending_list('members_firm_name_trgm')")
        cursor.execute("ANALYZE members_firm")


def test_full_text_search_uses_the_gin_index():
    _firm("Borowe Laboratoria S.A.")
    _firm("Borowik Analityka Sp. z o.o.")
    _many_firms()

    with CaptureQueriesContext(connection) as captured:
        page = search_firms("borow", order=ORDER_RELEVANCE)
    (plan,) = _plans(captured.captured_queries)
    count_plan, page_plan = count_and_page(plan)

    assert page.count == 2
    assert "members_firm_search" in count_plan
    assert "members_firm_search" in page_plan


def test_trigram_fallback_uses_the_trigram_index():
    _firm("Borowe Laboratoria S.A.")
    # Enough rows that reading every active firm costs more than the
    # trigram index; with a few hundred the two plans cost about the same.
    _many_firms(3000)

    with CaptureQueriesContext(connection) as captured:
        page = search_firms("Borowe Laboratorja", order=ORDER_RELEVANCE)
    plans = _plans(captured.captured_queries)

    assert _names(page) == ["Borowe Laboratoria S.A."]
    # The full-text page (empty), the trigram page with its count.
    assert len(plans) == 2
    assert all("members_firm_search" in part for part in count_and_page(plans[0]))
    assert all("members_firm_name_trgm" in part for part in count_and_page(plans[1]))


def test_later_page_in_name_order_walks_the_directory_index_without_sorting():
    firms = FirmFactory.create_batch(5)

    with CaptureQueriesContext(connection) as captured:
        search_firms(after=(firms[2].name, firms[2].pk), page_size=2)
    (plan,) = _plans(captured.captured_queries)
    _count_plan, page_plan = count_and_page(plan)

    # The firms' rows, before the subplans that list each one's competences.
    firms_plan = page_plan.split("SubPlan")[0]
    assert "Index Scan using members_firm_directory" in firms_plan
    assert "Sort" not in firms_plan


@pytest.mark.django_db
def test_members_only_texts_are_not_searchable_in_the_public_directory(
    django_capture_on_commit_callbacks,
):
    from members.services import update_firm

    firm = FirmFactory(
        name="Cicha Firma Sp. z o.o.",
        description_pl="Tajna technologia fosgenowania",
        public_fields=[],
    )

    hidden = search_firms("fosgenowania").firms
    update_firm(firm=firm, actor=None, fields={"public_fields": ["description"]})
    shown = search_firms("fosgenowania").firms

    assert hidden == []
    assert [f.pk for f in shown] == [firm.pk]


def test_a_long_profiles_search_vector_stays_in_the_firms_row():
    # About 3 KB of distinct words in each language: past PostgreSQL's
    # default 2 KB, the vector would go to the TOAST table, and ranking a
    # common word would fetch it from there for every match.
    words = [f"słowo{n}technologia" for n in range(110)]
    firm = _firm(
        "Długi Profil S.A.",
        description_pl=" ".join(words),
        description_en=" ".join(word.replace("słowo", "word") for word in words),
    )
    reindex_firms([firm.pk])

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(f.*), pg_column_size(f.search_vector)"
            " FROM members_firm f WHERE id = %s",
            [firm.pk],
        )
        row_size, vector_size = cursor.fetchone()
        cursor.execute(
            "SELECT t.relname FROM pg_class f JOIN pg_class t ON t.oid = f.reltoastrelid"
            " WHERE f.relname = 'members_firm'"
        )
        (toast,) = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FROM pg_toast.{toast}")  # noqa: S608 - a catalogue name
        (chunks,) = cursor.fetchone()

    assert row_size > 4000
    assert vector_size > 2000
    assert chunks == 0


def test_best_match_ranks_the_matches_without_reading_their_descriptions():
    _firm("Borowe Laboratoria S.A.", description_pl="Laboratorium badań borowych.")
    _firm("Borowik Analityka Sp. z o.o.", description_pl="Analityka chemiczna.")
    _many_firms()

    with CaptureQueriesContext(connection) as captured:
        page = search_firms("borow", order=ORDER_RELEVANCE)
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (VERBOSE) " + query["sql"])
        plan = [row[0] for row in cursor.fetchall()]
    _count, page_plan = count_and_page("\n".join(plan))
    lines = page_plan.splitlines()
    # The scan that finds the matches for the ranking, and what it hands on.
    scan = next(i for i, line in enumerate(lines) if "Bitmap Heap Scan" in line)
    output = next(line for line in lines[scan:] if "Output:" in line)

    assert _names(page) == ["Borowe Laboratoria S.A.", "Borowik Analityka Sp. z o.o."]
    assert "ts_rank" in page_plan
    assert "name" in output
    assert "description_pl" not in output


def test_a_city_filtered_page_and_its_count_walk_the_city_index():
    # Many firms elsewhere ("Opole"), a few in the city asked for.
    _many_firms(2000)
    for n in range(5):
        _firm(f"Gliwicka Chemia {n}", city="Gliwice")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_firm")

    with CaptureQueriesContext(connection) as captured:
        page = search_firms(city="Gliwice")
    (plan,) = _plans(captured.captured_queries)
    count_plan, page_plan = count_and_page(plan)

    assert page.count == 5
    assert "members_firm_city" in count_plan
    assert "members_firm_city" in page_plan.split("SubPlan")[0]
