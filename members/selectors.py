"""Reads of the members app that depend on the user or span models."""

import re
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Exists, F, FloatField, JSONField, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Lower

from chemster.lib.i18n import localized
from members.models import Competence, CompetenceGroup, Firm, FirmRole
from members.permissions import sees_members_content


def firms_of(user):
    """The active firms where ``user`` has a role, with the role, by name."""
    if not user.is_authenticated:
        return FirmRole.objects.none()
    return (
        FirmRole.objects.filter(user=user, firm__status=Firm.Status.ACTIVE)
        .select_related("firm")
        .order_by("firm__name")
    )


def competence_groups():
    """The taxonomy, groups in order with their competences prefetched."""
    return CompetenceGroup.objects.prefetch_related(
        Prefetch("competences", queryset=Competence.objects.order_by("position", "id"))
    )


def visible_profile(firm: Firm, user) -> dict:
    """Which of the firm's optional fields ``user`` sees.

    Everyone sees the public ones; members and the coordinator also see the
    members-only ones. Name, city, kind and competences are always shown.
    """
    insider = sees_members_content(user)
    return {field: insider or firm.is_public(field) for field in Firm.VISIBILITY_FIELDS}


def visible_contacts(firm: Firm, user) -> tuple[list, tuple]:
    """The firm's contacts and the contact fields ``user`` may see.

    Visitors see none; members see the fields the firm marked
    members-visible; the firm's own users and the coordinator see all.
    """
    from members.permissions import can_edit_firm

    if can_edit_firm(user, firm):
        return list(firm.contacts.all()), Firm.CONTACT_FIELDS
    if not sees_members_content(user) or not firm.member_contact_fields:
        return [], ()
    fields = tuple(f for f in Firm.CONTACT_FIELDS if f in firm.member_contact_fields)
    return list(firm.contacts.all()), fields


def active_member_count() -> int:
    return Firm.objects.active().count()


# --- The directory and its search -------------------------------------------

DIRECTORY_PAGE_SIZE = 20
# The page sizes a visitor may choose; larger pages are never built.
DIRECTORY_PAGE_SIZES = (10, 20, 50)
# Counts stop here ("more than 1,000"), so a count costs at most this many
# index entries however many firms match.
DIRECTORY_COUNT_LIMIT = 1000
SEARCH_MAX_WORDS = 8

ORDER_NAME = "name"
ORDER_RELEVANCE = "relevance"
ORDER_NEWEST = "newest"

# The columns a directory entry shows (the search vector and long texts
# stay in the database).
_DIRECTORY_COLUMNS = (
    "name",
    "slug",
    "city",
    "kind",
    "size_class",
    "description_pl",
    "description_en",
    "public_fields",
    "joined_on",
)


@dataclass(frozen=True)
class DirectoryPage:
    """One page of the directory.

    ``count`` stops at ``DIRECTORY_COUNT_LIMIT`` (then ``count_capped``);
    ``next_key`` is the position after the last firm shown, for the next
    page's cursor: ``(name, id)``, ``(joined_on, id)`` or, for best match,
    ``(score, name, id)``.
    ``mode`` says how the words matched: "all" (no words), "fulltext", or
    "similar" (the trigram fallback on the name).
    """

    firms: list
    count: int
    count_capped: bool
    order: str
    mode: str
    next_key: tuple | None


def search_words(query: str) -> list[str]:
    """The user's words for the search: letters and digits only, lower-case.

    Anything else separates words, so nothing the user types reaches
    ``to_tsquery`` as syntax.
    """
    return re.findall(r"[^\W_]+", query.lower())[:SEARCH_MAX_WORDS]


def firm_search_query(words: list[str]) -> SearchQuery:
    """Every word as a prefix (``chem:*``), all of them required, through the
    unaccenting configuration ("zaklady" matches "Zakłady")."""
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words),
        search_type="raw",
        config="chemster_unaccent",
    )


def _capped_count(firms) -> int:
    return firms.order_by()[: DIRECTORY_COUNT_LIMIT + 1].count()


def _with_capped_count(page, matches):
    """``page`` with the capped count of ``matches`` as ``matches_count`` on
    every row: the count travels in the page's own statement (an InitPlan,
    run once), which saves a round trip and a second compilation."""
    capped = matches.order_by().values("pk")[: DIRECTORY_COUNT_LIMIT + 1]
    sql, params = capped.query.sql_with_params()
    # The statement is the ORM's own, compiled from ``matches``; its values
    # stay parameters.
    count = RawSQL(f"SELECT count(*) FROM ({sql}) AS capped", params)  # noqa: S608, S611
    return page.annotate(matches_count=count)


