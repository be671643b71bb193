"""Partner matching: which firms cover what a project or a posting needs,
which competences a consortium still lacks, and what to recommend to a firm.

Pure reads (selectors), each with a fixed number of queries whatever the
number of firms, projects or postings.

How firms are ranked for a set of needed competences
-----------------------------------------------------
Each needed competence ``c`` weighs like an inverse document frequency over
the cluster's active member firms::

    weight(c) = ln((1 + active firms) / (1 + active firms with c)) + 1

A competence few firms have weighs more than one every firm has (with 10
active firms: held by one firm 2.70, by five 1.61, by all ten 1.0), so a firm
that brings the one rare thing a project needs ranks above a firm that brings
something anybody could. A firm's score is the sum of the weights of the
needed competences it covers; ties go to the firm covering more of them, then
by name. Firms covering nothing are left out.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext

from chemster.lib.i18n import localized
from members.models import Competence, Firm
from projects.models import ExternalPartner, Interest, Opportunity, Participation, Project

# A firm in one of these states is already in (or on its way into) a project:
# neither suggested to the project nor the project to the firm.
LIVE_PARTICIPATION_STATES = (
    Participation.State.INVITED,
    Participation.State.REQUESTED,
    Participation.State.ACCEPTED,
)
# Projects a firm can still join from the dashboard's recommendations.
RECOMMENDED_PROJECT_STATES = (Project.State.IDEA, Project.State.RECRUITING)

_FirmCompetence = Firm.competences.through
_ProjectNeed = Project.needed_competences.through
_OpportunityCompetence = Opportunity.competences.through


def _names(competences) -> str:
    """The competences' names in the active language, comma-separated."""
    return ", ".join(localized(competence, "name").text for competence in competences)


@dataclass(frozen=True)
class Match:
    """A firm suggested for some needed competences."""

    firm: Firm
    covered: list[Competence]  # in taxonomy order
    needed_count: int
    score: Decimal

    @property
    def explanation(self) -> str:
        """E.g. "covers 3 of 4: Hydrogenation, …", in the active language."""
        return gettext("covers %(covered)d of %(needed)d: %(names)s") % {
            "covered": len(self.covered),
            "needed": self.needed_count,
            "names": _names(self.covered),
        }


@dataclass(frozen=True)
class ProjectRecommendation:
    """A project that needs some of a firm's competences."""

    project: Project
    covered: list[Competence]  # the firm's competences the project needs
    needed_count: int

    @property
    def explanation(self) -> str:
        return gettext("your firm covers %(covered)d of %(needed)d: %(names)s") % {
            "covered": len(self.covered),
            "needed": self.needed_count,
            "names": _names(self.covered),
        }


@dataclass(frozen=True)
class OpportunityRecommendation:
    """Another firm's posting whose competences overlap a firm's."""

    opportunity: Opportunity
    covered: list[Competence]  # the posting's competences the firm has too
    competence_count: int

    @property
    def explanation(self) -> str:
        return gettext("matches %(covered)d of %(total)d: %(names)s") % {
            "covered": len(self.covered),
            "total": self.competence_count,
            "names": _names(self.covered),
        }


@dataclass(frozen=True)
class Gaps:
    """What a project's consortium (its accepted participants) still lacks."""

    needed: list[Competence]
    uncovered: list[Competence]  # needed, and no accepted participant has it
    lacks_research_institute: bool
    lacks_university: bool

    @property
    def lacks_research_organisation(self) -> bool:
        """Neither a research institute nor a university: what many funding
        calls require."""
        return self.lacks_research_institute and self.lacks_university


def _taxonomy(competence_ids) -> dict[int, Competence]:
    """The competences by id, in taxonomy order (one query; none for no ids)."""
    if not competence_ids:
        return {}
    return {c.pk: c for c in Competence.objects.filter(pk__in=set(competence_ids))}


def _in_taxonomy_order(ids, taxonomy: dict[int, Competence]) -> list[Competence]:
    wanted = set(ids)
    return [competence for pk, competence in taxonomy.items() if pk in wanted]


# One query: the needed competences' weights (a CTE), then the active firms
# covering at least one of them with their score and covered ids. ``{needed}``
# yields the needed competence ids; ``{excluded}`` is a condition on ``firm``.
_RANKING_SQL = """
WITH needed AS ({needed}),
active_firms AS (SELECT id FROM {firm} WHERE status = %(active)s),
weights AS (
    SELECT needed.competence_id,
           ln((1 + (SELECT count(*) FROM active_firms))::numeric
              / (1 + count(held.firm_id))) + 1 AS weight
    FROM needed
    LEFT JOIN {firm_competence} held
        ON held.competence_id = needed.competence_id
        AND held.firm_id IN (SELECT id FROM active_firms)
    GROUP BY needed.competence_id
)
SELECT firm.*,
       round(sum(weights.weight), 6) AS match_score,
       count(*) AS covered_count,
       array_agg(weights.competence_id) AS covered_ids,
       (SELECT count(*) FROM needed) AS needed_count
FROM {firm} firm
JOIN {firm_competence} held ON held.firm_id = firm.id
JOIN weights ON weights.competence_id = held.competence_id
WHERE firm.status = %(active)s AND {excluded}
GROUP BY firm.id
ORDER BY match_score DESC, covered_count DESC, firm.name, firm.id
LIMIT %(limit)s
"""


