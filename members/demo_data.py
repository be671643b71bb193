"""The demo cluster's fictional member firms, for ``manage.py seed_demo``.

Every firm, person and domain here is invented; towns, postcodes, tax
office prefixes and telephone area codes are real, so that the directory,
the map and the readiness figures look like the cluster's own. Rows are
plain data: ``members.demo.create_demo_firms`` turns them into rows of the
database in bulk, and a generator for ``--scale`` can produce more of the
same shape.
"""

from typing import NamedTuple


class Town(NamedTuple):
    country: str
    postcodes: tuple[str, ...]
    latitude: float
    longitude: float
    # The tax office prefix of Polish NIPs issued there; the phone area code.
    tax_office: str = ""
    area_code: str = ""


# Every town a demo firm lies in, with the postcodes used there.
TOWNS = {
    # 47-200 Koźle, 47-220 Kędzierzyn, 47-224 the chemical works' district,
    # 47-225 Blachownia, 47-232 Kłodnica.
    "Kędzierzyn-Koźle": Town(
        "PL", ("47-200", "47-220", "47-224", "47-225", "47-232"), 50.3495, 18.2260, "749", "77"
    ),
    "Opole": Town(
        "PL", ("45-061", "45-062", "45-075", "45-126", "45-132"), 50.6751, 17.9213, "754", "77"
    ),
    "Krapkowice": Town("PL", ("47-303",), 50.4751, 17.9653, "199", "77"),
    "Zdzieszowice": Town("PL", ("47-330",), 50.4247, 18.1236, "199", "77"),
    "Strzelce Opolskie": Town("PL", ("47-100",), 50.5107, 18.3003, "756", "77"),
    "Głogówek": Town("PL", ("48-250",), 50.3531, 17.8631, "755", "77"),
    "Prudnik": Town("PL", ("48-200",), 50.3204, 17.5766, "755", "77"),
    "Nysa": Town("PL", ("48-300", "48-303"), 50.4736, 17.3344, "753", "77"),
    "Brzeg": Town("PL", ("49-300",), 50.8610, 17.4686, "747", "77"),
    "Kluczbork": Town("PL", ("46-200",), 50.9728, 18.2176, "751", "77"),
    "Olesno": Town("PL", ("46-300",), 50.8753, 18.4172, "576", "34"),
    "Głubczyce": Town("PL", ("48-100",), 50.2013, 17.8289, "748", "77"),
    "Gliwice": Town("PL", ("44-100",), 50.2945, 18.6714, "631", "32"),
    "Racibórz": Town("PL", ("47-400",), 50.0919, 18.2193, "639", "32"),
    "Wrocław": Town("PL", ("50-370", "53-611"), 51.1079, 17.0385, "899", "71"),
    "Ostrava": Town("CZ", ("702 00",), 49.8209, 18.2625),
    "Leuna": Town("DE", ("06237",), 51.3190, 12.0167),
    "Nováky": Town("SK", ("972 71",), 48.7113, 18.5333),
}

# The day the cluster's twenty founding members signed its agreement.
FOUNDED = "2013-08-27"


