"""The public member directory: listing, filters, paging, bad input, escaping
and its query budget."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.utils.html import escape

from members.directory_views import FACETS_CACHE_KEY
from members.forms import DIRECTORY_CURSOR_SALT, directory_cursor
from members.models import Competence, Firm
from members.selectors import DIRECTORY_PAGE_SIZE
from members.services import DIRECTORY_CACHE_KEYS, reindex_firms, update_firm
from tests.factories import FirmFactory

pytestmark = pytest.mark.django_db

URL = "/pl/firms/"


def _listed(response):
    """The firm names the page lists, in order, read from the HTML."""
    html = response.content.decode()
    return re.findall(r'<h3 id="firm-\d+"><a href="[^"]+">([^<]*)</a></h3>', html)


def _firm(name, competences=(), **fields):
    firm = FirmFactory(name=name, **fields)
    if competences:
        firm.competences.set(competences)
        reindex_firms([firm.pk])
    return firm


def _next_url(response):
    match = re.search(r'<a href="(\?[^"]*)" rel="next">', response.content.decode())
    return match and match.group(1).replace("&amp;", "&")


def test_directory_lists_active_members_only_by_name(client):
    _firm("Borowe Laboratoria S.A.")
    _firm("Azoty Kędzierzyn Sp. z o.o.")
    _firm("Zawieszona Sp. z o.o.", status=Firm.Status.SUSPENDED)
    _firm("Dawna Chemia S.A.", status=Firm.Status.FORMER)

    response = client.get(URL)

    assert response.status_code == 200
    assert _listed(response) == ["Azoty Kędzierzyn Sp. z o.o.", "Borowe Laboratoria S.A."]
    assert response.context["page"].count == 2


@pytest.mark.parametrize("member", ["firm_a_editor", "coordinator"])
def test_directory_hides_suspended_and_former_members_from_members_too(client_as, firm_a, member):
    _firm("Zawieszona Sp. z o.o.", status=Firm.Status.SUSPENDED)
    _firm("Dawna Chemia S.A.", status=Firm.Status.FORMER)

    response = client_as(member).get(URL + "?q=chemia")
    listing = client_as(member).get(URL)

    assert _listed(response) == []
    assert _listed(listing) == ["Azoty Kędzierzyn Sp. z o.o."]


def test_entry_shows_link_city_kind_size_competences_and_description(client):
    catalysts = Competence.objects.get(code="catalysts")
    solvents = Competence.objects.get(code="solvents")
    firm = _firm(
        "Borowe Laboratoria S.A.",
        city="Opole",
        competences=[catalysts, solvents],
        description_pl="Laboratorium analityczne.",
        description_en="",
        public_fields=["description"],
    )

    polish = client.get(URL).content.decode()
    english = client.get("/en/firms/").content.decode()

    assert f'<a href="/pl/firms/{firm.slug}/">Borowe Laboratoria S.A.</a>' in polish
    assert '<li lang="pl">Katalizatory</li>' in polish
    assert '<li lang="pl">Rozpuszczalniki</li>' in polish
    assert '<p lang="pl">Laboratorium analityczne.</p>' in polish
    assert f'<a href="/en/firms/{firm.slug}/">Borowe Laboratoria S.A.</a>' in english
    assert "Opole · Enterprise · Small" in english
    assert '<li lang="en">Catalysts</li>' in english
    # No English description: the Polish one, marked as Polish.
    assert '<p lang="pl">Laboratorium analityczne.</p>' in english


def test_entry_without_size_class_shows_none(client):
    _firm("Instytut Badawczy", kind=Firm.Kind.RESEARCH, size_class="", city="Opole")

    html = client.get("/en/firms/").content.decode()

    assert re.search(r"Opole · Research institute\s*</p>", html)


def test_members_only_description_is_shown_to_members_only(client_as):
    _firm(
        "Borowe Laboratoria S.A.",
        description_pl="Tajny opis dla członków.",
        public_fields=[],
    )

    visitor = client_as("visitor").get(URL).content.decode()
    outsider = client_as("outsider").get(URL).content.decode()
    member = client_as("firm_a_editor").get(URL).content.decode()

    assert "Tajny opis" not in visitor
    assert "Tajny opis" not in outsider
    assert "Tajny opis dla członków." in member


def test_english_page_speaks_english(client):
    _firm("Borowe Laboratoria S.A.")

    html = client.get("/en/firms/").content.decode()

    assert "<h1>Member directory</h1>" in html
    assert re.search(r'role="status" aria-live="polite">\s*1 member found\.', html)
    assert '<label for="id_q">Search</label>' in html


def test_search_box_finds_firm_without_diacritics(client):
    _firm("Zakłady Azotowe Kędzierzyn S.A.")
    _firm("Borowe Laboratoria S.A.")

    response = client.get(URL, {"q": "zaklady azotowe"})

    assert _listed(response) == ["Zakłady Azotowe Kędzierzyn S.A."]


def test_misspelt_name_is_found_and_said_to_be_similar(client):
    _firm("Borowe Laboratoria S.A.")

    response = client.get("/en/firms/", {"q": "borowe laboratorja"})

    assert _listed(response) == ["Borowe Laboratoria S.A."]
    assert "No exact match; these names are similar to your search." in response.content.decode()


def test_filters_combine(client):
    catalysts = Competence.objects.get(code="catalysts")
    _firm("Alfa", city="Opole", competences=[catalysts])
    _firm("Beta", city="Opole")
    _firm("Gamma", city="Nysa", competences=[catalysts])
    _firm("Delta", city="Opole", kind=Firm.Kind.UNIVERSITY, size_class="")

    response = client.get(URL, {"city": "Opole", "competence": [catalysts.pk]})
    by_kind = client.get(URL, {"kind": "university"})
    by_size = client.get(URL, {"size_class": "small", "city": "Opole"})

    assert _listed(response) == ["Alfa"]
    assert _listed(by_kind) == ["Delta"]
    assert _listed(by_size) == ["Alfa", "Beta"]
    assert f'id="competence-{catalysts.pk}" checked' in response.content.decode()


def test_newest_order_lists_latest_members_first(client):
    _firm("Alfa", joined_on="2014-01-01")
    _firm("Beta", joined_on="2024-05-01")
    _firm("Gamma", joined_on="2019-03-01")

    response = client.get(URL, {"sort": "newest"})

    assert _listed(response) == ["Beta", "Gamma", "Alfa"]


def test_search_sorts_by_best_match_unless_asked_otherwise(client):
    _firm("Alfa Sp. z o.o.", description_pl="Produkujemy katalizatory.")
    _firm("Omega Katalizatory Sp. z o.o.", description_pl="")

    best = client.get(URL, {"q": "katalizatory"})
    by_name = client.get(URL, {"q": "katalizatory", "sort": "name"})

    assert _listed(best) == ["Omega Katalizatory Sp. z o.o.", "Alfa Sp. z o.o."]
    assert _listed(by_name) == ["Alfa Sp. z o.o.", "Omega Katalizatory Sp. z o.o."]


@pytest.mark.parametrize(
    ("params", "order"),
    [
        ({}, "name"),
        ({"sort": "newest"}, "newest"),
        ({"q": "chem"}, "relevance"),
    ],
)
def test_next_page_links_walk_every_member_once(client, params, order):
    for n in range(DIRECTORY_PAGE_SIZE * 2 + 3):
        _firm(f"Chemia {n:02d}", joined_on=f"20{10 + n % 15}-01-{1 + n % 28:02d}")

    seen, url, pages = [], URL + "?" + "&".join(f"{k}={v}" for k, v in params.items()), 0
    while url:
        response = client.get(url if url.startswith("/") else URL + url)
        assert response.context["page"].order == order
        seen += _listed(response)
        url, pages = _next_url(response), pages + 1

    assert pages == 3
    assert sorted(seen) == [f"Chemia {n:02d}" for n in range(DIRECTORY_PAGE_SIZE * 2 + 3)]


def test_next_page_keeps_the_filters(client):
    for n in range(DIRECTORY_PAGE_SIZE + 1):
        _firm(f"Alfa {n:02d}", city="Opole")
    _firm("Beta", city="Nysa")

    first = client.get(URL, {"city": "Opole"})
    second = client.get(URL + _next_url(first))

    assert parse_qs(urlsplit(_next_url(first)).query)["city"] == ["Opole"]
    assert _listed(second) == ["Alfa 20"]
    assert _next_url(second) is None
    assert 'href="?city=Opole">' in second.content.decode()


def test_count_stops_at_the_limit(client, settings, monkeypatch):
    monkeypatch.setattr("members.selectors.DIRECTORY_COUNT_LIMIT", 3)
    for n in range(5):
        _firm(f"Alfa {n}")

    response = client.get("/en/firms/")

    assert response.context["page"].count == 3
    assert response.context["page"].count_capped
    assert "More than 3 members found." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"competence": "999999"}, "competence"),
        ({"competence": "abc"}, "competence"),
        ({"kind": "factory"}, "kind"),
        ({"size_class": "huge"}, "size_class"),
        ({"city": "Atlantyda"}, "city"),
        ({"sort": "price"}, "sort"),
        ({"q": "a" * 101}, "q"),
        ({"q": "zak\x00lady"}, "q"),
        ({"after": "garbage"}, "after"),
        ({"after": "x" * 601}, "after"),
        ({"after": signing.dumps(["name", ["a", 1]], salt="other")}, "after"),
        # A cursor of the name order used with another order.
        ({"after": directory_cursor("name", ("Alfa", 1)), "sort": "newest"}, "after"),
        ({"after": directory_cursor("relevance", (10_000,)), "q": "chem"}, "after"),
        ({"after": directory_cursor("relevance", ("high", "Alfa", 1)), "q": "chem"}, "after"),
        ({"size": "1000"}, "size"),
        ({"size": "ten"}, "size"),
        (
            {"after": signing.dumps(["newest", ["not-a-date", 1]], salt=DIRECTORY_CURSOR_SALT)},
            "after",
        ),
        ({"after": signing.dumps(["name", "x"], salt=DIRECTORY_CURSOR_SALT)}, "after"),
    ],
)
def test_bad_input_is_a_field_error_never_a_server_error(client, params, field):
    _firm("Alfa")

    response = client.get(URL, params)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert _listed(response) == []
    assert 'class="errorlist' in response.content.decode()


def test_markup_in_the_query_is_shown_escaped(client):
    _firm("Alfa")
    query = '"><script>alert(1)</script><b>x'

    html = client.get(URL, {"q": query}).content.decode()

    assert "<script>alert(1)" not in html
    assert "<b>x" not in html
    assert f'value="{escape(query)}"' in html


def test_script_and_markup_in_firm_texts_are_shown_escaped(client):
    competence = Competence.objects.get(code="catalysts")
    competence.name_pl = "<i>Kataliza</i>"
    competence.save(update_fields=["name_pl"])
    _firm(
        '<script>alert("n")</script> Alfa',
        city="<b>Opole</b>",
        competences=[competence],
        description_pl='<img src=x onerror="alert(1)"> opis',
        public_fields=["description"],
    )

    html = client.get(URL).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>Opole" not in html
    assert "<i>Kataliza" not in html
    assert "&lt;script&gt;alert(&quot;n&quot;)&lt;/script&gt; Alfa" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; opis" in html
    assert "&lt;b&gt;Opole&lt;/b&gt;" in html
    assert "&lt;i&gt;Kataliza&lt;/i&gt;" in html


def test_facets_cache_key_is_dropped_by_the_firm_services():
    assert FACETS_CACHE_KEY in DIRECTORY_CACHE_KEYS


def test_city_filter_offers_new_city_after_a_firm_moves(
    client, firm_a_admin, firm_a, django_capture_on_commit_callbacks
):
    before = client.get(URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        update_firm(firm=firm_a, actor=firm_a_admin, fields={"city": "Głuchołazy"})
    after = client.get(URL).content.decode()

    assert '<option value="Głuchołazy">' not in before
    assert '<option value="Głuchołazy">Głuchołazy</option>' in after


def _competences(n):
    return list(Competence.objects.all()[:n])


@pytest.mark.parametrize(("firms", "competences"), [(1, 1), (30, 1), (30, 20)])
def test_directory_query_count_is_constant_for_a_visitor(
    django_assert_num_queries, firms, competences
):
    chosen = _competences(competences)
    for n in range(firms):
        _firm(f"Alfa {n:02d}", competences=chosen)
    client = Client()
    client.get(URL)  # fills the facet cache

    with django_assert_num_queries(1):
        # 1. the page of firms (20 + 1 to know whether there is a next page)
        #    with their competences and the capped count of active members
        response = client.get(URL)

    assert len(_listed(response)) == min(firms, DIRECTORY_PAGE_SIZE)


@pytest.mark.parametrize(("firms", "competences"), [(1, 1), (30, 20)])
def test_directory_query_count_is_constant_for_a_member_searching(
    client_as, django_assert_num_queries, firms, competences
):
    chosen = _competences(competences)
    for n in range(firms):
        _firm(f"Chemia {n:02d}", competences=chosen)
    client = client_as("firm_b_editor")
    client.get(URL)

    with django_assert_num_queries(5):
        # 1. the session, 2. its user
        # 3. the page of ranked firms with their competences and the
        #    capped count of matches
        # 4. whether the user is a member (members-only descriptions)
        # 5. whether the user is the coordinator (the menu)
        response = client.get(URL, {"q": "chemia", "competence": [chosen[0].pk]})

    assert len(_listed(response)) == min(firms, DIRECTORY_PAGE_SIZE)


def test_directory_query_count_with_a_cold_facet_cache(django_assert_num_queries):
    for n in range(30):
        _firm(f"Alfa {n:02d}", competences=_competences(20))

    with django_assert_num_queries(5):
        # 1. competence groups, 2. their competences, 3. cities (the facets)
        # 4. the page with its firms' competences and the capped count
        # 5. the footer's site texts (a fragment of its own, cold too)
        Client().get(URL)


def test_search_falling_back_to_trigrams_costs_one_more_query(django_assert_num_queries):
    for n in range(30):
        _firm(f"Borowe Laboratoria {n:02d}", competences=_competences(20))
    client = Client()
    client.get(URL)

    with django_assert_num_queries(2):
        # 1. the full-text page (empty, so no count)
        # 2. the trigram page with its firms' competences and count
        response = client.get(URL, {"q": "borowe laboratorja"})

    assert len(_listed(response)) == DIRECTORY_PAGE_SIZE


def test_search_finding_nothing_reads_two_empty_pages(django_assert_num_queries):
    _firm("Alfa")
    client = Client()
    client.get(URL)

    with django_assert_num_queries(2):
        # 1. the full-text page, 2. the trigram page: both empty
        response = client.get(URL, {"q": "xyzzy"})

    assert re.search(r'aria-live="polite">[^<]*\b0\b', response.content.decode())


def test_deep_page_costs_the_same_queries_as_the_first(client, django_assert_num_queries):
    firms = [
        Firm(name=f"Firma {n:04d}", slug=f"firma-{n}", kind="support", city="Opole")
        for n in range(400)
    ]
    Firm.objects.bulk_create(firms)
    client.get(URL)
    cursor = directory_cursor("name", ("Firma 0379", Firm.objects.get(name="Firma 0379").pk))

    with django_assert_num_queries(1):
        # 1. the page after the cursor with competences and the capped count
        response = client.get(URL, {"after": cursor})

    assert _listed(response) == [f"Firma {n:04d}" for n in range(380, 400)]


def test_best_match_ranks_every_match_across_pages(client):
    # Name matches (weight A) outrank description matches (weight C),
    # however many firms match and in whatever order the index finds them.
    for n in range(12):
        _firm(f"Zakład {n:02d}", description_pl="Chemia specjalistyczna.")
    for n in range(3):
        _firm(f"Chemia {n}")

    first = client.get(URL, {"q": "chemia", "size": "10"})
    second = client.get(URL + _next_url(first))

    assert _listed(first)[:3] == ["Chemia 0", "Chemia 1", "Chemia 2"]
    assert len(_listed(first)) == 10
    assert _listed(first) + _listed(second) == (
        ["Chemia 0", "Chemia 1", "Chemia 2"] + [f"Zakład {n:02d}" for n in range(12)]
    )
    assert _next_url(second) is None


@pytest.mark.parametrize(("size", "listed"), [("", 20), ("10", 10), ("50", 25)])
def test_visitor_chooses_the_page_size(client, size, listed):
    for n in range(25):
        _firm(f"Alfa {n:02d}")

    response = client.get(URL, {"size": size})

    assert len(_listed(response)) == listed
