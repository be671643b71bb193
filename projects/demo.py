"""Demo joint projects, for ``manage.py seed_demo`` (after the members' demo).

Eleven projects of every kind and state, led by the demo firms of
``members.demo_data``: partners, subcontractors and observers, a pending
request and an invitation, partners from abroad, updates, a combined offer
with each firm's part, and a funding deadline within 30 days. The external
partners' names are invented, like the member firms.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from members.models import Competence, Firm, FirmRole
from projects.models import ExternalPartner, Participation, Project, ProjectDocument, ProjectUpdate

# Participants are (firm slug, role, state, contribution_pl, contribution_en);
# dates are days from the day of seeding.
PROJECTS = [
    {
        "slug": "katalizatory-niklowe-uwodornienie-aldehydow-okso",
        "firm": "porowit-katalizatory",
        "kind": Project.Kind.RESEARCH,
        "state": Project.State.ACTIVE,
        "visibility": Project.Visibility.MEMBERS,
        "title_pl": "Katalizatory niklowe do selektywnego uwodornienia aldehydów okso",
        "title_en": "Nickel catalysts for the selective hydrogenation of oxo aldehydes",
        "summary_pl": "Nośnikowe katalizatory niklowe o dłuższej żywotności dla instalacji "
        "alkoholi okso w Kędzierzynie-Koźlu.",
        "summary_en": "Supported nickel catalysts with a longer service life for the oxo "
        "alcohol plants in Kędzierzyn-Koźle.",
        "description_pl": (
            "Instalacje alkoholi okso tracą co roku kilka procent wydajności przez "
            "dezaktywację katalizatora uwodornienia. Projekt bada:\n\n"
            "- nośniki glinowo-krzemionkowe o kontrolowanej porowatości,\n"
            "- promotory ograniczające spiekanie niklu,\n"
            "- regenerację katalizatora in situ.\n\n"
            "Badania prowadzimy w reaktorze przepływowym Instytutu, a próby w skali "
            "pilotażowej na bocznym strumieniu instalacji w Kłodnicy."
        ),
        "description_en": (
            "Oxo alcohol plants lose a few per cent of yield each year as the hydrogenation "
            "catalyst deactivates. The project studies:\n\n"
            "- alumina-silica supports with controlled porosity,\n"
            "- promoters that limit nickel sintering,\n"
            "- in-situ regeneration of the catalyst.\n\n"
            "The research runs in the Institute's flow reactor; pilot-scale trials run on a "
            "side stream of the Kłodnica plant."
        ),
        "competences": [
            "catalysts",
            "hydrogenation",
            "oxo-synthesis",
            "scale-up",
            "analytical-lab",
        ],
        "funding_call": "FENG 1.1 Ścieżka SMART – moduł B+R",
        "funding_deadline_days": -120,
        "budget": Decimal("4800000.00"),
        "starts_in_days": -90,
        "ends_in_days": 640,
        "participants": [
            (
                "instytut-technologii-chemii-specjalistycznej",
                "partner",
                "accepted",
                "Badania kinetyczne i reaktor przepływowy.",
                "Kinetic studies and the flow reactor.",
            ),
            (
                "zaklady-syntez-oksowych-klodnica",
                "partner",
                "accepted",
                "Próby na bocznym strumieniu instalacji okso.",
                "Trials on a side stream of the oxo plant.",
            ),
            (
                "laboratorium-kwadrant",
                "subcontr",
                "accepted",
                "Analizy składu i powierzchni właściwej BET.",
                "Composition and BET surface area analyses.",
            ),
        ],
        "external": [
            ("Sächsisches Institut für Katalyseforschung e.V.", "DE", "research"),
            ("Chemicko-technologický ústav Ostrava", "CZ", "university"),
        ],
        "updates": [
            "Pierwsza seria nośników jest gotowa; Laboratorium Kwadrant zmierzyło ich "
            "powierzchnię właściwą. Wyniki w dokumentach projektu.",
            "Próba na bocznym strumieniu w Kłodnicy zaplanowana na przyszły kwartał; "
            "prosimy partnerów o potwierdzenie terminów.",
        ],
        "document": ("Harmonogram prac badawczych", "harmonogram-prac.pdf"),
    },
    {
        "slug": "bioplastyfikatory-estrowe-z-olejow-posmazalniczych",
        "firm": "zielone-estry",
        "kind": Project.Kind.SOLUTION,
        "state": Project.State.RECRUITING,
        "visibility": Project.Visibility.PUBLIC,
        "title_pl": "Bioplastyfikatory estrowe z olejów posmażalniczych",
        "title_en": "Ester bio-plasticisers from used cooking oils",
        "summary_pl": "Plastyfikatory do PVC z odpadowych olejów roślinnych zamiast ftalanów.",
        "summary_en": "PVC plasticisers from waste vegetable oils instead of phthalates.",
        "description_pl": (
            "Chcemy zastąpić część ftalanów w miękkim PVC estrami epoksydowanych kwasów "
            "tłuszczowych z olejów posmażalniczych zbieranych w regionie.\n\n"
            "**Szukamy partnerów** do oczyszczania surowca (destylacja), badań migracji "
            "i certyfikacji wyrobu do kontaktu z żywnością."
        ),
        "description_en": (
            "We want to replace part of the phthalates in flexible PVC with esters of "
            "epoxidised fatty acids from used cooking oils collected in the region.\n\n"
            "**We are looking for partners** for feedstock purification (distillation), "
            "migration tests and food-contact certification."
        ),
        "competences": [
            "plasticisers",
            "esterification",
            "oleochemicals",
            "distillation",
            "analytical-lab",
        ],
        "funding_call": "Fundusze Europejskie dla Opolskiego 2021–2027, działanie 1.2",
        "funding_deadline_days": 21,
        "budget": Decimal("2350000.00"),
        "starts_in_days": 120,
        "ends_in_days": 850,
        "participants": [
            (
                "opolska-akademia-techniczna",
                "partner",
                "accepted",
                "Badania migracji plastyfikatorów z PVC.",
                "Plasticiser migration tests in PVC.",
            ),
            (
                "rektyfikat-rozpuszczalniki",
                "partner",
                "requested",
                "Destylacja próżniowa surowca.",
                "Vacuum distillation of the feedstock.",
            ),
            ("mitteldeutsche-esterchemie", "partner", "invited", "", ""),
        ],
        "external": [("Fachhochschule Saale-Elster", "DE", "university")],
        "updates": [],
    },
    {
        "slug": "synteza-kontraktowa-polproduktow-farmaceutycznych",
        "firm": "farmasynteza-prudnik",
        "kind": Project.Kind.COMBINED_OFFER,
        "state": Project.State.ACTIVE,
        "visibility": Project.Visibility.PUBLIC,
        "title_pl": "Od kolby do cysterny: synteza kontraktowa półproduktów farmaceutycznych",
        "title_en": "From flask to tanker: contract synthesis of pharmaceutical intermediates",
        "summary_pl": "Jedna umowa, pięć firm klastra: synteza, krystalizacja, analityka, "
        "rejestracja i logistyka.",
        "summary_en": "One contract, five cluster firms: synthesis, crystallisation, "
        "analytics, registration and logistics.",
        "description_pl": "Wspólna oferta firm klastra dla producentów leków generycznych.",
        "description_en": "The cluster firms' joint offer to generic drug makers.",
        "offer_pl": (
            "Przejmujemy **cały łańcuch** wytwarzania półproduktu farmaceutycznego:\n\n"
            "1. opracowanie i powiększenie skali syntezy,\n"
            "2. krystalizacja i kontrola polimorfów,\n"
            "3. analityka zwalniająca partie,\n"
            "4. dokumentacja REACH i karty charakterystyki,\n"
            "5. pakowanie i transport ADR z terminalu w Koźlu.\n\n"
            "Partie od 5 kg do 20 t, jedna osoba kontaktowa po stronie klastra."
        ),
        "offer_en": (
            "We take over **the whole chain** of making a pharmaceutical intermediate:\n\n"
            "1. route development and scale-up,\n"
            "2. crystallisation and polymorph control,\n"
            "3. batch release analytics,\n"
            "4. REACH dossiers and safety data sheets,\n"
            "5. packaging and ADR transport from the Koźle terminal.\n\n"
            "Batches from 5 kg to 20 t, one contact person on the cluster's side."
        ),
        "leader_contribution": (
            "Synteza w reaktorach 0,5–16 m³ w standardzie GMP API.",
            "Synthesis in 0.5–16 m³ reactors to API GMP standards.",
        ),
        "competences": ["pharma-intermediates", "toll-manufacturing", "crystallisation"],
        "starts_in_days": -200,
        "participants": [
            (
                "raciborskie-laboratorium-krystalizacji",
                "partner",
                "accepted",
                "Krystalizacja, badania polimorfów i mikronizacja.",
                "Crystallisation, polymorph screening and micronisation.",
            ),
            (
                "laboratorium-kwadrant",
                "subcontr",
                "accepted",
                "Analityka zwalniająca partie (akredytacja PCA).",
                "Batch release analytics (PCA accredited).",
            ),
            (
                "regulis-doradztwo-reach",
                "subcontr",
                "accepted",
                "Rejestracje REACH i karty charakterystyki w 24 językach.",
                "REACH registrations and safety data sheets in 24 languages.",
            ),
            (
                "portowy-terminal-chemiczny-kozle",
                "subcontr",
                "accepted",
                "Pakowanie, magazyn Seveso i transport ADR.",
                "Packaging, a Seveso warehouse and ADR transport.",
            ),
        ],
        "external": [],
        "updates": ["Pierwsze zapytanie ofertowe od producenta z Czech – wycena do piątku."],
    },
    {
        "slug": "surowce-kosmetyczne-wejscie-na-rynek-niemiecki",
        "firm": "lanoderm-surowce",
        "kind": Project.Kind.MARKET_ENTRY,
        "state": Project.State.IDEA,
        "visibility": Project.Visibility.MEMBERS,
        "title_pl": "Wspólne wejście na rynek niemiecki z surowcami kosmetycznymi",
        "title_en": "Entering the German market with cosmetics ingredients together",
        "summary_pl": "Wspólne stoisko na targach in-cosmetics i dystrybutor w Saksonii.",
        "summary_en": "A joint stand at in-cosmetics and a distributor in Saxony.",
        "description_pl": "Pomysł: trzy firmy dzielą koszty targów i przedstawiciela "
        "handlowego w Niemczech.",
        "description_en": "The idea: three firms share the cost of a trade fair and a sales "
        "agent in Germany.",
        "competences": ["cosmetics-ingredients", "regulatory"],
        "participants": [
            ("nadodrzanskie-zaklady-surfaktantow", "observer", "accepted", "", ""),
        ],
        "external": [("Kosmetik-Einkaufsverbund Sachsen GmbH", "DE", "enterprise")],
        "updates": [],
    },
    {
        "slug": "cyfrowy-blizniak-kolumn-rektyfikacyjnych",
        "firm": "kaskada-automatyka-procesowa",
        "kind": Project.Kind.SOLUTION,
        "state": Project.State.COMPLETED,
        "visibility": Project.Visibility.PUBLIC,
        "title_pl": "Cyfrowy bliźniak kolumn rektyfikacyjnych",
        "title_en": "A digital twin of rectification columns",
        "summary_pl": "Model kolumn rektyfikacyjnych prowadzący operatora do mniejszego "
        "zużycia pary.",
        "summary_en": "A model of rectification columns that guides operators to use less steam.",
        "description_pl": "Zakończony projekt: zużycie pary grzewczej spadło o 11 %.",
        "description_en": "A completed project: heating steam use fell by 11%.",
        "competences": ["process-it", "distillation", "engineering"],
        "budget": Decimal("960000.00"),
        "starts_in_days": -700,
        "ends_in_days": -60,
        "participants": [
            ("rektyfikat-rozpuszczalniki", "partner", "accepted", "", ""),
            ("rektis-projekty-procesowe", "partner", "accepted", "", ""),
        ],
        "external": [("Chemicko-technologický ústav Ostrava", "CZ", "university")],
        "updates": ["Raport końcowy przyjęty przez instytucję finansującą."],
    },
    {
        "slug": "odzysk-rozpuszczalnikow-z-odpadow-lakierniczych",
        "firm": "odzysk-chem-glubczyce",
        "kind": Project.Kind.RESEARCH,
        "state": Project.State.CANCELLED,
        "visibility": Project.Visibility.MEMBERS,
        "title_pl": "Odzysk rozpuszczalników z odpadów lakierniczych",
        "title_en": "Recovering solvents from paint-shop waste",
        "summary_pl": "Wstrzymany: wniosek o dofinansowanie nie przeszedł oceny.",
        "summary_en": "Stopped: the funding application was not selected.",
        "competences": ["solvents", "environment", "distillation"],
        "participants": [("powlokon", "partner", "accepted", "", "")],
        "external": [],
        "updates": [],
    },
    {
        "slug": "wodorozcienczalne-powloki-antykorozyjne",
        "firm": "powlokon",
        "kind": Project.Kind.RESEARCH,
        "state": Project.State.RECRUITING,
        "visibility": Project.Visibility.PUBLIC,
        "title_pl": "Wodorozcieńczalne powłoki antykorozyjne dla konstrukcji portowych",
        "title_en": "Waterborne anti-corrosion coatings for port structures",
        "summary_pl": "Powłoki o niskiej zawartości LZO odporne na mgłę solną.",
        "summary_en": "Low-VOC coatings that resist salt spray.",
        "description_pl": "Szukamy laboratorium z komorą mgły solnej i partnera z "
        "doświadczeniem w polimeryzacji emulsyjnej.",
        "description_en": "We are looking for a laboratory with a salt-spray chamber and a "
        "partner experienced in emulsion polymerisation.",
        "competences": ["coatings", "polymerisation", "analytical-lab", "rnd"],
        "funding_call": "Horyzont Europa – Cluster 4, materiały zaawansowane",
        "funding_deadline_days": 75,
        "participants": [
            ("polikondens-brzeg", "partner", "accepted", "", ""),
            ("tatranske-aditiva", "observer", "accepted", "", ""),
            ("opolska-akademia-techniczna", "partner", "invited", "", ""),
        ],
        "external": [("Výskumný ústav aditív Bratislava", "SK", "research")],
        "updates": [],
    },
    {
        "slug": "agrochemikalia-generyczne-europa-srodkowo-wschodnia",
        "firm": "agrosynteza-strzelce",
        "kind": Project.Kind.MARKET_ENTRY,
        "state": Project.State.ACTIVE,
        "visibility": Project.Visibility.MEMBERS,
        "title_pl": "Agrochemikalia generyczne na rynkach Europy Wschodniej",
        "title_en": "Generic agrochemicals for Eastern European markets",
        "summary_pl": "Rejestracje i logistyka dla Ukrainy i Mołdawii.",
        "summary_en": "Registrations and logistics for Ukraine and Moldova.",
        "competences": ["agrochemicals", "regulatory", "hazmat-logistics"],
        "starts_in_days": -30,
        "participants": [
            ("regulis-doradztwo-reach", "subcontr", "accepted", "", ""),
            ("portowy-terminal-chemiczny-kozle", "partner", "accepted", "", ""),
        ],
        "external": [
            ("Agroimpex Moldova SRL", "MD", "enterprise"),
            ("Lvivskyi instytut prykladnoi khimii", "UA", "research"),
        ],
        "updates": ["Pierwsza dostawa do Kiszyniowa odprawiona."],
    },
    {
        "slug": "wspolny-program-szkolen-atex",
        "firm": "atexpert",
        "kind": Project.Kind.SOLUTION,
        "state": Project.State.DRAFT,
        "visibility": Project.Visibility.MEMBERS,
        "title_pl": "Wspólny program szkoleń ATEX dla służb utrzymania ruchu",
        "title_en": "A joint ATEX training programme for maintenance crews",
        "summary_pl": "Szkic: program szkoleń z praktyką na instalacjach członków.",
        "summary_en": "A draft: a training programme with practice at members' plants.",
        "competences": ["safety", "training", "engineering"],
        "participants": [],
        "external": [],
        "updates": [],
    },
    {
        "slug": "centrum-kompetencji-powiekszania-skali",
        "firm": "instytut-technologii-chemii-specjalistycznej",
        "kind": Project.Kind.RESEARCH,
        "state": Project.State.IDEA,
        "visibility": Project.Visibility.PUBLIC,
        "title_pl": "Centrum kompetencji powiększania skali procesów chemicznych",
        "title_en": "A competence centre for chemical process scale-up",
        "summary_pl": "Wspólna hala pilotażowa dla firm klastra.",
        "summary_en": "A shared pilot hall for the cluster's firms.",
        "description_pl": "Pomysł na wspólną infrastrukturę badawczą: reaktory 50–500 l, "
        "kolumny i suszarnie dostępne dla członków w modelu usługowym.",
        "description_en": "An idea for shared research infrastructure: 50–500 l reactors, "
        "columns and dryers available to members as a service.",
        "competences": ["scale-up", "rnd", "engineering", "safety"],
        "funding_call": "Krajowy Program Odbudowy – infrastruktura B+R",
        "funding_deadline_days": 55,
        "budget": Decimal("12500000.00"),
        "participants": [
            ("rektis-projekty-procesowe", "partner", "accepted", "", ""),
            (
                "zielone-estry",
                "partner",
                "requested",
                "Kampanie estryfikacji w skali pilotażowej.",
                "Pilot-scale esterification campaigns.",
            ),
        ],
        "external": [("Fachhochschule Saale-Elster", "DE", "university")],
        "updates": [],
    },
    {
        "slug": "kompleksowa-obsluga-rejestracji-reach",
        "firm": "regulis-doradztwo-reach",
        "kind": Project.Kind.COMBINED_OFFER,
        "state": Project.State.RECRUITING,
        "visibility": Project.Visibility.PUBLIC,
        "title_pl": "Rejestracja REACH pod klucz: dokumentacja i badania w jednym miejscu",
        "title_en": "Turnkey REACH registration: dossiers and tests in one place",
        "summary_pl": "Dokumentacja rejestracyjna razem z badaniami fizykochemicznymi.",
        "summary_en": "Registration dossiers together with physico-chemical tests.",
        "offer_pl": "Przygotowujemy dokumentację rejestracyjną i wykonujemy badania "
        "fizykochemiczne w akredytowanym laboratorium klastra.",
        "offer_en": "We prepare the registration dossier and run the physico-chemical tests "
        "in the cluster's accredited laboratory.",
        "leader_contribution": (
            "Dokumentacja IUCLID i kontakt z ECHA.",
            "IUCLID dossiers and dealing with ECHA.",
        ),
        "competences": ["regulatory", "analytical-lab"],
        "participants": [
            (
                "laboratorium-kwadrant",
                "partner",
                "accepted",
                "Badania fizykochemiczne zgodnie z GLP.",
                "Physico-chemical tests under GLP.",
            ),
        ],
        "external": [],
        "updates": [],
    },
]


def _pdf(text: str) -> bytes:
    """A one-page PDF with one line of text (ASCII), with a correct xref."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _admin_of(firm):
    role = FirmRole.objects.filter(firm=firm, role=FirmRole.Role.ADMIN).select_related("user")
    first = role.order_by("pk").first()
    return first.user if first else None