def nip(tax_office: str, n: int) -> str:
    """A NIP with a correct check digit: the tax office's three digits, then
    six derived from ``n`` (distinct for distinct ``n`` of one office)."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    for step in range(11):
        digits = f"{tax_office}{(n * 7919 + step) % 1_000_000:06d}"
        check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if check < 10:
            return digits + str(check)
    raise AssertionError("unreachable: one of eleven neighbours has a check digit")


def regon(n: int) -> str:
    """A nine-digit REGON of the Opole region (prefix 53) with its check digit."""
    digits = f"53{(n * 4649) % 1_000_000:06d}"
    weights = (8, 9, 2, 3, 4, 5, 6, 7)
    return digits + str(sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)


class Person(NamedTuple):
    """A contact at a firm; ``role`` also gives them a login to the portal."""

    name: str
    function: str
    mailbox: str
    phone: str
    language: str = "pl"
    role: str = ""


ALL_FIELDS = [
    "website",
    "email",
    "phone",
    "address",
    "description",
    "offer",
    "certifications",
    "equipment",
]
PROFILE_FIELDS = ["website", "description", "offer", "certifications", "equipment"]
SALES_FIELDS = ["website", "email", "phone", "description", "offer"]
ALL_CONTACT_FIELDS = ["name", "function", "email", "phone"]
NAME_AND_FUNCTION = ["name", "function"]
NO_PHONE = ["name", "function", "email"]

FIRMS = [
    {
        "slug": "nadodrzanskie-zaklady-surfaktantow",
        "name": "Nadodrzańskie Zakłady Surfaktantów Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "medium",
        "nip": nip("749", 1),
        "regon": regon(1),
        "krs": "0000318264",
        "street": "ul. Przemysłowa 12",
        "postcode": "47-220",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3562, 18.2051),
        "domain": "nzs-surfaktanty.pl",
        "phone": "+48 77 405 12 00",
        "description_pl": (
            "Producent niejonowych i anionowych środków powierzchniowo czynnych dla branży "
            "detergentowej, kosmetycznej i tekstylnej. Zakład prowadzi etoksylację i "
            "sulfonowanie w skali kilku tysięcy ton rocznie."
        ),
        "description_en": (
            "Manufacturer of non-ionic and anionic surfactants for the detergent, cosmetics "
            "and textile industries. The plant runs ethoxylation and sulphonation at several "
            "thousand tonnes a year."
        ),
        "offer_pl": (
            "Etoksylaty alkoholi tłuszczowych, siarczany alkilowe i betainy. Produkcja "
            "usługowa według receptury klienta od 5 ton, w beczkach, paletopojemnikach i "
            "cysternach."
        ),
        "offer_en": (
            "Fatty alcohol ethoxylates, alkyl sulphates and betaines. Toll manufacturing to "
            "the customer's recipe from 5 tonnes, in drums, IBCs and road tankers."
        ),
        "certifications": "ISO 9001:2015, ISO 14001:2015, ISO 45001:2018",
        "competences": [
            "surfactants",
            "cosmetics-ingredients",
            "esterification",
            "toll-manufacturing",
            "hazmat-logistics",
        ],
        "joined_on": FOUNDED,
        "public_fields": ALL_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person(
                "Tomasz Grabowski",
                "Prezes zarządu",
                "t.grabowski",
                "+48 77 405 12 01",
                role="admin",
            ),
            Person(
                "Magdalena Sikora",
                "Specjalistka ds. marketingu",
                "m.sikora",
                "+48 77 405 12 14",
                role="editor",
            ),
            Person("Piotr Mazur", "Dyrektor handlowy", "p.mazur", "+48 77 405 12 20"),
        ],
    },
    {
        "slug": "laboratorium-kwadrant",
        "name": "Laboratorium Badań Chemicznych Kwadrant Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": nip("754", 2),
        "regon": regon(2),
        "krs": "0000527031",
        "street": "ul. Ozimska 151",
        "postcode": "45-062",
        "city": "Opole",
        "coordinates": (50.6689, 17.9402),
        "domain": "kwadrant-lab.pl",
        "mailbox": "laboratorium",
        "phone": "+48 77 441 30 50",
        "description_pl": (
            "Niezależne laboratorium badań chemicznych akredytowane przez PCA. Bada surowce, "
            "produkty gotowe, ścieki i odpady dla zakładów chemicznych regionu."
        ),
        "description_en": (
            "Independent chemical testing laboratory accredited by the Polish Centre for "
            "Accreditation. Tests raw materials, finished products, waste water and waste "
            "for the region's chemical plants."
        ),
        "offer_pl": (
            "Analizy chromatograficzne i spektroskopowe, oznaczanie metali śladowych, "
            "badania zgodności ze specyfikacją i walidacja procedur badawczych klienta."
        ),
        "offer_en": (
            "Chromatographic and spectroscopic analyses, trace metal determination, "
            "conformity testing against specifications and validation of the customer's "
            "test procedures."
        ),
        "certifications": "PN-EN ISO/IEC 17025:2018 (akredytacja PCA), ISO 9001:2015",
        "equipment_pl": (
            "Chromatografy GC-MS i HPLC-DAD, spektrometr ICP-OES, analizator TOC, "
            "kulometryczne miareczkowanie Karla Fischera."
        ),
        "equipment_en": (
            "GC-MS and HPLC-DAD chromatographs, ICP-OES spectrometer, TOC analyser, "
            "coulometric Karl Fischer titration."
        ),
        "competences": ["analytical-lab", "regulatory", "environment"],
        "joined_on": "2015-03-12",
        "public_fields": ALL_FIELDS,
        "member_contact_fields": NO_PHONE,
        "contacts": [
            Person(
                "Joanna Krawczyk", "Prezes zarządu", "j.krawczyk", "+48 77 441 30 51", role="admin"
            ),
            Person(
                "Michał Zieliński",
                "Kierownik laboratorium",
                "m.zielinski",
                "+48 77 441 30 55",
                role="editor",
            ),
        ],
    },
    {
        "slug": "zaklady-syntez-oksowych-klodnica",
        "name": "Zakłady Syntez Oksowych Kłodnica S.A.",
        "kind": "enterprise",
        "size_class": "large",
        "nip": nip("749", 3),
        "regon": regon(3),
        "krs": "0000104392",
        "street": "ul. Syntezy 1",
        "postcode": "47-232",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3382, 18.1789),
        "domain": "zso-klodnica.pl",
        "phone": "+48 77 481 20 00",
        "description_pl": (
            "Wytwórca alkoholi oksowych, w tym butanoli i 2-etyloheksanolu, oraz "
            "bezftalanowych plastyfikatorów. Zakład o zwiększonym ryzyku w rozumieniu "
            "dyrektywy Seveso III, z własną bocznicą kolejową."
        ),
        "description_en": (
            "Producer of oxo alcohols, among them butanols and 2-ethylhexanol, and of "
            "phthalate-free plasticisers. An upper-tier Seveso III site with its own "
            "railway siding."
        ),
        "offer_pl": (
            "Plastyfikatory DEHT i DINCH do wyrobów z PVC, alkohole oksowe w dostawach "
            "cysternowych, aldehydy masłowe do dalszej syntezy."
        ),
        "offer_en": (
            "DEHT and DINCH plasticisers for PVC products, oxo alcohols in tanker "
            "deliveries, butyraldehydes for further synthesis."
        ),
        "certifications": "ISO 9001:2015, ISO 14001:2015, ISO 45001:2018, ISO 50001:2018",
        "competences": [
            "oxo-synthesis",
            "plasticisers",
            "solvents",
            "hydrogenation",
            "esterification",
            "distillation",
            "safety",
        ],
        "joined_on": FOUNDED,
        "public_fields": SALES_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person(
                "Krzysztof Wieczorek",
                "Dyrektor ds. rozwoju",
                "k.wieczorek",
                "+48 77 481 20 40",
                role="admin",
            ),
            Person(
                "Aleksandra Dudek",
                "Kierownik komunikacji",
                "a.dudek",
                "+48 77 481 20 45",
                role="editor",
            ),
            Person(
                "Marek Kaczmarczyk",
                "Kierownik sprzedaży plastyfikatorów",
                "m.kaczmarczyk",
                "+48 77 481 21 10",
            ),
        ],
    },
    {
        "slug": "porowit-katalizatory",
        "name": "Porowit Katalizatory Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": nip("749", 4),
        "regon": regon(4),
        "krs": "0000446718",
        "street": "ul. Chemików 7",
        "postcode": "47-225",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3601, 18.2874),
        "domain": "porowit-kat.pl",
        "phone": "+48 77 487 31 10",
        "description_pl": (
            "Wytwarza niklowe i miedziowe katalizatory uwodornienia na nośnikach tlenkowych. "
            "Dobiera katalizator do procesu klienta i regeneruje katalizatory zużyte."
        ),
        "description_en": (
            "Makes nickel and copper hydrogenation catalysts on oxide supports. Matches a "
            "catalyst to the customer's process and regenerates spent catalysts."
        ),
        "offer_pl": (
            "Katalizatory w postaci wytłoczek i tabletek, badania aktywności w reaktorze "
            "przepływowym, próby w skali pilotażowej."
        ),
        "offer_en": (
            "Catalysts as extrudates and tablets, activity testing in a flow reactor, "
            "pilot-scale trials."
        ),
        "certifications": "ISO 9001:2015",
        "competences": ["catalysts", "hydrogenation", "scale-up", "rnd"],
        "joined_on": FOUNDED,
        "public_fields": PROFILE_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person("Andrzej Kubiak", "Prezes zarządu, technolog", "a.kubiak", "+48 77 487 31 11"),
        ],
    },
    {
        "slug": "instytut-technologii-chemii-specjalistycznej",
        "name": "Instytut Technologii Chemii Specjalistycznej",
        "kind": "research",
        "nip": nip("749", 5),
        "regon": regon(5),
        "krs": "0000066115",
        "street": "ul. Chemików 16",
        "postcode": "47-225",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3618, 18.2905),
        "domain": "itcs-instytut.pl",
        "mailbox": "sekretariat",
        "phone": "+48 77 487 30 00",
        "description_pl": (
            "Instytut badawczy i inicjator klastra. Opracowuje technologie syntezy organicznej "
            "i przenosi je z laboratorium do skali pilotażowej i przemysłowej."
        ),
        "description_en": (
            "Research institute and initiator of the cluster. Develops organic synthesis "
            "technologies and carries them from the laboratory to pilot and industrial scale."
        ),
        "offer_pl": (
            "Projekty badawcze na zlecenie, prace przedkonkurencyjne z firmami klastra, "
            "wynajem instalacji pilotażowych, ekspertyzy procesowe i dokumentacja REACH."
        ),
        "offer_en": (
            "Contract research, pre-competitive projects with cluster firms, hire of pilot "
            "plants, process expertise and REACH dossiers."
        ),
        "certifications": "PN-EN ISO/IEC 17025:2018 (laboratorium analityczne), ISO 9001:2015",
        "equipment_pl": (
            "Hala instalacji pilotażowych z reaktorami ciśnieniowymi od 10 do 250 litrów, "
            "kolumny rektyfikacyjne, instalacja uwodornienia ciągłego, akredytowane "
            "laboratorium analityczne."
        ),
        "equipment_en": (
            "Pilot-plant hall with pressure reactors from 10 to 250 litres, rectification "
            "columns, a continuous hydrogenation unit and an accredited analytical "
            "laboratory."
        ),
        "competences": [
            "rnd",
            "scale-up",
            "analytical-lab",
            "hydrogenation",
            "oxo-synthesis",
            "catalysts",
            "polymerisation",
            "regulatory",
        ],
        "joined_on": FOUNDED,
        "public_fields": ALL_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person(
                "Barbara Kowalczyk",
                "Zastępca dyrektora ds. naukowych",
                "b.kowalczyk",
                "+48 77 487 30 10",
                role="admin",
            ),
            Person(
                "Rafał Nowicki",
                "Specjalista ds. transferu technologii",
                "r.nowicki",
                "+48 77 487 30 25",
                role="editor",
            ),
            Person(
                "Ewelina Baran", "Kierownik instalacji pilotażowych", "e.baran", "+48 77 487 30 60"
            ),
        ],
    },
    {
        "slug": "opolska-akademia-techniczna",
        "name": "Opolska Akademia Techniczna – Wydział Technologii Chemicznej",
        "kind": "university",
        "nip": nip("754", 6),
        "regon": regon(6),
        "street": "ul. Katowicka 48",
        "postcode": "45-061",
        "city": "Opole",
        "coordinates": (50.6598, 17.9460),
        "domain": "oat-opole.edu.pl",
        "mailbox": "wtch",
        "phone": "+48 77 449 60 00",
        "description_pl": (
            "Wydział kształci inżynierów i magistrów technologii chemicznej oraz inżynierii "
            "procesowej. Prowadzi badania nad krystalizacją, polimerami i oczyszczaniem "
            "ścieków przemysłowych."
        ),
        "description_en": (
            "The faculty educates engineers and masters of chemical technology and process "
            "engineering. Its research covers crystallisation, polymers and industrial "
            "waste-water treatment."
        ),
        "offer_pl": (
            "Prace dyplomowe na tematy zgłoszone przez firmy, studia podyplomowe z "
            "bezpieczeństwa procesowego, wspólne wnioski o granty badawcze."
        ),
        "offer_en": (
            "Theses on topics proposed by firms, postgraduate studies in process safety, "
            "joint applications for research grants."
        ),
        "equipment_pl": (
            "Krystalizator z kontrolą rozkładu wielkości kryształów, reometr rotacyjny, "
            "kalorymetr reakcyjny, stanowiska do badań membranowych."
        ),
        "equipment_en": (
            "Crystalliser with crystal size distribution control, rotational rheometer, "
            "reaction calorimeter, membrane test rigs."
        ),
        "competences": ["rnd", "training", "crystallisation", "polymers", "environment"],
        "joined_on": "2014-01-20",
        "public_fields": ALL_FIELDS,
        "member_contact_fields": NO_PHONE,
        "contacts": [
            Person(
                "Grzegorz Wróblewski",
                "Prodziekan ds. współpracy z gospodarką",
                "g.wroblewski",
                "+48 77 449 60 12",
            ),
            Person(
                "Natalia Michalska",
                "Koordynatorka praktyk studenckich",
                "n.michalska",
                "+48 77 449 60 31",
            ),
        ],
    },
    {
        "slug": "zespol-szkol-chemiczno-technicznych",
        "name": "Zespół Szkół Chemiczno-Technicznych w Kędzierzynie-Koźlu",
        "kind": "school",
        "nip": nip("749", 7),
        "regon": regon(7),
        "street": "ul. Piastowska 20",
        "postcode": "47-200",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3303, 18.1497),
        "domain": "zsct-kedzierzyn.edu.pl",
        "mailbox": "sekretariat",
        "phone": "+48 77 482 14 40",
        "description_pl": (
            "Szkoła ponadpodstawowa kształcąca techników analityków i techników technologii "
            "chemicznej. Praktyki zawodowe uczniowie odbywają w zakładach członków klastra."
        ),
        "description_en": (
            "Secondary vocational school for analytical chemistry technicians and chemical "
            "technology technicians. Students do their work placements at cluster members' "
            "plants."
        ),
        "offer_pl": (
            "Klasy patronackie prowadzone z firmami, kursy kwalifikacyjne dla dorosłych, "
            "dni otwarte pracowni chemicznych."
        ),
        "offer_en": (
            "Sponsored classes run with firms, qualification courses for adults, open days "
            "of the chemistry workshops."
        ),
        "equipment_pl": (
            "Pracownie analizy instrumentalnej i technologii chemicznej, model instalacji "
            "destylacyjnej do ćwiczeń."
        ),
        "equipment_en": (
            "Instrumental analysis and chemical technology workshops, a teaching model of a "
            "distillation unit."
        ),
        "competences": ["training", "safety"],
        "joined_on": FOUNDED,
        "public_fields": ALL_FIELDS,
        "member_contact_fields": NAME_AND_FUNCTION,
        "contacts": [
            Person("Elżbieta Szymańska", "Dyrektor szkoły", "e.szymanska", "+48 77 482 14 41"),
            Person(
                "Dariusz Lis", "Kierownik kształcenia praktycznego", "d.lis", "+48 77 482 14 47"
            ),
        ],
    },
    {
        "slug": "centrum-ksztalcenia-praktycznego-zdzieszowice",
        "name": "Centrum Kształcenia Praktycznego Procesów Przemysłowych w Zdzieszowicach",
        "kind": "school",
        "nip": nip("199", 8),
        "street": "ul. Filarecka 9",
        "postcode": "47-330",
        "city": "Zdzieszowice",
        "coordinates": None,
        "domain": "ckp-zdzieszowice.edu.pl",
        "phone": "+48 77 484 52 10",
        "description_pl": (
            "Placówka kształcenia praktycznego dla szkół branżowych i dorosłych. Uczy obsługi "
            "aparatury procesowej, automatyki i bezpiecznej pracy z substancjami "
            "niebezpiecznymi."
        ),
        "description_en": (
            "Practical training centre for vocational schools and adults. Teaches the "
            "operation of process equipment, automation and safe work with hazardous "
            "substances."
        ),
        "offer_pl": "Kursy operatora instalacji chemicznych, szkolenia ATEX dla pracowników firm.",
        "offer_en": "Chemical plant operator courses, ATEX training for firms' staff.",
        "competences": ["training", "safety", "engineering"],
        "joined_on": "2016-09-01",
        "public_fields": SALES_FIELDS,
        "member_contact_fields": NAME_AND_FUNCTION,
        "contacts": [
            Person("Halina Czarnecka", "Kierownik centrum", "h.czarnecka", "+48 77 484 52 11"),
        ],
    },
    {
        "slug": "fundacja-innowacji-chemicznych-nadodrze",
        "name": "Fundacja Innowacji Chemicznych Nadodrze",
        "kind": "support",
        "nip": nip("754", 9),
        "regon": regon(9),
        "krs": "0000472590",
        "street": "ul. Krakowska 30",
        "postcode": "45-075",
        "city": "Opole",
        "coordinates": (50.6702, 17.9305),
        "domain": "fundacja-nadodrze.org.pl",
        "phone": "+48 77 454 18 20",
        "description_pl": (
            "Fundacja wspiera małe i średnie firmy chemiczne w pozyskiwaniu funduszy na "
            "badania i wdrożenia oraz w nawiązywaniu współpracy z nauką."
        ),
        "description_en": (
            "The foundation helps small and medium chemical firms to raise funds for "
            "research and implementation and to work with research institutions."
        ),
        "offer_pl": (
            "Doradztwo przy wnioskach o dofinansowanie, kojarzenie partnerów projektów, "
            "spotkania brokerskie i misje gospodarcze."
        ),
        "offer_en": (
            "Advice on funding applications, partner search for projects, brokerage "
            "meetings and trade missions."
        ),
        "competences": ["training", "rnd", "regulatory"],
        "joined_on": FOUNDED,
        "public_fields": ALL_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person("Monika Górecka", "Prezes fundacji", "m.gorecka", "+48 77 454 18 21"),
            Person(
                "Łukasz Pietrzak",
                "Doradca ds. funduszy europejskich",
                "l.pietrzak",
                "+48 77 454 18 24",
            ),
        ],
    },
    {
        "slug": "regionalna-izba-przemyslu-chemicznego",
        "name": "Regionalna Izba Przemysłu Chemicznego i Procesowego",
        "kind": "support",
        "nip": nip("749", 10),
        "regon": regon(10),
        "krs": "0000213547",
        "street": "al. Jana Pawła II 21",
        "postcode": "47-220",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3470, 18.2213),
        "domain": "izba-chemiczna-opole.org.pl",
        "mailbox": "izba",
        "phone": "+48 77 406 22 70",
        "description_pl": (
            "Samorząd gospodarczy zakładów chemicznych regionu opolskiego. Reprezentuje "
            "członków wobec administracji i organizuje wymianę doświadczeń."
        ),
        "description_en": (
            "Chamber of commerce of the Opole region's chemical plants. Represents its "
            "members before public authorities and organises the exchange of experience."
        ),
        "offer_pl": (
            "Opiniowanie projektów przepisów, szkolenia z BHP i ochrony środowiska, wspólne "
            "stoiska na targach branżowych."
        ),
        "offer_en": (
            "Comments on draft regulations, health, safety and environmental training, "
            "joint stands at trade fairs."
        ),
        "competences": ["training", "safety", "environment"],
        "joined_on": FOUNDED,
        "public_fields": SALES_FIELDS,
        "member_contact_fields": NO_PHONE,
        "contacts": [
            Person("Stanisław Olszewski", "Dyrektor biura izby", "s.olszewski", "+48 77 406 22 71"),
        ],
    },
    {
        "slug": "centrum-obslugi-inwestora-kedzierzyn-kozle",
        "name": "Miejskie Centrum Obsługi Inwestora w Kędzierzynie-Koźlu",
        "kind": "public",
        "nip": nip("749", 11),
        "regon": regon(11),
        "street": "ul. Grunwaldzka 8",
        "postcode": "47-220",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3449, 18.2240),
        "domain": "coi-kedzierzyn.pl",
        "mailbox": "inwestor",
        "phone": "+48 77 405 03 90",
        "description_pl": (
            "Jednostka samorządowa obsługująca inwestorów na terenach przemysłowych miasta. "
            "Pomaga w sprawach pozwoleń, mediów i lokalizacji nowych instalacji."
        ),
        "description_en": (
            "Municipal unit serving investors on the town's industrial land. Helps with "
            "permits, utilities and the siting of new plants."
        ),
        "offer_pl": (
            "Oferty terenów inwestycyjnych z dostępem do bocznic i mediów przemysłowych, "
            "informacja o ulgach podatkowych."
        ),
        "offer_en": (
            "Investment sites with railway sidings and industrial utilities, information on "
            "tax reliefs."
        ),
        "competences": ["environment", "training"],
        "joined_on": "2014-06-02",
        "public_fields": ALL_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person("Jolanta Wysocka", "Kierownik centrum", "j.wysocka", "+48 77 405 03 91"),
            Person(
                "Paweł Jasiński",
                "Specjalista ds. terenów inwestycyjnych",
                "p.jasinski",
                "+48 77 405 03 94",
            ),
        ],
    },
    {
        "slug": "zaklad-unieszkodliwiania-odpadow-przemyslowych",
        "name": "Komunalny Zakład Unieszkodliwiania Odpadów Przemysłowych",
        "kind": "public",
        "nip": nip("749", 12),
        "regon": regon(12),
        "street": "ul. Szkolna 44",
        "postcode": "47-224",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3561, 18.2218),
        "domain": "kzuop.pl",
        "phone": "+48 77 481 66 00",
        "description_pl": (
            "Zakład należący do gmin powiatu, który przyjmuje i unieszkodliwia odpady "
            "poprodukcyjne przemysłu chemicznego."
        ),
        "description_en": (
            "A plant owned by the county's municipalities that accepts and treats production "
            "waste of the chemical industry."
        ),
        "offer_pl": (
            "Odbiór odpadów niebezpiecznych, termiczne przekształcanie, doradztwo w sprawie BDO."
        ),
        "offer_en": (
            "Collection of hazardous waste, thermal treatment, advice on the waste register."
        ),
        "certifications": "ISO 14001:2015",
        "competences": ["environment", "hazmat-logistics"],
        "joined_on": "2015-05-18",
        "public_fields": PROFILE_FIELDS,
        "member_contact_fields": NAME_AND_FUNCTION,
        "contacts": [
            Person("Ryszard Kamiński", "Dyrektor zakładu", "r.kaminski", "+48 77 481 66 01"),
        ],
    },
    {
        "slug": "regulis-doradztwo-reach",
        "name": "Regulis Doradztwo REACH Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "micro",
        "nip": nip("754", 13),
        "regon": regon(13),
        "krs": "0000679412",
        "street": "ul. Reymonta 8",
        "postcode": "45-132",
        "city": "Opole",
        "coordinates": (50.6766, 17.9345),
        "domain": "regulis-reach.pl",
        "mailbox": "kontakt",
        "phone": "+48 77 453 70 12",
        "description_pl": (
            "Doradcy ds. rejestracji substancji chemicznych. Prowadzą firmy przez obowiązki "
            "REACH i CLP od zgłoszenia po aktualizację dokumentacji."
        ),
        "description_en": (
            "Consultants for the registration of chemical substances. Guide firms through "
            "their REACH and CLP duties from notification to dossier updates."
        ),
        "offer_pl": (
            "Rejestracje REACH, karty charakterystyki w 24 językach UE, klasyfikacja "
            "mieszanin, zgłoszenia do ośrodków toksykologicznych."
        ),
        "offer_en": (
            "REACH registrations, safety data sheets in 24 EU languages, classification of "
            "mixtures, poison centre notifications."
        ),
        "competences": ["regulatory", "safety", "training"],
        "joined_on": "2017-05-09",
        "public_fields": SALES_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person(
                "Agnieszka Pawlak",
                "Wspólniczka, ekspertka REACH",
                "a.pawlak",
                "+48 77 453 70 13",
                role="admin",
            ),
        ],
    },
    {
        "slug": "kaskada-automatyka-procesowa",
        "name": "Kaskada Automatyka Procesowa Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": nip("749", 14),
        "regon": regon(14),
        "krs": "0000798305",
        "street": "ul. Kozielska 60",
        "postcode": "47-220",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3448, 18.2004),
        "domain": "kaskada-automatyka.pl",
        "phone": "+48 77 483 91 00",
        "description_pl": (
            "Integrator systemów sterowania dla instalacji chemicznych. Projektuje i "
            "modernizuje układy DCS i PLC oraz systemy zabezpieczeń SIS."
        ),
        "description_en": (
            "Control systems integrator for chemical plants. Designs and upgrades DCS and "
            "PLC systems and safety instrumented systems."
        ),
        "offer_pl": (
            "Modernizacja automatyki bez zatrzymania produkcji, analizy SIL, systemy "
            "raportowania produkcji i zużycia mediów."
        ),
        "offer_en": (
            "Automation upgrades without stopping production, SIL assessments, reporting of "
            "production and utility consumption."
        ),
        "certifications": "ISO 9001:2015",
        "competences": ["process-it", "engineering", "safety"],
        "joined_on": "2019-10-01",
        "public_fields": PROFILE_FIELDS,
        "member_contact_fields": NO_PHONE,
        "contacts": [
            Person("Bartłomiej Sadowski", "Dyrektor techniczny", "b.sadowski", "+48 77 483 91 02"),
            Person("Karolina Adamczyk", "Kierownik projektów", "k.adamczyk", "+48 77 483 91 07"),
        ],
    },
    {
        "slug": "biooleo-glogowek",
        "name": "Biooleo Głogówek Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "micro",
        "nip": nip("755", 15),
        "regon": regon(15),
        "krs": "0000612740",
        "street": "ul. Kościuszki 17",
        "postcode": "48-250",
        "city": "Głogówek",
        "coordinates": (50.3542, 17.8654),
        "domain": "biooleo.pl",
        "phone": "+48 77 437 21 05",
        "description_pl": (
            "Niewielka wytwórnia estrów metylowych i gliceryny technicznej z oleju "
            "rzepakowego od lokalnych producentów."
        ),
        "description_en": (
            "A small producer of methyl esters and technical glycerine from rapeseed oil "
            "bought from local growers."
        ),
        "offer_pl": (
            "Estry metylowe kwasów tłuszczowych, gliceryna techniczna, ekstrakcja oleju na "
            "zlecenie."
        ),
        "offer_en": "Fatty acid methyl esters, technical glycerine, contract oil extraction.",
        "competences": ["oleochemicals", "extraction", "esterification"],
        "joined_on": "2016-04-18",
        "status": "former",
        "left_on": "2023-12-31",
        "left_reason": "Zakończenie działalności produkcyjnej i sprzedaż zakładu.",
        "public_fields": SALES_FIELDS,
        "member_contact_fields": NAME_AND_FUNCTION,
        "contacts": [
            Person("Henryk Malinowski", "Właściciel", "h.malinowski", "+48 77 437 21 06"),
        ],
    },
    {
        "slug": "powlokon",
        "name": "Powłokon Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": nip("199", 16),
        "regon": regon(16),
        "krs": "0000718233",
        "street": "ul. Opolska 95",
        "postcode": "47-303",
        "city": "Krapkowice",
        "coordinates": (50.4790, 17.9721),
        "domain": "powlokon.pl",
        "phone": "+48 77 446 12 80",
        "description_pl": (
            "Producent farb przemysłowych i klejów wodorozcieńczalnych do drewna i "
            "tektury. Własne laboratorium opracowuje receptury o niskiej zawartości LZO."
        ),
        "description_en": (
            "Maker of industrial paints and waterborne adhesives for wood and board. Its own "
            "laboratory develops low-VOC formulations."
        ),
        "offer_pl": (
            "Farby antykorozyjne do konstrukcji stalowych, kleje dyspersyjne, receptury "
            "pod markę klienta."
        ),
        "offer_en": (
            "Anti-corrosion paints for steel structures, dispersion adhesives, private-label "
            "formulations."
        ),
        "certifications": "ISO 9001:2015, ISO 14001:2015",
        "competences": ["coatings", "polymers", "polymerisation"],
        "joined_on": "2018-02-14",
        "public_fields": ALL_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person(
                "Wojciech Jaworski",
                "Prezes zarządu",
                "w.jaworski",
                "+48 77 446 12 81",
                role="admin",
            ),
            Person(
                "Iwona Ostrowska",
                "Kierownik laboratorium receptur",
                "i.ostrowska",
                "+48 77 446 12 86",
            ),
        ],
    },
    {
        "slug": "agrosynteza-strzelce",
        "name": "Agrosynteza Strzelce Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "medium",
        "nip": nip("756", 17),
        "regon": regon(17),
        "krs": "0000227819",
        "street": "ul. Mickiewicza 33",
        "postcode": "47-100",
        "city": "Strzelce Opolskie",
        "coordinates": (50.5139, 18.2966),
        "domain": "agrosynteza.pl",
        "phone": "+48 77 461 40 00",
        "description_pl": (
            "Wytwarza nawozy dolistne z mikroelementami i formułuje środki ochrony roślin "
            "na zlecenie właścicieli rejestracji."
        ),
        "description_en": (
            "Produces foliar fertilisers with micronutrients and formulates plant protection "
            "products for registration holders."
        ),
        "offer_pl": (
            "Chelaty mikroelementów, nawozy płynne w opakowaniach od 1 do 1000 litrów, "
            "formulacja i konfekcjonowanie."
        ),
        "offer_en": (
            "Micronutrient chelates, liquid fertilisers in packs from 1 to 1,000 litres, "
            "formulation and packing."
        ),
        "certifications": "ISO 9001:2015, ISO 14001:2015",
        "competences": [
            "agrochemicals",
            "crystallisation",
            "toll-manufacturing",
            "hazmat-logistics",
        ],
        "joined_on": "2014-09-22",
        "public_fields": SALES_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person("Zbigniew Pawłowski", "Dyrektor zakładu", "z.pawlowski", "+48 77 461 40 02"),
            Person(
                "Renata Michalak", "Kierownik działu eksportu", "r.michalak", "+48 77 461 40 15"
            ),
        ],
    },
    {
        "slug": "lanoderm-surowce",
        "name": "Lanoderm Surowce Kosmetyczne Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": nip("753", 18),
        "regon": regon(18),
        "krs": "0000841167",
        "street": "ul. Grodkowska 52",
        "postcode": "48-303",
        "city": "Nysa",
        "coordinates": (50.4810, 17.3270),
        "domain": "lanoderm.pl",
        "phone": "+48 77 433 25 60",
        "description_pl": (
            "Dostawca emolientów i ekstraktów roślinnych dla producentów kosmetyków. Estry "
            "woskowe wytwarza z surowców roślinnych bez udziału rozpuszczalników "
            "chlorowanych."
        ),
        "description_en": (
            "Supplier of emollients and plant extracts to cosmetics manufacturers. Makes its "
            "wax esters from plant feedstocks without chlorinated solvents."
        ),
        "offer_pl": (
            "Emolienty estrowe, ekstrakty glicerynowe, próbki laboratoryjne i dokumentacja COSMOS."
        ),
        "offer_en": (
            "Ester emollients, glycerine extracts, laboratory samples and COSMOS documentation."
        ),
        "certifications": "ISO 9001:2015, GMP kosmetyczne (ISO 22716)",
        "competences": ["cosmetics-ingredients", "oleochemicals", "esterification", "extraction"],
        "joined_on": "2020-06-03",
        "public_fields": ALL_FIELDS,
        "member_contact_fields": NO_PHONE,
        "contacts": [
            Person("Dorota Wilk", "Prezes zarządu", "d.wilk", "+48 77 433 25 61"),
        ],
    },
    {
        "slug": "polikondens-brzeg",
        "name": "Polikondens Brzeg Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "medium",
        "nip": nip("747", 19),
        "regon": regon(19),
        "krs": "0000176540",
        "street": "ul. Fabryczna 3",
        "postcode": "49-300",
        "city": "Brzeg",
        "coordinates": (50.8553, 17.4820),
        "domain": "polikondens.pl",
        "phone": "+48 77 416 81 00",
        "description_pl": (
            "Producent żywic poliestrowych i alkidowych dla przemysłu farb i laminatów. "
            "Reaktory o pojemności od 2 do 20 metrów sześciennych."
        ),
        "description_en": (
            "Producer of polyester and alkyd resins for the paint and laminate industries. "
            "Reactors from 2 to 20 cubic metres."
        ),
        "offer_pl": "Żywice alkidowe, nienasycone żywice poliestrowe, polikondensacja na zlecenie.",
        "offer_en": "Alkyd resins, unsaturated polyester resins, contract polycondensation.",
        "certifications": "ISO 9001:2015, ISO 14001:2015, ISO 45001:2018",
        "competences": ["polymers", "polymerisation", "coatings", "toll-manufacturing"],
        "joined_on": "2015-11-05",
        "public_fields": PROFILE_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person("Jacek Zawadzki", "Dyrektor handlowy", "j.zawadzki", "+48 77 416 81 10"),
            Person("Sylwia Borkowska", "Technolog żywic", "s.borkowska", "+48 77 416 81 24"),
        ],
    },
    {
        "slug": "tlenex-gazy-techniczne",
        "name": "Tlenex Gazy Techniczne Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": nip("751", 20),
        "regon": regon(20),
        "krs": "0000885012",
        "street": "ul. Byczyńska 88",
        "postcode": "46-200",
        "city": "Kluczbork",
        "coordinates": (50.9641, 18.2099),
        "domain": "tlenex-gazy.pl",
        "phone": "+48 77 418 09 30",
        "description_pl": (
            "Rozlewnia i dystrybutor gazów technicznych i specjalnych w butlach i wiązkach. "
            "Przygotowuje mieszaniny wzorcowe dla laboratoriów."
        ),
        "description_en": (
            "Filling station and distributor of industrial and speciality gases in cylinders "
            "and bundles. Prepares calibration mixtures for laboratories."
        ),
        "offer_pl": (
            "Azot, argon, wodór i mieszaniny kalibracyjne, dostawy własnym transportem ADR."
        ),
        "offer_en": (
            "Nitrogen, argon, hydrogen and calibration mixtures, delivered by its own ADR fleet."
        ),
        "certifications": "ISO 9001:2015",
        "competences": ["gases", "hazmat-logistics", "safety"],
        "joined_on": "2021-03-15",
        "status": "suspended",
        "public_fields": SALES_FIELDS,
        "member_contact_fields": NAME_AND_FUNCTION,
        "contacts": [
            Person("Leszek Kołodziej", "Prezes zarządu", "l.kolodziej", "+48 77 418 09 31"),
        ],
    },
    {
        "slug": "rektyfikat-rozpuszczalniki",
        "name": "Rektyfikat Rozpuszczalniki Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": nip("199", 21),
        "regon": regon(21),
        "krs": "0000391876",
        "street": "ul. Górnicza 14",
        "postcode": "47-330",
        "city": "Zdzieszowice",
        "coordinates": (50.4213, 18.1302),
        "domain": "rektyfikat.pl",
        "phone": "+48 77 484 30 70",
        "description_pl": (
            "Odzyskuje rozpuszczalniki poprodukcyjne metodą rektyfikacji i zwraca je "
            "klientom w jakości technicznej lub wyższej."
        ),
        "description_en": (
            "Recovers spent solvents by rectification and returns them to customers in "
            "technical grade or better."
        ),
        "offer_pl": (
            "Regeneracja acetonu, alkoholi i węglowodorów aromatycznych, sprzedaż "
            "rozpuszczalników z odzysku, odbiór odpadów rozpuszczalnikowych."
        ),
        "offer_en": (
            "Regeneration of acetone, alcohols and aromatic hydrocarbons, sale of recovered "
            "solvents, collection of solvent waste."
        ),
        "certifications": "ISO 9001:2015, ISO 14001:2015",
        "competences": ["solvents", "distillation", "environment"],
        "joined_on": FOUNDED,
        "public_fields": ALL_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person("Adam Czerwiński", "Kierownik produkcji", "a.czerwinski", "+48 77 484 30 72"),
            Person(
                "Marta Lewandowska",
                "Specjalistka ds. sprzedaży",
                "m.lewandowska",
                "+48 77 484 30 75",
            ),
        ],
    },
    {
        "slug": "farmasynteza-prudnik",
        "name": "Farmasynteza Prudnik Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "medium",
        "nip": nip("755", 22),
        "regon": regon(22),
        "krs": "0000264981",
        "street": "ul. Nyska 41",
        "postcode": "48-200",
        "city": "Prudnik",
        "coordinates": (50.3259, 17.5655),
        "domain": "farmasynteza.pl",
        "phone": "+48 77 406 70 00",
        "description_pl": (
            "Wytwórca półproduktów farmaceutycznych i substancji czynnych w warunkach GMP. "
            "Prowadzi wieloetapowe syntezy w reaktorach emaliowanych i stalowych."
        ),
        "description_en": (
            "Manufacturer of pharmaceutical intermediates and active substances under GMP. "
            "Runs multi-step syntheses in glass-lined and stainless steel reactors."
        ),
        "offer_pl": (
            "Synteza na zlecenie od kilogramów do ton, krystalizacja i mikronizacja, "
            "dokumentacja dla rejestracji leków."
        ),
        "offer_en": (
            "Custom synthesis from kilograms to tonnes, crystallisation and micronisation, "
            "documentation for drug registration."
        ),
        "certifications": "GMP (certyfikat GIF), ISO 9001:2015, ISO 14001:2015",
        "equipment_pl": "Reaktory od 250 do 6300 litrów, suszarki próżniowe, młyn strumieniowy.",
        "equipment_en": "Reactors from 250 to 6,300 litres, vacuum dryers, a jet mill.",
        "competences": [
            "pharma-intermediates",
            "fine-chemicals",
            "crystallisation",
            "hydrogenation",
            "analytical-lab",
            "toll-manufacturing",
        ],
        "joined_on": "2016-10-10",
        "public_fields": PROFILE_FIELDS,
        "member_contact_fields": NO_PHONE,
        "contacts": [
            Person("Beata Kozłowska", "Dyrektor ds. jakości", "b.kozlowska", "+48 77 406 70 05"),
            Person(
                "Marcin Jankowski", "Kierownik rozwoju biznesu", "m.jankowski", "+48 77 406 70 18"
            ),
        ],
    },
    {
        "slug": "atexpert",
        "name": "Atexpert Bezpieczeństwo Procesowe Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "micro",
        "nip": nip("576", 23),
        "regon": regon(23),
        "krs": "0000952318",
        "street": "ul. Pieloka 11",
        "postcode": "46-300",
        "city": "Olesno",
        "coordinates": None,
        "domain": "atexpert.pl",
        "phone": "+48 34 358 14 90",
        "description_pl": (
            "Dwuosobowa firma ekspertów bezpieczeństwa procesowego. Ocenia ryzyko wybuchu "
            "i przygotowuje dokumentację zakładów Seveso."
        ),
        "description_en": (
            "A two-person firm of process safety experts. Assesses explosion risk and "
            "prepares the documents Seveso sites need."
        ),
        "offer_pl": (
            "Dokumenty zabezpieczenia przed wybuchem, analizy HAZOP, raporty o bezpieczeństwie."
        ),
        "offer_en": "Explosion protection documents, HAZOP studies, safety reports.",
        "competences": ["safety", "engineering", "training"],
        "joined_on": "2022-05-19",
        "public_fields": [],
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person(
                "Sebastian Wójtowicz",
                "Prezes zarządu, inspektor ATEX",
                "s.wojtowicz",
                "+48 34 358 14 91",
            ),
        ],
    },
    {
        "slug": "odzysk-chem-glubczyce",
        "name": "Odzysk-Chem Głubczyce Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": nip("748", 24),
        "regon": regon(24),
        "krs": "0000702144",
        "street": "ul. Kochanowskiego 4",
        "postcode": "48-100",
        "city": "Głubczyce",
        "coordinates": (50.1966, 17.8374),
        "domain": "odzysk-chem.pl",
        "phone": "+48 77 485 20 40",
        "description_pl": (
            "Zbiera i przetwarza odpady opakowaniowe po chemikaliach. Myje i naprawia "
            "paletopojemniki, a tworzywo z opakowań nienadających się do użytku kieruje do "
            "recyklingu."
        ),
        "description_en": (
            "Collects and processes chemical packaging waste. Cleans and repairs IBCs and "
            "sends the plastic of packaging beyond repair to recycling."
        ),
        "offer_pl": "Odbiór i mycie paletopojemników, sprzedaż opakowań regenerowanych.",
        "offer_en": "Collection and cleaning of IBCs, sale of reconditioned packaging.",
        "certifications": "ISO 14001:2015",
        "competences": ["environment", "hazmat-logistics", "solvents"],
        "joined_on": "2017-09-01",
        "public_fields": SALES_FIELDS,
        "member_contact_fields": NAME_AND_FUNCTION,
        "contacts": [
            Person("Tadeusz Sowa", "Prezes zarządu", "t.sowa", "+48 77 485 20 41"),
        ],
    },
    {
        "slug": "kedzierzynskie-sluzby-utrzymania-ruchu",
        "name": "Kędzierzyńskie Służby Utrzymania Ruchu S.A.",
        "kind": "enterprise",
        "size_class": "large",
        "nip": nip("749", 25),
        "regon": regon(25),
        "krs": "0000158732",
        "street": "ul. Wojska Polskiego 27",
        "postcode": "47-224",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3589, 18.2135),
        "domain": "ksur.pl",
        "phone": "+48 77 481 50 00",
        "description_pl": (
            "Firma remontowa zatrudniająca ponad 400 osób. Utrzymuje w ruchu instalacje "
            "zakładów chemicznych i prowadzi ich postoje remontowe."
        ),
        "description_en": (
            "Maintenance contractor with more than 400 staff. Keeps chemical plants running "
            "and carries out their turnarounds."
        ),
        "offer_pl": (
            "Remonty aparatury ciśnieniowej, prefabrykacja rurociągów, diagnostyka "
            "maszyn wirnikowych, obsługa postojów."
        ),
        "offer_en": (
            "Repair of pressure equipment, piping prefabrication, rotating machinery "
            "diagnostics, turnaround services."
        ),
        "certifications": "ISO 9001:2015, ISO 45001:2018, ISO 3834-2",
        "competences": ["engineering", "safety", "process-it"],
        "joined_on": FOUNDED,
        "public_fields": SALES_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person(
                "Roman Kwiatkowski", "Dyrektor ds. handlowych", "r.kwiatkowski", "+48 77 481 50 10"
            ),
            Person(
                "Anna Szewczyk",
                "Koordynatorka postojów remontowych",
                "a.szewczyk",
                "+48 77 481 50 33",
            ),
            Person("Kamil Urban", "Specjalista ds. przetargów", "k.urban", "+48 77 481 50 36"),
        ],
    },
    {
        "slug": "portowy-terminal-chemiczny-kozle",
        "name": "Portowy Terminal Chemiczny Koźle Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "medium",
        "nip": nip("749", 26),
        "regon": regon(26),
        "krs": "0000355089",
        "street": "ul. Portowa 2",
        "postcode": "47-200",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3349, 18.1656),
        "domain": "terminal-kozle.pl",
        "phone": "+48 77 482 70 00",
        "description_pl": (
            "Terminal magazynowy cieczy chemicznych przy porcie rzecznym, połączony z "
            "koleją i drogami. Przeładowuje i konfekcjonuje materiały niebezpieczne."
        ),
        "description_en": (
            "Storage terminal for liquid chemicals at the river port, linked to rail and "
            "road. Transfers and repacks hazardous materials."
        ),
        "offer_pl": (
            "Dzierżawa zbiorników ze stali nierdzewnej, przeładunki kolej–cysterna, "
            "rozlew do beczek i paletopojemników, doradca ADR/RID."
        ),
        "offer_en": (
            "Lease of stainless steel tanks, rail-to-road transfers, filling into drums and "
            "IBCs, ADR/RID safety adviser."
        ),
        "certifications": "ISO 9001:2015, SQAS",
        "competences": ["hazmat-logistics", "safety"],
        "joined_on": "2018-06-11",
        "public_fields": ALL_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person("Mirosław Wójcik", "Dyrektor terminalu", "m.wojcik", "+48 77 482 70 01"),
            Person(
                "Patrycja Kalinowska",
                "Kierownik obsługi klienta",
                "p.kalinowska",
                "+48 77 482 70 12",
            ),
        ],
    },
    {
        "slug": "zielone-estry",
        "name": "Zielone Estry Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": nip("749", 27),
        "regon": regon(27),
        "krs": "0001048377",
        "street": "ul. Lenartowicza 6",
        "postcode": "47-232",
        "city": "Kędzierzyn-Koźle",
        "coordinates": (50.3401, 18.1852),
        "domain": "zielone-estry.pl",
        "phone": "+48 77 480 44 20",
        "description_pl": (
            "Spółka założona przez absolwentów wydziału chemii, która wytwarza "
            "biodegradowalne plastyfikatory z kwasów tłuszczowych i gliceryny."
        ),
        "description_en": (
            "A company founded by chemistry graduates that makes biodegradable plasticisers "
            "from fatty acids and glycerine."
        ),
        "offer_pl": "Plastyfikatory biopochodne do tworzyw i kauczuków, partie próbne od 200 kg.",
        "offer_en": "Bio-based plasticisers for plastics and rubbers, trial batches from 200 kg.",
        "competences": ["plasticisers", "oleochemicals", "esterification", "scale-up"],
        "joined_on": "2024-02-01",
        "public_fields": ALL_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person("Oliwia Mróz", "Prezes zarządu", "o.mroz", "+48 77 480 44 21"),
            Person("Filip Sobczak", "Technolog", "f.sobczak", "+48 77 480 44 23"),
        ],
    },
    {
        "slug": "rektis-projekty-procesowe",
        "name": "Rektis Projekty Procesowe Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "medium",
        "nip": nip("631", 28),
        "regon": regon(28),
        "krs": "0000411902",
        "street": "ul. Bojkowska 35",
        "postcode": "44-100",
        "city": "Gliwice",
        "coordinates": (50.2960, 18.6382),
        "domain": "rektis-projekty.pl",
        "phone": "+48 32 230 18 00",
        "description_pl": (
            "Biuro projektowe instalacji chemicznych, od koncepcji technologicznej po "
            "projekt wykonawczy. Pracuje dla zakładów na Śląsku i Opolszczyźnie."
        ),
        "description_en": (
            "Design office for chemical plants, from the process concept to detailed "
            "engineering. Works for sites in Silesia and the Opole region."
        ),
        "offer_pl": (
            "Bilanse masowe i energetyczne, symulacje procesowe, projekty branżowe, "
            "nadzór nad budową instalacji pilotażowych."
        ),
        "offer_en": (
            "Mass and energy balances, process simulation, discipline engineering, "
            "supervision of pilot-plant construction."
        ),
        "certifications": "ISO 9001:2015",
        "competences": ["rnd", "engineering", "scale-up", "process-it", "distillation"],
        "joined_on": "2019-04-03",
        "public_fields": SALES_FIELDS,
        "member_contact_fields": NO_PHONE,
        "contacts": [
            Person(
                "Robert Głowacki", "Główny projektant technolog", "r.glowacki", "+48 32 230 18 05"
            ),
            Person("Weronika Sikorska", "Kierownik ofertowania", "w.sikorska", "+48 32 230 18 12"),
        ],
    },
    {
        "slug": "raciborskie-laboratorium-krystalizacji",
        "name": "Raciborskie Laboratorium Krystalizacji Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "nip": nip("639", 29),
        "regon": regon(29),
        "krs": "0001102456",
        "street": "ul. Rybnicka 62",
        "postcode": "47-400",
        "city": "Racibórz",
        "coordinates": (50.0987, 18.2311),
        "domain": "krystalizacja-raciborz.pl",
        "phone": "+48 32 415 60 90",
        "description_pl": (
            "Laboratorium badające formy polimorficzne i sole substancji czynnych. Opracowuje "
            "procesy krystalizacji do przeniesienia na skalę produkcyjną."
        ),
        "description_en": (
            "Laboratory studying polymorphs and salts of active substances. Develops "
            "crystallisation processes ready for transfer to production scale."
        ),
        "offer_pl": "Przesiewy polimorfów, badania XRPD i DSC, optymalizacja krystalizacji.",
        "offer_en": "Polymorph screening, XRPD and DSC studies, crystallisation optimisation.",
        "certifications": "ISO 9001:2015, PN-EN ISO/IEC 17025:2018",
        "equipment_pl": "Dyfraktometr proszkowy, kalorymetr DSC, równoległe krystalizatory 1–2 l.",
        "equipment_en": "Powder diffractometer, DSC calorimeter, parallel 1–2 l crystallisers.",
        "competences": [
            "crystallisation",
            "fine-chemicals",
            "pharma-intermediates",
            "analytical-lab",
        ],
        "joined_on": "2025-01-15",
        "public_fields": ALL_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person("Izabela Kurek", "Kierownik laboratorium", "i.kurek", "+48 32 415 60 91"),
        ],
    },
    {
        "slug": "nanokapsula",
        "name": "Nanokapsuła Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "micro",
        "nip": nip("899", 30),
        "regon": regon(30),
        "krs": "0000667305",
        "street": "ul. Wybrzeże Wyspiańskiego 40",
        "postcode": "50-370",
        "city": "Wrocław",
        "coordinates": None,
        "domain": "nanokapsula.pl",
        "phone": "+48 71 320 45 18",
        "description_pl": (
            "Spółka technologiczna rozwijająca mikrokapsułkowanie olejków i witamin dla "
            "przemysłu kosmetycznego."
        ),
        "description_en": (
            "Technology start-up developing the microencapsulation of oils and vitamins for "
            "the cosmetics industry."
        ),
        "offer_pl": "Mikrokapsuły polimerowe na zamówienie, badania stabilności uwalniania.",
        "offer_en": "Custom polymer microcapsules, release stability studies.",
        "competences": ["rnd", "cosmetics-ingredients", "polymers"],
        "joined_on": "2017-03-01",
        "status": "former",
        "left_on": "2021-06-30",
        "left_reason": "Przeniesienie działalności badawczej za granicę.",
        "public_fields": PROFILE_FIELDS,
        "member_contact_fields": NAME_AND_FUNCTION,
        "contacts": [
            Person("Julia Ziółkowska", "Założycielka", "j.ziolkowska", "+48 71 320 45 19"),
        ],
    },
    {
        "slug": "moravskoslezske-laboratore-katalyzy",
        "name": "Moravskoslezské laboratoře katalýzy s.r.o.",
        "kind": "enterprise",
        "size_class": "small",
        "country": "CZ",
        "vat_number": "CZ27349152",
        "street": "Mariánskohorská 84",
        "postcode": "702 00",
        "city": "Ostrava",
        "coordinates": None,
        "domain": "mslk-katalyza.cz",
        "mailbox": "info",
        "phone": "+420 596 612 340",
        "description_pl": (
            "Czeskie laboratorium badań katalizatorów z Ostrawy. Mierzy powierzchnię "
            "właściwą, porowatość i aktywność katalizatorów przemysłowych."
        ),
        "description_en": (
            "Czech catalyst testing laboratory in Ostrava. Measures the surface area, "
            "porosity and activity of industrial catalysts."
        ),
        "offer_pl": (
            "Badania BET i chemisorpcji, testy żywotności katalizatorów, wspólne projekty "
            "transgraniczne."
        ),
        "offer_en": (
            "BET and chemisorption analyses, catalyst lifetime tests, joint cross-border projects."
        ),
        "certifications": "ČSN EN ISO/IEC 17025:2018",
        "equipment_pl": "Analizatory sorpcji gazów, reaktory testowe wysokociśnieniowe.",
        "equipment_en": "Gas sorption analysers, high-pressure test reactors.",
        "competences": ["catalysts", "analytical-lab", "rnd"],
        "joined_on": "2019-11-20",
        "public_fields": ALL_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person(
                "Petra Dvořáková",
                "Vedoucí laboratoře (kierownik laboratorium)",
                "dvorakova",
                "+420 596 612 341",
                language="en",
            ),
        ],
    },
    {
        "slug": "mitteldeutsche-esterchemie",
        "name": "Mitteldeutsche Esterchemie GmbH",
        "kind": "enterprise",
        "size_class": "medium",
        "country": "DE",
        "vat_number": "DE284135960",
        "street": "Am Haupttor 12",
        "postcode": "06237",
        "city": "Leuna",
        "coordinates": None,
        "domain": "md-esterchemie.de",
        "mailbox": "vertrieb",
        "phone": "+49 3461 43 2870",
        "description_pl": (
            "Niemiecki producent estrów specjalnych ze Środkowych Niemiec. Szuka w klastrze "
            "dostawców alkoholi oksowych i partnerów do produkcji usługowej."
        ),
        "description_en": (
            "German producer of speciality esters in Central Germany. Looks to the cluster "
            "for suppliers of oxo alcohols and partners for toll manufacturing."
        ),
        "offer_pl": (
            "Estry kwasu adypinowego i trimelitowego, smary syntetyczne, estryfikacja na zlecenie."
        ),
        "offer_en": (
            "Adipate and trimellitate esters, synthetic lubricants, contract esterification."
        ),
        "certifications": "ISO 9001:2015, ISO 14001:2015, ISO 50001:2018",
        "competences": ["plasticisers", "esterification", "toll-manufacturing", "distillation"],
        "joined_on": "2022-09-08",
        "public_fields": SALES_FIELDS,
        "member_contact_fields": ALL_CONTACT_FIELDS,
        "contacts": [
            Person(
                "Katrin Vogel",
                "Leiterin Vertrieb Osteuropa (head of sales, Eastern Europe)",
                "k.vogel",
                "+49 3461 43 2875",
                language="en",
                role="admin",
            ),
            Person(
                "Jonas Richter",
                "Anwendungstechnik (application engineering)",
                "j.richter",
                "+49 3461 43 2881",
                language="en",
            ),
        ],
    },
    {
        "slug": "tatranske-aditiva",
        "name": "Tatranské aditíva s.r.o.",
        "kind": "enterprise",
        "size_class": "small",
        "country": "SK",
        "vat_number": "SK2023417308",
        "street": "Priemyselná 7",
        "postcode": "972 71",
        "city": "Nováky",
        "coordinates": None,
        "domain": "tatranske-aditiva.sk",
        "mailbox": "obchod",
        "phone": "+421 46 512 33 40",
        "description_pl": (
            "Słowacki producent dodatków do tworzyw: stabilizatorów termicznych i środków "
            "antystatycznych. Członek klastra od 2026 roku."
        ),
        "description_en": (
            "Slovak producer of plastics additives: heat stabilisers and antistatic agents. "
            "A cluster member since 2026."
        ),
        "offer_pl": (
            "Stabilizatory do PVC, koncentraty antystatyczne, receptury dopasowane do przetwórcy."
        ),
        "offer_en": (
            "PVC stabilisers, antistatic masterbatches, formulations matched to the converter."
        ),
        "certifications": "ISO 9001:2015",
        "competences": ["polymers", "fine-chemicals", "plasticisers"],
        "joined_on": "2026-03-02",
        "public_fields": PROFILE_FIELDS,
        "member_contact_fields": NO_PHONE,
        "contacts": [
            Person(
                "Martin Horváth",
                "Obchodný riaditeľ (sales director)",
                "horvath",
                "+421 46 512 33 41",
                language="en",
            ),
        ],
    },
]

# Roles a demo user holds in another firm than their own, as
# (firm slug, role, e-mail): a consultant keeps a client's profile current.
EXTRA_ROLES = [
    ("powlokon", "editor", "a.pawlak@regulis-reach.pl"),
]