def filter_firms(firms, *, competences=(), kind: str = "", size_class: str = "", city: str = ""):
    """The directory's filters on ``firms``, combined with AND; several
    competences match a firm that has any of them (once, through EXISTS).

    The directory, the members API and the coordinator's export share them.
    """
    if kind:
        firms = firms.filter(kind=kind)
    if size_class:
        firms = firms.filter(size_class=size_class)
    if city:
        firms = firms.filter(city=city)
    if competences:
        firms = firms.filter(
            Exists(
                Firm.competences.through.objects.filter(
                    firm_id=OuterRef("pk"),
                    competence_id__in=[getattr(c, "pk", c) for c in competences],
                )
            )
        )
    return firms


def search_firms(
    query: str = "",
    *,
    competences=(),
    kind: str = "",
    size_class: str = "",
    city: str = "",
    order: str = ORDER_NAME,
    after: tuple | None = None,
    page_size: int = DIRECTORY_PAGE_SIZE,
    full_profile: bool = False,
) -> DirectoryPage:
    """A page of active member firms for the public directory.

    Suspended and former members are never listed. Filters combine with AND;
    several competences match a firm that has any of them.

    Words (``search_words``) match the stored, GIN-indexed search vector
    (name, competence names, descriptions, offer, ...) as AND-ed prefixes.
    When nothing matches, the words are compared with the firm's name by
    trigram word similarity (``lower(name) %> words``, the trigram GIN
    index), so a misspelt name still finds the firm.

    Queries: one, for the page with its firms' competences and the capped
    count of the matches; a second one for the trigram fallback, and one
    more for a page past the last (its statement has no row to carry the
    count).

    Firms come with the columns a directory entry shows and their
    competences as ``listed_competences`` (see ``_attach_competences``);
    ``full_profile=True`` (the API) loads every profile column instead
    (the search vector stays in the database), so callers may read any
    field the requester may see.

    Every order uses keyset pagination, so a deep page costs what the
    first one does: ``after`` is the position of the previous page's last
    firm.

    - name order: ``(name, id)``; the page walks the
      ``members_firm_directory`` index and stops after ``page_size`` rows;
    - newest members: ``(joined_on, id)``, on ``members_firm_newest``;
    - best match: ``(score, name, id)``. Every match is ranked with
      ``ts_rank`` (the name has weight A, so name matches come before
      description matches) or, in the fallback, by trigram similarity, and
      PostgreSQL keeps only the best ``page_size`` in a top-N sort: the
      first page is exactly that of a full ranking, however many firms
      match. The matches come from the GIN index; the ranking reads each
      match's vector once.
    """
    firms = filter_firms(
        Firm.objects.active(),
        competences=competences,
        kind=kind,
        size_class=size_class,
        city=city,
    )

    words = search_words(query)
    if not words:
        order = ORDER_NAME if order == ORDER_RELEVANCE else order
        page = _directory_page(firms, None, order, after, page_size, full_profile)
        return DirectoryPage(mode="all", **page)

    tsquery = firm_search_query(words)
    score = SearchRank(F("search_vector"), tsquery)
    matches = firms.filter(search_vector=tsquery)
    page = _directory_page(matches, score, order, after, page_size, full_profile)
    if page["count"]:
        return DirectoryPage(mode="fulltext", **page)
    # Nothing matched the words: compare them with the names.
    text = " ".join(words)
    score = TrigramWordSimilarity(text, Lower("name"))
    matches = firms.annotate(name_lower=Lower("name")).filter(name_lower__trigram_word_similar=text)
    page = _directory_page(matches, score, order, after, page_size, full_profile)
    return DirectoryPage(mode="similar", **page)