def seed() -> list[Project]:
    """Create the demo projects once; do nothing when they exist already.

    Firms missing from the database (a trimmed demo) are skipped: a project
    whose leader is missing is left out, a missing participant is left out
    of its project.
    """
    slugs = [row["slug"] for row in PROJECTS]
    if Project.objects.filter(slug__in=slugs).exists():
        return []
    firms = {firm.slug: firm for firm in Firm.objects.all()}
    competences = dict(Competence.objects.values_list("code", "pk"))
    now = timezone.now()
    created = []
    with transaction.atomic():
        for age, row in enumerate(reversed(PROJECTS)):
            leader = firms.get(row["firm"])
            if leader is None:
                continue
            created.append(
                _create_project(row, leader, firms, competences, now - timedelta(days=age * 9))
            )
    return created


def _days(row, key):
    days = row.get(key)
    return None if days is None else timezone.localdate() + timedelta(days=days)


def _create_project(row, leader, firms, competences, created_at) -> Project:
    author = _admin_of(leader)
    draft = row["state"] == Project.State.DRAFT
    submitted_at = None if draft else created_at + timedelta(days=2)
    project = Project.objects.create(
        slug=row["slug"],
        firm=leader,
        kind=row["kind"],
        state=row["state"],
        visibility=row["visibility"],
        title_pl=row["title_pl"],
        title_en=row["title_en"],
        summary_pl=row.get("summary_pl", ""),
        summary_en=row.get("summary_en", ""),
        description_pl=row.get("description_pl", ""),
        description_en=row.get("description_en", ""),
        offer_pl=row.get("offer_pl", ""),
        offer_en=row.get("offer_en", ""),
        funding_call=row.get("funding_call", ""),
        funding_deadline=_days(row, "funding_deadline_days"),
        budget=row.get("budget"),
        starts_on=_days(row, "starts_in_days"),
        ends_on=_days(row, "ends_in_days"),
        created_by=author,
        created_at=created_at,
        submitted_at=submitted_at,
    )
    project.needed_competences.set(
        [competences[code] for code in row["competences"] if code in competences]
    )
    if draft:
        return project
    leader_pl, leader_en = row.get("leader_contribution", ("", ""))
    participations = [
        Participation(
            project=project,
            firm=leader,
            role=Participation.Role.LEADER,
            state=Participation.State.ACCEPTED,
            contribution_pl=leader_pl,
            contribution_en=leader_en,
            created_by=author,
            created_at=submitted_at,
            decided_by=author,
            decided_at=submitted_at,
        )
    ]
    for position, (slug, role, state, contribution_pl, contribution_en) in enumerate(
        row["participants"], start=1
    ):
        firm = firms.get(slug)
        if firm is None:
            continue
        asked_at = submitted_at + timedelta(days=position)
        decided = state == Participation.State.ACCEPTED
        participations.append(
            Participation(
                project=project,
                firm=firm,
                role=role,
                state=state,
                message=(
                    "Chętnie dołączymy – mamy doświadczenie w tym obszarze."
                    if state == Participation.State.REQUESTED
                    else ""
                ),
                contribution_pl=contribution_pl,
                contribution_en=contribution_en,
                created_by=_admin_of(leader if state == "invited" else firm),
                created_at=asked_at,
                decided_by=author if decided else None,
                decided_at=asked_at + timedelta(days=1) if decided else None,
            )
        )
    Participation.objects.bulk_create(participations)
    ExternalPartner.objects.bulk_create(
        ExternalPartner(project=project, name=name, country=country, kind=kind)
        for name, country, kind in row["external"]
    )
    ProjectUpdate.objects.bulk_create(
        ProjectUpdate(
            project=project,
            author=author,
            body=body,
            created_at=submitted_at + timedelta(days=10 * (number + 1)),
        )
        for number, body in enumerate(row["updates"])
    )
    if "document" in row:
        title, name = row["document"]
        content = _pdf("CHEM-STER - harmonogram prac / work plan")
        storage = ProjectDocument._meta.get_field("file").storage
        stored = storage.save(f"projects/{project.pk}/demo-work-plan.pdf", ContentFile(content))
        ProjectDocument.objects.create(
            project=project,
            title=title,
            file=stored,
            original_name=name,
            content_type="application/pdf",
            size=len(content),
            uploaded_by=author,
            uploaded_at=submitted_at + timedelta(days=5),
        )
    return project
