"""Demo strategy data, for ``manage.py seed_demo`` (after the other demos).

The 2013-2020 strategy of the shipped text (goals G1-G6 of
strategy/content/goals.py) archived, and a 2024-2030 continuation that
carries the same goals over, with targets in 2027 or later and yearly
values since 2021: some indicators on track, some off, one with a single
value. Indicators that the portal can compute name a live source of
strategy/sources.py; their history before the portal is entered, as the
cluster's annual reports would give it. The figures, the actions and the
budget are the demo's proposals (DOMAIN.md: targets are the coordinator's
to set), not published numbers.

Rows are written in bulk, in a fixed number of queries; a strategy whose
title exists is left as it is, and the facts are written only when the
coordinator has entered none, so a second run creates nothing.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from events.models import Event
from projects.models import Project
from strategy.content import goals as content
from strategy.models import (
    Action,
    BudgetLine,
    ClusterFacts,
    Goal,
    Indicator,
    Measurement,
    Objective,
    Strategy,
)

PAST_TITLE_PL = "Strategia rozwoju Klastra Chemii Specjalistycznej CHEM-STER na lata 2013–2020"
CURRENT_TITLE_PL = "Strategia rozwoju Klastra CHEM-STER na lata 2024–2030"

PAST = {
    "title_pl": PAST_TITLE_PL,
    "title_en": "Development strategy of the CHEM-STER Specialty Chemistry Cluster 2013–2020",
    "period_start": 2013,
    "period_end": 2020,
    "vision_pl": content.VISION_PL,
    "vision_en": content.VISION_EN,
    "regional_documents_pl": (
        "Rządowy program polityki klastrowej w Polsce\n"
        "Foresight Regionalny Województwa Opolskiego do 2020 r.\n"
        "Regionalna Strategia Innowacji Województwa Opolskiego do 2020 r."
    ),
    "regional_documents_en": (
        "The government's cluster policy programme for Poland\n"
        "Regional Foresight of the Opole Voivodeship to 2020\n"
        "Regional Innovation Strategy of the Opole Voivodeship to 2020"
    ),
}

CURRENT = {
    "title_pl": CURRENT_TITLE_PL,
    "title_en": "Development strategy of the CHEM-STER cluster 2024–2030",
    "period_start": 2024,
    "period_end": 2030,
    "vision_pl": (
        content.VISION_PL + " W latach 2024–2030 klaster kontynuuje cele strategii "
        "2013–2020 i przygotowuje się do ubiegania o status Krajowego Klastra Kluczowego."
    ),
    "vision_en": (
        content.VISION_EN + " In 2024–2030 the cluster carries on the goals of the "
        "2013–2020 strategy and prepares to apply for the national key cluster status."
    ),
    "regional_documents_pl": (
        "Polityka klastrowa: Krajowe Klastry Kluczowe\n"
        "Strategia Rozwoju Województwa Opolskiego „Opolskie 2030”\n"
        "Regionalna Strategia Innowacji Województwa Opolskiego do 2030 roku"
    ),
    "regional_documents_en": (
        "Cluster policy: the national key clusters\n"
        "Development Strategy of the Opole Voivodeship “Opolskie 2030”\n"
        "Regional Innovation Strategy of the Opole Voivodeship to 2030"
    ),
}

# Per goal code: objectives as (title_pl, title_en, actions); an action is
# (title_pl, title_en, phase, owner, starts_on, due_on, status).
_I, _N, _P, _S = (
    Action.Phase.INTEGRATION,
    Action.Phase.INFORMATION,
    Action.Phase.PROMOTION,
    Action.Phase.STRATEGIC_PROJECTS,
)
_PLANNED, _DOING, _DONE, _DROPPED = (
    Action.Status.PLANNED,
    Action.Status.IN_PROGRESS,
    Action.Status.DONE,
    Action.Status.DROPPED,
)
OFFICE = "Biuro klastra (KKPP)"

PAST_OBJECTIVES = {
    "G1": [
        (
            "Regularne spotkania członków klastra",
            "Regular meetings of the members",
            [
                (
                    "Spotkania integracyjne dwa razy w roku",
                    "Integration meetings twice a year",
                    _I,
                    OFFICE,
                    date(2013, 9, 1),
                    date(2020, 12, 31),
                    _DONE,
                ),
            ],
        ),
    ],
    "G2": [
        (
            "Informowanie potencjalnych członków",
            "Informing prospective members",
            [
                (
                    "Dni otwarte dla firm z regionu",
                    "Open days for firms of the region",
                    _N,
                    OFFICE,
                    date(2014, 1, 1),
                    date(2020, 12, 31),
                    _DONE,
                ),
            ],
        ),
    ],
    "G3": [
        (
            "Marka klastra w kraju",
            "The cluster's brand in Poland",
            [
                (
                    "Udział w targach branży chemicznej",
                    "Presence at chemical trade fairs",
                    _P,
                    OFFICE,
                    date(2015, 1, 1),
                    date(2020, 12, 31),
                    _DONE,
                ),
                (
                    "Anglojęzyczny portal klastra",
                    "An English website of the cluster",
                    _P,
                    OFFICE,
                    date(2016, 1, 1),
                    date(2018, 12, 31),
                    _DROPPED,
                ),
            ],
        ),
    ],
    "G4": [
        (
            "Wspólne projekty badawcze",
            "Joint research projects",
            [
                (
                    "Konsorcja do konkursów badawczych",
                    "Consortia for research calls",
                    _S,
                    "ICSO „Blachownia”",
                    date(2015, 1, 1),
                    date(2020, 12, 31),
                    _DONE,
                ),
            ],
        ),
    ],
    "G5": [
        (
            "Katalog kompetencji członków",
            "A catalogue of the members' competences",
            [
                (
                    "Inwentaryzacja laboratoriów i instalacji",
                    "Survey of laboratories and plants",
                    _S,
                    OFFICE,
                    date(2017, 1, 1),
                    date(2019, 12, 31),
                    _DONE,
                ),
            ],
        ),
    ],
    "G6": [
        (
            "Oferta inwestycyjna parku przemysłowego",
            "The industrial park's investment offer",
            [
                (
                    "Prezentacje dla inwestorów",
                    "Presentations for investors",
                    _P,
                    "KKPP",
                    date(2016, 1, 1),
                    date(2020, 12, 31),
                    _DONE,
                ),
            ],
        ),
    ],
}

CURRENT_OBJECTIVES = {
    "G1": [
        (
            "Członkowie spotykają się i współpracują",
            "Members meet and work together",
            [
                (
                    "Spotkania integracyjne wiosną i jesienią",
                    "Spring and autumn integration meetings",
                    _I,
                    OFFICE,
                    date(2024, 1, 1),
                    date(2030, 12, 31),
                    _DOING,
                ),
                (
                    "Ankieta potrzeb członków",
                    "A survey of the members' needs",
                    _I,
                    OFFICE,
                    date(2025, 1, 1),
                    date(2025, 6, 30),
                    _PLANNED,
                ),
            ],
        ),
    ],
    "G2": [
        (
            "51 członków – próg Krajowego Klastra Kluczowego",
            "51 members – the national key cluster threshold",
            [
                (
                    "Dni otwarte i spotkania informacyjne",
                    "Open days and information sessions",
                    _N,
                    OFFICE,
                    date(2024, 3, 1),
                    date(2028, 12, 31),
                    _DOING,
                ),
                (
                    "Dwujęzyczny formularz deklaracji przystąpienia",
                    "A bilingual membership application form",
                    _N,
                    OFFICE,
                    date(2024, 1, 1),
                    date(2024, 12, 31),
                    _DONE,
                ),
            ],
        ),
    ],
    "G3": [
        (
            "Rozpoznawalność w kraju i w Europie",
            "Recognition in Poland and in Europe",
            [
                (
                    "Profil na European Cluster Collaboration Platform",
                    "A profile on the European Cluster Collaboration Platform",
                    _P,
                    OFFICE,
                    date(2024, 6, 1),
                    date(2026, 6, 30),
                    _DOING,
                ),
                (
                    "Newsletter klastra co miesiąc",
                    "A monthly cluster newsletter",
                    _P,
                    OFFICE,
                    date(2024, 1, 1),
                    date(2030, 12, 31),
                    _DOING,
                ),
            ],
        ),
    ],
    "G4": [
        (
            "Projekty badawcze i oferty wspólne",
            "Research projects and combined offers",
            [
                (
                    "Konsorcja do konkursów FENG",
                    "Consortia for FENG calls",
                    _S,
                    OFFICE,
                    date(2024, 1, 1),
                    date(2027, 12, 31),
                    _DOING,
                ),
                (
                    "Wspólna oferta na rynek niemiecki",
                    "A combined offer for the German market",
                    _S,
                    OFFICE,
                    date(2025, 1, 1),
                    date(2026, 12, 31),
                    _PLANNED,
                ),
            ],
        ),
    ],
    "G5": [
        (
            "Centrum kompetencji chemii specjalistycznej",
            "A competence centre in specialty chemistry",
            [
                (
                    "Program szkoleń eksperckich (REACH/CLP, ATEX)",
                    "An expert training programme (REACH/CLP, ATEX)",
                    _S,
                    OFFICE,
                    date(2024, 1, 1),
                    date(2027, 12, 31),
                    _DOING,
                ),
                (
                    "Wspólne laboratorium powiększania skali",
                    "A shared scale-up laboratory",
                    _S,
                    "ICSO „Blachownia”",
                    date(2026, 1, 1),
                    date(2029, 12, 31),
                    _PLANNED,
                ),
            ],
        ),
    ],
    "G6": [
        (
            "Nowi inwestorzy na rynku lokalnym",
            "New investors on the local market",
            [
                (
                    "Oferta terenów inwestycyjnych z klastrem",
                    "Investment sites offered with the cluster",
                    _P,
                    "KKPP",
                    date(2024, 1, 1),
                    date(2030, 12, 31),
                    _DOING,
                ),
            ],
        ),
    ],
}

_ANNUAL = "Sprawozdanie z działalności klastra"
_UP, _DOWN = Indicator.Direction.UP, Indicator.Direction.DOWN

# Per goal code: (name_pl, name_en, unit, source, direction, baseline,
# target, target_date, {year: value}); values are dated 31 December.
PAST_INDICATORS = {
    "G1": [
        (
            "Udział członków w spotkaniach",
            "Members at meetings",
            "%",
            "",
            _UP,
            0,
            70,
            date(2020, 12, 31),
            {2014: 45, 2016: 55, 2018: 60, 2020: 50},
        )
    ],
    "G2": [
        (
            "Członkowie klastra",
            "Cluster members",
            "",
            "",
            _UP,
            20,
            40,
            date(2020, 12, 31),
            {2014: 22, 2016: 25, 2018: 27, 2020: 24},
        )
    ],
    "G3": [
        (
            "Wydarzenia promocyjne w roku",
            "Promotion events a year",
            "",
            "",
            _UP,
            0,
            6,
            date(2020, 12, 31),
            {2015: 3, 2017: 5, 2019: 6},
        )
    ],
    "G4": [
        (
            "Wspólne projekty rozpoczęte",
            "Joint projects started",
            "",
            "",
            _UP,
            0,
            10,
            date(2020, 12, 31),
            {2016: 2, 2018: 4, 2020: 5},
        )
    ],
    "G5": [
        (
            "Szkolenia eksperckie w roku",
            "Expert training sessions a year",
            "",
            "",
            _UP,
            0,
            4,
            date(2020, 12, 31),
            {2017: 2, 2019: 4},
        )
    ],
    "G6": [
        (
            "Nowi partnerzy inwestycyjni",
            "New investment partners",
            "",
            "",
            _UP,
            0,
            3,
            date(2020, 12, 31),
            {2018: 1, 2020: 1},
        )
    ],
}

CURRENT_INDICATORS = {
    "G1": [
        (
            "Udział członków w wydarzeniach (12 miesięcy)",
            "Members at events (12 months)",
            "%",
            "member_event_share",
            _UP,
            40,
            75,
            date(2027, 12, 31),
            {2022: 40, 2023: 48, 2024: 55},
        ),
        (
            "Wystąpienia z klastra w roku",
            "Members leaving a year",
            "",
            "leaves_this_year",
            _DOWN,
            2,
            1,
            date(2027, 12, 31),
            {2021: 2, 2022: 3, 2023: 3, 2024: 4},
        ),
    ],
    "G2": [
        (
            "Aktywni członkowie klastra",
            "Active member firms",
            "",
            "active_members",
            _UP,
            22,
            51,
            date(2028, 12, 31),
            {2021: 22, 2022: 24, 2023: 26, 2024: 27},
        ),
        (
            "Nowi członkowie w roku",
            "New members a year",
            "",
            "joins_this_year",
            _UP,
            2,
            6,
            date(2027, 12, 31),
            {2021: 2, 2022: 3, 2023: 2, 2024: 3},
        ),
    ],
    "G3": [
        (
            "Subskrybenci newslettera",
            "Newsletter subscribers",
            "",
            "newsletter_subscribers",
            _UP,
            120,
            500,
            date(2027, 12, 31),
            {2022: 120, 2023: 180, 2024: 260},
        ),
        (
            "Wydarzenia klastra w roku",
            "Cluster events a year",
            "",
            "events_this_year",
            _UP,
            4,
            12,
            date(2027, 12, 31),
            {2021: 4, 2022: 6, 2023: 7, 2024: 9},
        ),
    ],
    "G4": [
        (
            "Aktywne wspólne projekty",
            "Active joint projects",
            "",
            "projects_active",
            _UP,
            1,
            5,
            date(2028, 12, 31),
            {2022: 1, 2023: 2, 2024: 3},
        ),
        (
            "Firmy w co najmniej jednym projekcie",
            "Firms in at least one joint project",
            "",
            "firms_in_projects",
            _UP,
            8,
            25,
            date(2028, 12, 31),
            {2022: 8, 2023: 11, 2024: 14},
        ),
    ],
    "G5": [
        (
            "Szkolenia i warsztaty eksperckie w roku",
            "Expert training and workshops a year",
            "",
            "",
            _UP,
            2,
            6,
            date(2027, 12, 31),
            {2022: 2, 2023: 3, 2024: 5},
        ),
        (
            "Projekty z partnerami zagranicznymi",
            "Projects with foreign partners",
            "",
            "projects_with_foreign_partners",
            _UP,
            0,
            4,
            date(2029, 12, 31),
            {2024: 1},
        ),
    ],
    "G6": [
        (
            "Nowi partnerzy inwestycyjni (łącznie od 2021)",
            "New investment partners (total since 2021)",
            "",
            "",
            _UP,
            0,
            5,
            date(2030, 12, 31),
            {2022: 0, 2023: 1, 2024: 1},
        ),
    ],
}

# What serves each goal of the current strategy (demo slugs).
GOAL_PROJECTS = {
    "G4": [
        "katalizatory-niklowe-uwodornienie-aldehydow-okso",
        "bioplastyfikatory-estrowe-z-olejow-posmazalniczych",
        "wodorozcienczalne-powloki-antykorozyjne",
        "surowce-kosmetyczne-wejscie-na-rynek-niemiecki",
    ],
    "G5": [
        "centrum-kompetencji-powiekszania-skali",
        "kompleksowa-obsluga-rejestracji-reach",
        "cyfrowy-blizniak-kolumn-rektyfikacyjnych",
    ],
    "G6": ["synteza-kontraktowa-polproduktow-farmaceutycznych"],
}
GOAL_EVENTS = {
    "G1": ["spotkanie-integracyjne-wiosna", "spotkanie-integracyjne-jesien"],
    "G2": ["dzien-otwarty-dla-przyszlych-czlonkow", "webinar-finansowanie-br-feng"],
    "G3": ["konferencja-chemia-specjalistyczna-opolszczyzny", "misja-gospodarcza-chemspec-europe"],
    "G5": [
        "warsztaty-reach-clp-w-praktyce",
        "warsztaty-skalowanie-syntez",
        "szkolenie-substancje-niebezpieczne",
    ],
    "G6": ["spotkanie-z-inwestorem-odwolane"],
}

FACTS = {
    "founded_on": content.FOUNDED,
    "founding_members": content.FOUNDING_ENTITIES,
    "seat_name": "Kędzierzyńsko-Kozielski Park Przemysłowy, Kędzierzyn-Koźle",
    "seat_latitude": Decimal("50.34970"),
    "seat_longitude": Decimal("18.21050"),
    "management_fte": Decimal("1.50"),
}
BUDGET = [
    (2023, BudgetLine.Source.FEES, Decimal("60000")),
    (2023, BudgetLine.Source.SERVICES, Decimal("25000")),
    (2023, BudgetLine.Source.REGIONAL, Decimal("40000")),
    (2024, BudgetLine.Source.FEES, Decimal("66000")),
    (2024, BudgetLine.Source.SERVICES, Decimal("31000")),
    (2024, BudgetLine.Source.EU, Decimal("120000")),
]


def seed() -> list[Strategy]:
    """Create the demo strategies and cluster facts once; return the
    strategies created now (none on a second run)."""
    created = []
    with transaction.atomic():
        titles = set(
            Strategy.objects.filter(title_pl__in=[PAST_TITLE_PL, CURRENT_TITLE_PL]).values_list(
                "title_pl", flat=True
            )
        )
        if not titles:
            created = _seed_strategies()
        if not ClusterFacts.objects.filter(pk=1).exists():
            facts = ClusterFacts.objects.create(pk=1, **FACTS)
            BudgetLine.objects.bulk_create(
                BudgetLine(facts=facts, year=year, source=source, amount=amount)
                for year, source, amount in BUDGET
            )
    return created


def _seed_strategies() -> list[Strategy]:
    has_current = Strategy.objects.filter(is_current=True).exists()
    past, current = Strategy.objects.bulk_create(
        [Strategy(**PAST), Strategy(**CURRENT, is_current=not has_current)]
    )
    past_goals = _goals(past, {})
    current_goals = _goals(current, {goal.code: goal for goal in past_goals})
    goals = past_goals + current_goals
    objectives, actions = [], []
    for goal in goals:
        plan = PAST_OBJECTIVES if goal.strategy is past else CURRENT_OBJECTIVES
        for position, (title_pl, title_en, goal_actions) in enumerate(plan[goal.code]):
            objective = Objective(
                goal=goal, title_pl=title_pl, title_en=title_en, position=position
            )
            objectives.append(objective)
            actions += [(objective, row) for row in goal_actions]
    Objective.objects.bulk_create(objectives)
    Action.objects.bulk_create(
        Action(
            objective=objective,
            title_pl=title_pl,
            title_en=title_en,
            phase=phase,
            owner=owner,
            starts_on=starts_on,
            due_on=due_on,
            status=status,
        )
        for objective, (title_pl, title_en, phase, owner, starts_on, due_on, status) in actions
    )
    indicators, values = [], []
    for goal in goals:
        table = PAST_INDICATORS if goal.strategy is past else CURRENT_INDICATORS
        for position, row in enumerate(table[goal.code]):
            name_pl, name_en, unit, source, direction, baseline, target, target_date, series = row
            first_year = min(series)
            indicator = Indicator(
                goal=goal,
                name_pl=name_pl,
                name_en=name_en,
                unit=unit,
                source=source,
                direction=direction,
                baseline=Decimal(baseline),
                baseline_date=date(first_year, 12, 31),
                target=Decimal(target),
                target_date=target_date,
                position=position,
            )
            indicators.append(indicator)
            values += [(indicator, year, value) for year, value in series.items()]
    Indicator.objects.bulk_create(indicators)
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            value=Decimal(value),
            measured_on=date(year, 12, 31),
            source=f"{_ANNUAL} {year}",
        )
        for indicator, year, value in values
    )
    _link(current_goals)
    return [past, current]


def _goals(strategy: Strategy, carried: dict) -> list[Goal]:
    goals = Goal.objects.bulk_create(
        Goal(
            strategy=strategy,
            code=row["code"],
            title_pl=row["title_pl"],
            title_en=row["title_en"],
            description_pl=row["summary_pl"],
            description_en=row["summary_en"],
            position=position,
            carried_from=carried.get(row["code"]),
        )
        for position, row in enumerate(content.GOALS)
    )
    for goal in goals:
        # bulk_create leaves the instance's cached parent as given; keep it
        # identical so ``goal.strategy is past`` above holds.
        goal.strategy = strategy
    return goals


def _link(goals: list[Goal]) -> None:
    """Link the goals to the demo projects and events that exist."""
    by_code = {goal.code: goal for goal in goals}
    project_slugs = {slug for slugs in GOAL_PROJECTS.values() for slug in slugs}
    event_slugs = {slug for slugs in GOAL_EVENTS.values() for slug in slugs}
    projects = dict(Project.objects.filter(slug__in=project_slugs).values_list("slug", "pk"))
    events = dict(Event.objects.filter(slug__in=event_slugs).values_list("slug", "pk"))
    Goal.projects.through.objects.bulk_create(
        Goal.projects.through(goal_id=by_code[code].pk, project_id=projects[slug])
        for code, slugs in GOAL_PROJECTS.items()
        for slug in slugs
        if slug in projects
    )
    Goal.events.through.objects.bulk_create(
        Goal.events.through(goal_id=by_code[code].pk, event_id=events[slug])
        for code, slugs in GOAL_EVENTS.items()
        for slug in slugs
        if slug in events
    )