# What the ranking is asked about: needed ids from a list or from a project,
# and the firms left out.
_NEEDED_LISTED = "SELECT unnest(%(competences)s::integer[]) AS competence_id"
_NEEDED_BY_PROJECT = "SELECT competence_id FROM {project_need} WHERE project_id = %(project)s"
_EXCLUDED_LISTED = "firm.id <> ALL(%(excluded)s::integer[])"
_EXCLUDED_LIVE_IN_PROJECT = """NOT EXISTS (
    SELECT 1 FROM {participation} live
    WHERE live.firm_id = firm.id AND live.project_id = %(project)s
        AND live.state = ANY(%(live)s::text[])
)"""


def _rank(needed_sql: str, excluded_sql: str, params: dict, limit: int) -> list[Match]:
    # Table names come from the models, never from input; values are parameters.
    tables = {
        "firm": Firm._meta.db_table,
        "firm_competence": _FirmCompetence._meta.db_table,
        "project_need": _ProjectNeed._meta.db_table,
        "participation": Participation._meta.db_table,
    }
    sql = _RANKING_SQL.format(
        needed=needed_sql.format(**tables), excluded=excluded_sql.format(**tables), **tables
    )
    firms = list(
        Firm.objects.raw(sql, {**params, "active": Firm.Status.ACTIVE, "limit": int(limit)})
    )
    taxonomy = _taxonomy({pk for firm in firms for pk in firm.covered_ids})
    return [
        Match(
            firm=firm,
            covered=_in_taxonomy_order(firm.covered_ids, taxonomy),
            needed_count=firm.needed_count,
            score=firm.match_score,
        )
        for firm in firms
    ]


def rank_firms_for_competences(competence_ids, *, exclude_firm_ids=(), limit=20) -> list[Match]:
    """Active member firms ranked by how well they cover ``competence_ids``
    (the module's docstring gives the formula), best first, at most ``limit``.

    ``competence_ids`` may hold ids or Competence objects. Two queries (the
    ranking, then the covered competences' names); none when no competence
    is asked for.
    """
    competence_ids = sorted({int(getattr(pk, "pk", pk)) for pk in competence_ids})
    if not competence_ids:
        return []
    return _rank(
        _NEEDED_LISTED,
        _EXCLUDED_LISTED,
        {
            "competences": competence_ids,
            "excluded": [int(getattr(pk, "pk", pk)) for pk in exclude_firm_ids],
        },
        limit,
    )


def rank_firms_for_project(project: Project, *, limit=20) -> list[Match]:
    """Firms for the project's needed competences, leaving out firms with a
    live participation (invited, asked to join, or in). Two queries."""
    return _rank(
        _NEEDED_BY_PROJECT,
        _EXCLUDED_LIVE_IN_PROJECT,
        {"project": project.pk, "live": [str(state) for state in LIVE_PARTICIPATION_STATES]},
        limit,
    )


def consortium_gaps(project: Project) -> Gaps:
    """Needed competences no accepted participant covers, and whether the
    consortium lacks a research institute or a university.

    External partners count for the kinds (a foreign university in the
    consortium satisfies a funding call just as well) but not for the
    competences, which only member firms declare. Two queries.
    """
    accepted = Participation.objects.filter(project=project, state=Participation.State.ACCEPTED)
    needed = list(
        project.needed_competences.annotate(
            is_covered=Exists(
                _FirmCompetence.objects.filter(
                    competence_id=OuterRef("pk"),
                    firm_id__in=accepted.values("firm_id"),
                )
            )
        )
    )
    kinds = set(
        accepted.values_list("firm__kind", flat=True).union(
            ExternalPartner.objects.filter(project=project).values_list("kind", flat=True)
        )
    )
    return Gaps(
        needed=needed,
        uncovered=[competence for competence in needed if not competence.is_covered],
        lacks_research_institute=Firm.Kind.RESEARCH not in kinds,
        lacks_university=Firm.Kind.UNIVERSITY not in kinds,
    )


@dataclass(frozen=True)
class FirmRecommendations:
    projects: list[ProjectRecommendation]
    opportunities: list[OpportunityRecommendation]


def _firm_competences(firm_ids) -> dict[int, set[int]]:
    held = {firm_id: set() for firm_id in firm_ids}
    for firm_id, competence_id in _FirmCompetence.objects.filter(firm_id__in=firm_ids).values_list(
        "firm_id", "competence_id"
    ):
        held[firm_id].add(competence_id)
    return held


