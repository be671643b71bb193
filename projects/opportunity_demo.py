"""Demo cooperation offers and requests, for ``manage.py seed_demo``.

Postings of all five Enterprise Europe Network types in every state (a
draft, one awaiting review, one returned, published ones, one expiring
within four weeks, an expired and a withdrawn one) from the demo firms of
``members.demo_data``, with some expressions of interest. All firms and
texts are invented. Rows are written directly, as a finished flow leaves
them, so seeding queues no mail.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from members.models import Competence, Firm, FirmRole
from projects.models import Interest, Opportunity
from projects.opportunities import VALIDITY_MONTHS, add_months

K = Opportunity.Kind
S = Opportunity.State

# published_days_ago: when a published or expired posting went on the board;
# it expires VALIDITY_MONTHS later.
POSTINGS = [
    {
        "firm": "porowit-katalizatory",
        "kind": K.TECHNOLOGY_OFFER,
        "state": S.PUBLISHED,
        "published_days_ago": 40,
        "title_pl": "Katalizatory niklowe na nośniku do uwodornienia w fazie ciekłej",
        "title_en": "Supported nickel catalysts for liquid-phase hydrogenation",
        "summary_pl": "Produkujemy katalizatory Ni/Al₂O₃ i Ni/SiO₂ w skali od 5 kg do 2 t "
        "i szukamy odbiorców oraz partnerów do testów w ich procesach.",
        "summary_en": "We make Ni/Al₂O₃ and Ni/SiO₂ catalysts from 5 kg to 2 t and look for "
        "customers and partners to test them in their processes.",
        "description_pl": "Katalizatory w postaci wytłoczek 1,5–3 mm i proszku, redukowane "
        "i pasywowane. Oferujemy:\n\n- próbki 1 kg do testów laboratoryjnych,\n"
        "- testy aktywności w naszym reaktorze autoklawowym 2 l (do 100 bar),\n"
        "- dopasowanie zawartości niklu i porowatości do surowca.\n\n"
        "Zastosowania: uwodornienie nitrylu, aldehydów, olejów i żywic węglowodorowych.",
        "description_en": "Extrudates of 1.5–3 mm and powder, reduced and passivated. We "
        "offer:\n\n- 1 kg samples for laboratory tests,\n- activity tests in our 2 l "
        "autoclave (up to 100 bar),\n- nickel content and porosity matched to the feed.\n\n"
        "Uses: hydrogenation of nitriles, aldehydes, oils and hydrocarbon resins.",
        "competences": ["catalysts", "hydrogenation"],
        "interests": [
            (
                "zaklady-syntez-oksowych-klodnica",
                "Uwodorniamy aldehydy C4 na katalizatorze miedziowym; chętnie "
                "przetestujemy próbkę niklową na naszej instalacji pilotażowej.",
            ),
            (
                "instytut-technologii-chemii-specjalistycznej",
                "Możemy wykonać porównawcze badania aktywności i selektywności "
                "w naszym laboratorium katalizy.",
            ),
        ],
    },
    {
        "firm": "nadodrzanskie-zaklady-surfaktantow",
        "kind": K.BUSINESS_REQUEST,
        "state": S.PUBLISHED,
        "published_days_ago": 95,
        "title_pl": "Dystrybutor surfaktantów niejonowych w Czechach i na Słowacji",
        "title_en": "Distributor of non-ionic surfactants in Czechia and Slovakia",
        "summary_pl": "Szukamy dystrybutora alkoholi etoksylowanych i alkilopoliglukozydów "
        "dla producentów środków czystości w Czechach i na Słowacji.",
        "summary_en": "We look for a distributor of alcohol ethoxylates and alkyl "
        "polyglucosides for cleaning-product makers in Czechia and Slovakia.",
        "description_pl": "Roczny wolumen na start ok. 400 t. Dostawy w cysternach "
        "i kontenerach IBC z Kędzierzyna-Koźla. Oczekujemy magazynu z pozwoleniem na "
        "materiały niebezpieczne (ADR klasa 9) i doświadczenia w rejestracjach CLP.",
        "description_en": "About 400 t a year to start. Deliveries in tankers and IBCs "
        "from Kędzierzyn-Koźle. We expect a warehouse licensed for hazardous goods (ADR "
        "class 9) and experience with CLP notifications.",
        "competences": ["surfactants", "hazmat-logistics"],
        "interests": [
            (
                "mitteldeutsche-esterchemie",
                "We already supply esters to detergent makers in Czechia and "
                "Slovakia and could add your ethoxylates to our range; our partner "
                "runs an ADR warehouse near Ostrava.",
            ),
        ],
    },
    {
        "firm": "zaklady-syntez-oksowych-klodnica",
        "kind": K.RD_REQUEST,
        "state": S.PUBLISHED,
        # Expires within four weeks: on the coordinator's dashboard.
        "published_days_ago": 345,
        "title_pl": "Selektywność hydroformylowania propylenu: badania ligandów",
        "title_en": "Selectivity of propylene hydroformylation: ligand research",
        "summary_pl": "Szukamy partnera badawczego do zwiększenia stosunku n/izo "
        "w hydroformylowaniu propylenu na katalizatorze rodowym.",
        "summary_en": "We look for a research partner to raise the n/iso ratio in "
        "rhodium-catalysed propylene hydroformylation.",
        "description_pl": "Zakres: synteza i testy 5–10 ligandów fosfinowych, testy "
        "w reaktorze ciśnieniowym, analiza GC produktów. Planujemy wspólny wniosek "
        "do programu FENG (ścieżka SMART).",
        "description_en": "Scope: synthesis and tests of 5–10 phosphine ligands, "
        "pressure-reactor tests, GC analysis of products. We plan a joint application "
        "to the FENG programme (SMART path).",
        "competences": ["oxo-synthesis", "rnd", "analytical-lab"],
        "interests": [
            (
                "instytut-technologii-chemii-specjalistycznej",
                "Nasz zespół katalizy homogenicznej prowadził podobne badania; "
                "proponujemy spotkanie w przyszłym tygodniu.",
            ),
        ],
    },
    {
        "firm": "instytut-technologii-chemii-specjalistycznej",
        "kind": K.BUSINESS_OFFER,
        "state": S.PUBLISHED,
        "published_days_ago": 12,
        "title_pl": "Powiększanie skali procesów w instalacji pilotażowej 100 l",
        "title_en": "Process scale-up in a 100 l pilot plant",
        "summary_pl": "Przeniesiemy Państwa proces z laboratorium do skali pilotażowej "
        "i przygotujemy dane do projektu instalacji.",
        "summary_en": "We take your process from the laboratory to pilot scale and "
        "prepare the data for the plant design.",
        "description_pl": "Reaktory 10 i 100 l (stal 316L, emaliowany), kolumna "
        "rektyfikacyjna, suszarka próżniowa, strefa ATEX. Bilans masowy i cieplny, "
        "analiza bezpieczeństwa procesowego (HAZOP) i raport z kampanii.",
        "description_en": "10 and 100 l reactors (316L steel, glass-lined), a "
        "rectification column, a vacuum dryer, an ATEX zone. Mass and heat balance, "
        "process safety analysis (HAZOP) and a campaign report.",
        "competences": ["scale-up", "rnd", "safety"],
        "interests": [
            (
                "nadodrzanskie-zaklady-surfaktantow",
                "Chcemy przenieść do skali pilotażowej syntezę estrów sacharozy.",
            ),
        ],
    },
    {
        "firm": "farmasynteza-prudnik",
        "kind": K.TECHNOLOGY_REQUEST,
        "state": S.PUBLISHED,
        "published_days_ago": 150,
        "title_pl": "Uwodornienie związków nitrowych w produkcji kontraktowej",
        "title_en": "Hydrogenation of nitro compounds by contract manufacturing",
        "summary_pl": "Szukamy wykonawcy uwodornienia katalitycznego półproduktu "
        "farmaceutycznego w skali 200–500 kg na kampanię.",
        "summary_en": "We look for a contractor for the catalytic hydrogenation of a "
        "pharmaceutical intermediate at 200–500 kg a campaign.",
        "description_pl": "Redukcja grupy nitrowej do aminy, Pd/C, metanol, 5–10 bar. "
        "Wymagane GMP dla półproduktów (ICH Q7) lub gotowość do audytu oraz "
        "akredytowane laboratorium kontroli jakości.",
        "description_en": "Reduction of a nitro group to an amine, Pd/C, methanol, "
        "5–10 bar. GMP for intermediates (ICH Q7) or readiness for an audit, and an "
        "accredited quality-control laboratory, are required.",
        "competences": ["hydrogenation", "pharma-intermediates", "toll-manufacturing"],
        "interests": [],
    },
    {
        "firm": "nadodrzanskie-zaklady-surfaktantow",
        "kind": K.TECHNOLOGY_REQUEST,
        "state": S.SUBMITTED,
        "title_pl": "Technologia krystalizacji frakcyjnej estrów metylowych kwasów tłuszczowych",
        "title_en": "Fractional crystallisation of fatty acid methyl esters",
        "summary_pl": "Szukamy technologii rozdziału estrów metylowych C16/C18 "
        "przez krystalizację frakcyjną w skali 5 000 t rocznie.",
        "summary_en": "We look for a technology to separate C16/C18 methyl esters "
        "by fractional crystallisation at 5,000 t a year.",
        "description_pl": "Obecnie rozdzielamy frakcje destylacyjnie; chcemy obniżyć "
        "zużycie energii o co najmniej 30 %. Interesuje nas licencja lub wspólny "
        "projekt badawczy.",
        "description_en": "We now separate the fractions by distillation and want to "
        "cut energy use by at least 30 %. A licence or a joint research project.",
        "competences": ["crystallisation", "oleochemicals"],
    },
    {
        "firm": "kaskada-automatyka-procesowa",
        "kind": K.TECHNOLOGY_OFFER,
        "state": S.SUBMITTED,
        "title_pl": "Zaawansowane sterowanie kolumnami rektyfikacyjnymi (APC)",
        "title_en": "Advanced process control of rectification columns",
        "summary_pl": "Wdrażamy sterowanie predykcyjne kolumn, które obniża zużycie "
        "pary o 8–15 % przy tej samej czystości produktu.",
        "summary_en": "We implement model-predictive control of columns that cuts "
        "steam use by 8–15 % at the same product purity.",
        "description_pl": "Identyfikacja modelu na danych historycznych, wdrożenie na "
        "istniejącym DCS, szkolenie operatorów. Referencje z rektyfikacji "
        "rozpuszczalników i alkoholi oksowych.",
        "description_en": "Model identification on historical data, deployment on the "
        "existing DCS, operator training. References in solvent and oxo-alcohol "
        "rectification.",
        "competences": ["process-it", "distillation"],
    },
    {
        "firm": "laboratorium-kwadrant",
        "kind": K.BUSINESS_OFFER,
        "state": S.DRAFT,
        "title_pl": "Akredytowane oznaczanie zanieczyszczeń elementarnych (ICP-MS)",
        "title_en": "Accredited elemental impurities testing (ICP-MS)",
        "summary_pl": "Oznaczamy zanieczyszczenia elementarne wg ICH Q3D i Ph. Eur. "
        "2.4.20 w półproduktach i substancjach czynnych.",
        "summary_en": "We test elemental impurities to ICH Q3D and Ph. Eur. 2.4.20 in "
        "intermediates and active substances.",
        "description_pl": "Walidacja metody, raport w 5 dni roboczych, akredytacja PCA.",
        "competences": ["analytical-lab", "pharma-intermediates"],
    },
    {
        "firm": "zaklady-syntez-oksowych-klodnica",
        "kind": K.TECHNOLOGY_OFFER,
        "state": S.RETURNED,
        "title_pl": "Licencja na proces estryfikacji plastyfikatorów bezftalanowych",
        "title_en": "Licence for a non-phthalate plasticiser esterification process",
        "summary_pl": "Oferujemy licencję.",
        "summary_en": "A licence.",
        "description_pl": "Proces DOTP z katalizatorem tytanowym.",
        "competences": ["plasticisers", "esterification"],
        "review_note": "Streszczenie jest zbyt krótkie: opiszcie proszę skalę, "
        "surowce i to, czego oczekujecie od licencjobiorcy. Dodajcie też wersję "
        "angielską pełnego opisu.",
    },
    {
        "firm": "tlenex-gazy-techniczne",
        "kind": K.BUSINESS_OFFER,
        "state": S.EXPIRED,
        "published_days_ago": 400,
        "title_pl": "Dostawy ciekłego azotu i argonu dla zakładów strefy Blachownia",
        "title_en": "Liquid nitrogen and argon for plants in the Blachownia zone",
        "summary_pl": "Dostawy ciekłego azotu i argonu w cysternach oraz instalacja "
        "zbiorników u klienta.",
        "summary_en": "Liquid nitrogen and argon in tankers, and tanks installed at "
        "the customer's site.",
        "description_pl": "Umowy roczne, dostawy 24/7, telemetria poziomu w zbiornikach.",
        "competences": ["gases", "hazmat-logistics"],
    },
    {
        "firm": "powlokon",
        "kind": K.RD_REQUEST,
        "state": S.WITHDRAWN,
        "published_days_ago": 200,
        "title_pl": "Powłoki antykorozyjne o niskiej zawartości LZO",
        "title_en": "Low-VOC anti-corrosion coatings",
        "summary_pl": "Szukaliśmy partnera do opracowania wodorozcieńczalnej powłoki "
        "epoksydowej do konstrukcji stalowych (partner znaleziony).",
        "summary_en": "We looked for a partner to develop a waterborne epoxy coating "
        "for steel structures (partner found).",
        "description_pl": "Klasa korozyjności C4, LZO poniżej 100 g/l.",
        "competences": ["coatings", "polymers", "rnd"],
    },
]


def _first_user(firm: Firm, roles_by_firm: dict):
    roles = roles_by_firm.get(firm.pk, [])
    return roles[0].user if roles else None


def seed_opportunities() -> int:
    """Create the demo postings once (by firm and Polish title); return how
    many were created. Firms missing from the database are skipped."""
    slugs = {row["firm"] for row in POSTINGS} | {
        slug for row in POSTINGS for slug, _message in row.get("interests", ())
    }
    firms = {firm.slug: firm for firm in Firm.objects.filter(slug__in=slugs)}
    roles_by_firm: dict[int, list] = {}
    for role in (
        FirmRole.objects.filter(firm__in=firms.values())
        .select_related("user")
        .order_by("role", "pk")  # admins first
    ):
        roles_by_firm.setdefault(role.firm_id, []).append(role)
    competences = {c.code: c for c in Competence.objects.all()}
    existing = set(Opportunity.objects.values_list("firm_id", "title_pl"))
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for row in POSTINGS:
            firm = firms.get(row["firm"])
            if firm is None or (firm.pk, row["title_pl"]) in existing:
                continue
            opportunity = _create(row, firm, roles_by_firm, now)
            opportunity.competences.set(
                [competences[code] for code in row["competences"] if code in competences]
            )
            for slug, message in row.get("interests", ()):
                if slug in firms:
                    Interest.objects.create(
                        opportunity=opportunity,
                        firm=firms[slug],
                        user=_first_user(firms[slug], roles_by_firm),
                        message=message,
                        created_at=now - timedelta(days=2),
                    )
            created += 1
    return created


def _create(row: dict, firm: Firm, roles_by_firm: dict, now) -> Opportunity:
    state = row["state"]
    days = row.get("published_days_ago")
    published_at = now - timedelta(days=days) if days is not None else None
    submitted = state != S.DRAFT
    author = _first_user(firm, roles_by_firm)
    return Opportunity.objects.create(
        firm=firm,
        kind=row["kind"],
        state=state,
        title_pl=row["title_pl"],
        title_en=row.get("title_en", ""),
        summary_pl=row["summary_pl"],
        summary_en=row.get("summary_en", ""),
        description_pl=row.get("description_pl", ""),
        description_en=row.get("description_en", ""),
        review_note=row.get("review_note", ""),
        created_by=author,
        created_at=(published_at or now) - timedelta(days=5),
        submitted_at=(published_at or now) - timedelta(days=2) if submitted else None,
        submitted_by=author if submitted else None,
        published_at=published_at if state in (S.PUBLISHED, S.EXPIRED, S.WITHDRAWN) else None,
        expires_on=(
            add_months(timezone.localtime(published_at).date(), VALIDITY_MONTHS)
            if published_at
            else None
        ),
    )