def _directory_page(matches, score, order, after, page_size, full_profile) -> dict:
    """The page of ``matches`` after ``after`` in ``order`` (best match by
    ``score``), with their capped count: the fields of a DirectoryPage but
    ``mode``. One query; a second one only for a page past the last, whose
    statement has no row to carry the count."""
    if order == ORDER_RELEVANCE:
        # ts_rank and similarity are float4, which psycopg reads back
        # rounded; as float8 the cursor compares exactly.
        score = Cast(score, FloatField())
        ranked = matches.annotate(score=score)
        if after:
            rank, name, pk = after
            ranked = ranked.filter(
                Q(score__lt=rank)
                | Q(score=rank, name__gt=name)
                | Q(score=rank, name=name, pk__gt=pk)
            )
        # Every match is ranked on narrow rows (id, name, score), and only
        # the best ones' whole rows are read: sorting thousands of matches
        # with their descriptions cost more.
        best = ranked.order_by("-score", "name", "id").values("pk")[: page_size + 1]
        page = Firm.objects.filter(pk__in=best).annotate(score=score)
        page = page.order_by("-score", "name", "id")
    elif order == ORDER_NEWEST:
        page = matches
        if after:
            joined_on, pk = after
            page = page.filter(Q(joined_on__lt=joined_on) | Q(joined_on=joined_on, pk__lt=pk))
        page = page.order_by("-joined_on", "-id")
    else:
        page = matches
        if after:
            name, pk = after
            page = page.filter(name__gte=name).exclude(name=name, pk__lte=pk)
        page = page.order_by("name", "id")
    page = page.defer("search_vector") if full_profile else page.only(*_DIRECTORY_COLUMNS)
    rows = list(_with_competences(_with_capped_count(page, matches))[: page_size + 1])
    # Without a row to carry the count, none match or the page is past the last.
    count = rows[0].matches_count if rows else (_capped_count(matches) if after else 0)
    _attach_competences(rows)
    next_key = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        last = rows[-1]
        if order == ORDER_RELEVANCE:
            next_key = (last.score, last.name, last.pk)
        elif order == ORDER_NEWEST:
            next_key = (last.joined_on, last.pk)
        else:
            next_key = (last.name, last.pk)
    return {
        "firms": rows,
        "count": min(count, DIRECTORY_COUNT_LIMIT),
        "count_capped": count > DIRECTORY_COUNT_LIMIT,
        "order": order,
        "next_key": next_key,
    }


@dataclass(frozen=True, slots=True)
class ListedCompetence:
    """A competence as a list of firms shows it."""

    pk: int
    name_pl: str
    name_en: str


# A firm's competences in the taxonomy's order, as one JSON array of
# ``[id, name_pl, name_en]``: a single subquery, written out because the
# ORM spelling (three ArraySubqueries with their joins and ordering) cost
# more to compile than the API firm list's whole query took to run
# (docs/performance.md). ``members_firm`` is the page query's own table.
_COMPETENCES_SQL = """
SELECT coalesce(
    jsonb_agg(jsonb_build_array(c.id, c.name_pl, c.name_en) ORDER BY g.position, c.position, c.id),
    '[]')
FROM members_firm_competences fc
JOIN members_competence c ON c.id = fc.competence_id
JOIN members_competencegroup g ON g.id = c.group_id
WHERE fc.firm_id = members_firm.id
"""


def _with_competences(firms):
    """``firms`` annotated with their competences (ids and names, in the
    taxonomy's order) in the page's own query (see ``_attach_competences``)."""
    # A constant statement without parameters: nothing from a request reaches it.
    competences = RawSQL(_COMPETENCES_SQL, (), output_field=JSONField())  # noqa: S611
    return firms.annotate(competence_rows=competences)


def _attach_competences(firms: list) -> None:
    """Set ``firm.listed_competences`` on each of ``firms`` from the array
    ``_with_competences`` added: no query of its own.

    Cheaper than ``prefetch_related``, which costs a query and builds a model
    instance and a related manager for each of a page's hundred-odd
    competences: that cost more than the rest of the API firm list
    (docs/performance.md).
    """
    for firm in firms:
        firm.listed_competences = [
            ListedCompetence(pk, name_pl, name_en) for pk, name_pl, name_en in firm.competence_rows
        ]


def directory_facets() -> dict:
    """What the directory's filters offer, in the active language: the
    competence groups with their competences, and the cities of active
    members. Plain data, so that the fragment cache can keep it."""
    return {
        "competence_groups": [
            (
                localized(group, "name").text,
                [(c.pk, localized(c, "name").text) for c in group.competences.all()],
            )
            for group in competence_groups()
        ],
        "cities": list(
            Firm.objects.active().order_by("city").values_list("city", flat=True).distinct()
        ),
    }


def firm_competence_groups(firm: Firm) -> list[tuple[CompetenceGroup, list[Competence]]]:
    """The firm's competences grouped as the taxonomy orders them (one query)."""
    competences = firm.competences.select_related("group").order_by(
        "group__position", "group_id", "position", "id"
    )
    return [(group, list(items)) for group, items in groupby(competences, key=attrgetter("group"))]


def firms_without_admin():
    """Active firms where nobody is an admin (freshly imported or accepted
    ones whose invitation is still open), by name: the coordinator's
    dashboard lists them."""
    admins = FirmRole.objects.filter(firm=OuterRef("pk"), role=FirmRole.Role.ADMIN)
    return Firm.objects.active().filter(~Exists(admins)).only("name", "slug", "city")