def _candidate_projects(firm_ids, competence_ids) -> list[Project]:
    """Projects that can still be joined and need any of the competences, with
    all their needed ids and which of ``firm_ids`` are already in them.

    Members see every submitted project, so for the users of an active firm
    these are all visible."""
    return list(
        Project.objects.filter(
            state__in=RECOMMENDED_PROJECT_STATES,
            pk__in=_ProjectNeed.objects.filter(competence_id__in=competence_ids).values(
                "project_id"
            ),
        ).annotate(
            needed_ids=ArraySubquery(
                _ProjectNeed.objects.filter(project_id=OuterRef("pk")).values("competence_id")
            ),
            live_firm_ids=ArraySubquery(
                Participation.objects.filter(
                    project_id=OuterRef("pk"),
                    firm_id__in=firm_ids,
                    state__in=LIVE_PARTICIPATION_STATES,
                ).values("firm_id")
            ),
        )
    )


def _candidate_opportunities(firm_ids, competence_ids) -> list[Opportunity]:
    """Published, unexpired postings of active firms with any of the
    competences, with their competence ids and which of ``firm_ids`` already
    expressed interest."""
    return list(
        Opportunity.objects.filter(
            state=Opportunity.State.PUBLISHED,
            expires_on__gte=timezone.localdate(),
            firm__status=Firm.Status.ACTIVE,
            pk__in=_OpportunityCompetence.objects.filter(competence_id__in=competence_ids).values(
                "opportunity_id"
            ),
        )
        .select_related("firm")
        .annotate(
            competence_ids=ArraySubquery(
                _OpportunityCompetence.objects.filter(opportunity_id=OuterRef("pk")).values(
                    "competence_id"
                )
            ),
            interested_firm_ids=ArraySubquery(
                Interest.objects.filter(opportunity_id=OuterRef("pk"), firm_id__in=firm_ids).values(
                    "firm_id"
                )
            ),
        )
    )


def recommendations_for_firms(
    firms, *, limit=5, projects=True, opportunities=True
) -> dict[int, FirmRecommendations]:
    """For each firm (by id): projects that need its competences and other
    firms' postings that match them (see the two functions below).

    At most four queries however many firms, projects and postings: the
    firms' competences, the candidate projects, the candidate postings, the
    covered competences' names (fewer when there is nothing to look for).
    """
    firm_ids = [firm.pk for firm in firms]
    held = _firm_competences(firm_ids) if firm_ids else {}
    wanted = set().union(*held.values())
    candidate_projects = _candidate_projects(firm_ids, wanted) if wanted and projects else []
    candidate_opportunities = (
        _candidate_opportunities(firm_ids, wanted) if wanted and opportunities else []
    )
    ranked_projects = {}
    ranked_opportunities = {}
    for firm_id, competences in held.items():
        ranked_projects[firm_id] = sorted(
            (
                (project, competences.intersection(project.needed_ids))
                for project in candidate_projects
                if firm_id not in project.live_firm_ids
                and competences.intersection(project.needed_ids)
            ),
            # Most of the firm's competences first, then the project the firm
            # completes most (fewest needs), then the newest.
            key=lambda pair: (
                -len(pair[1]),
                len(pair[0].needed_ids),
                -pair[0].submitted_at.timestamp(),
                -pair[0].pk,
            ),
        )[:limit]
        ranked_opportunities[firm_id] = sorted(
            (
                (opportunity, competences.intersection(opportunity.competence_ids))
                for opportunity in candidate_opportunities
                if opportunity.firm_id != firm_id
                and firm_id not in opportunity.interested_firm_ids
                and competences.intersection(opportunity.competence_ids)
            ),
            key=lambda pair: (
                -len(pair[1]),
                len(pair[0].competence_ids),
                -pair[0].published_at.timestamp(),
                -pair[0].pk,
            ),
        )[:limit]
    covered_ids = {
        pk
        for ranked in (*ranked_projects.values(), *ranked_opportunities.values())
        for _item, covered in ranked
        for pk in covered
    }
    taxonomy = _taxonomy(covered_ids)
    return {
        firm_id: FirmRecommendations(
            projects=[
                ProjectRecommendation(
                    project=project,
                    covered=_in_taxonomy_order(covered, taxonomy),
                    needed_count=len(project.needed_ids),
                )
                for project, covered in ranked_projects[firm_id]
            ],
            opportunities=[
                OpportunityRecommendation(
                    opportunity=opportunity,
                    covered=_in_taxonomy_order(covered, taxonomy),
                    competence_count=len(opportunity.competence_ids),
                )
                for opportunity, covered in ranked_opportunities[firm_id]
            ],
        )
        for firm_id in held
    }


def recommended_projects_for(firm: Firm, *, limit=5) -> list[ProjectRecommendation]:
    """Idea and recruiting projects that need at least one of the firm's
    competences and in which the firm has no live participation; those needing
    most of its competences first. At most three queries."""
    return recommendations_for_firms([firm], limit=limit, opportunities=False)[firm.pk].projects


def recommended_opportunities_for(firm: Firm, *, limit=5) -> list[OpportunityRecommendation]:
    """Published, unexpired offers and requests of other active firms that
    share competences with the firm and that it has not answered yet; the
    largest overlap first. At most three queries."""
    return recommendations_for_firms([firm], limit=limit, projects=False)[firm.pk].opportunities
