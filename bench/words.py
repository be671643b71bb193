"""Word lists of the scale data generator (``bench.generate``).

Every firm, person and domain built from them is invented; towns, postcodes,
tax office prefixes and telephone area codes are real, as in
``members.demo_data``. Polish phrases are chosen so that they fit the
generator's sentences without declension (plural nouns, whose accusative
equals the nominative; genitive adjectives after "dla branży").

No word here may begin with ``bench.generate.SELECTIVE_TERM`` or
``COMMON_TERM`` (the tests check): the search matches prefixes.
"""

from typing import NamedTuple


class Town(NamedTuple):
    name: str
    locative: str  # "w Opolu": school and office names
    postcodes: tuple[str, ...]  # leading digits of the town's postcodes
    latitude: float
    longitude: float
    area_code: str
    tax_office: str  # the first three digits of NIPs issued there
    weight: int  # how many firms, relatively


TOWNS = [
    Town("Warszawa", "w Warszawie", ("00-", "01-", "02-", "04-"), 52.23, 21.01, "22", "525", 12),
    Town("Kraków", "w Krakowie", ("30-", "31-"), 50.06, 19.94, "12", "676", 7),
    Town("Łódź", "w Łodzi", ("90-", "91-", "93-", "94-"), 51.76, 19.46, "42", "725", 5),
    Town("Wrocław", "we Wrocławiu", ("50-", "51-", "53-", "54-"), 51.11, 17.04, "71", "899", 7),
    Town("Poznań", "w Poznaniu", ("60-", "61-"), 52.41, 16.93, "61", "779", 6),
    Town("Gdańsk", "w Gdańsku", ("80-",), 54.35, 18.65, "58", "583", 4),
    Town("Szczecin", "w Szczecinie", ("70-", "71-"), 53.43, 14.55, "91", "851", 3),
    Town("Bydgoszcz", "w Bydgoszczy", ("85-",), 53.12, 18.01, "52", "554", 3),
    Town("Lublin", "w Lublinie", ("20-",), 51.25, 22.57, "81", "946", 3),
    Town("Katowice", "w Katowicach", ("40-",), 50.26, 19.02, "32", "634", 5),
    Town("Gliwice", "w Gliwicach", ("44-1",), 50.29, 18.67, "32", "631", 3),
    Town("Opole", "w Opolu", ("45-",), 50.68, 17.92, "77", "754", 5),
    Town("Kędzierzyn-Koźle", "w Kędzierzynie-Koźlu", ("47-2",), 50.35, 18.23, "77", "749", 6),
    Town("Puławy", "w Puławach", ("24-10",), 51.42, 21.97, "81", "716", 2),
    Town("Tarnów", "w Tarnowie", ("33-10",), 50.01, 20.99, "14", "873", 2),
    Town("Police", "w Policach", ("72-01",), 53.55, 14.57, "91", "851", 1),
    Town("Płock", "w Płocku", ("09-40",), 52.55, 19.71, "24", "774", 2),
    Town("Włocławek", "we Włocławku", ("87-80",), 52.65, 19.07, "54", "888", 1),
    Town("Oświęcim", "w Oświęcimiu", ("32-60",), 50.04, 19.22, "33", "549", 1),
    Town("Nowa Sarzyna", "w Nowej Sarzynie", ("37-31",), 50.34, 22.34, "17", "816", 1),
    Town("Toruń", "w Toruniu", ("87-10",), 53.01, 18.60, "56", "879", 2),
    Town("Rzeszów", "w Rzeszowie", ("35-",), 50.04, 22.00, "17", "813", 2),
    Town("Kielce", "w Kielcach", ("25-",), 50.87, 20.63, "41", "657", 2),
    Town("Białystok", "w Białymstoku", ("15-",), 53.13, 23.16, "85", "542", 2),
    Town("Olsztyn", "w Olsztynie", ("10-",), 53.78, 20.49, "89", "739", 1),
    Town("Zielona Góra", "w Zielonej Górze", ("65-",), 51.94, 15.51, "68", "929", 1),
    Town("Racibórz", "w Raciborzu", ("47-40",), 50.09, 18.22, "32", "639", 1),
    Town("Brzeg Dolny", "w Brzegu Dolnym", ("56-12",), 51.27, 16.72, "71", "988", 1),
    Town("Jasło", "w Jaśle", ("38-20",), 49.75, 21.47, "13", "685", 1),
    Town("Częstochowa", "w Częstochowie", ("42-2",), 50.81, 19.12, "34", "573", 2),
    Town("Radom", "w Radomiu", ("26-6",), 51.40, 21.15, "48", "796", 1),
    Town("Bielsko-Biała", "w Bielsku-Białej", ("43-3",), 49.82, 19.04, "33", "547", 2),
    Town("Nysa", "w Nysie", ("48-30",), 50.47, 17.33, "77", "753", 1),
    Town("Strzelce Opolskie", "w Strzelcach Opolskich", ("47-10",), 50.51, 18.30, "77", "756", 1),
    Town("Krapkowice", "w Krapkowicach", ("47-30",), 50.48, 17.97, "77", "199", 1),
    Town("Zdzieszowice", "w Zdzieszowicach", ("47-33",), 50.42, 18.12, "77", "199", 1),
    Town("Pszczyna", "w Pszczynie", ("43-20",), 49.98, 18.95, "32", "638", 1),
    Town("Inowrocław", "w Inowrocławiu", ("88-10",), 52.80, 18.26, "52", "556", 1),
    Town("Konin", "w Koninie", ("62-50",), 52.22, 18.25, "63", "665", 1),
]  # fmt: skip

REGION_ADJECTIVES = [
    "Opolskie", "Śląskie", "Nadodrzańskie", "Mazowieckie", "Wielkopolskie", "Pomorskie",
    "Małopolskie", "Kujawskie", "Podkarpackie", "Lubuskie", "Dolnośląskie", "Świętokrzyskie",
    "Warmińskie", "Podlaskie", "Łódzkie", "Zachodniopomorskie", "Nadwiślańskie", "Bałtyckie",
]  # fmt: skip
UNIVERSITY_ADJECTIVES = [
    "Opolska", "Śląska", "Wrocławska", "Gdańska", "Warszawska", "Krakowska", "Łódzka",
    "Poznańska", "Lubelska", "Rzeszowska", "Białostocka", "Świętokrzyska", "Koszalińska",
]  # fmt: skip
PRODUCT_GENITIVES = [
    "Żywic", "Klejów", "Farb", "Tworzyw", "Nawozów", "Pigmentów", "Barwników",
    "Katalizatorów", "Rozpuszczalników", "Silikonów", "Surfaktantów", "Estrów", "Polimerów",
    "Lakierów", "Emulsji", "Sorbentów", "Smarów", "Wosków", "Aromatów", "Detergentów",
]  # fmt: skip
BRAND_HEADS = [
    "Poli", "Chemo", "Eko", "Agro", "Bio", "Termo", "Hydro", "Petro", "Synte", "Kata",
    "Lumi", "Orga", "Nova", "Aqua", "Ferro", "Silko", "Plasto", "Kolo", "Elek", "Vita",
]  # fmt: skip
BRAND_TAILS = ["chem", "sol", "plast", "lab", "tech", "syn", "mer", "kol", "pol", "vit", "tex",
               "lit", "gaz", "fin"]  # fmt: skip
BRAND_DESCRIPTIONS = [
    "Chemia Specjalistyczna", "Technologie Chemiczne", "Laboratorium", "Polimery", "Kompozyty",
    "Zakład Chemiczny", "Chemia Przemysłowa", "Surowce", "Powłoki", "Materiały",
]  # fmt: skip
RESEARCH_FIELDS = [
    "Chemii Organicznej", "Technologii Polimerów", "Ciężkiej Syntezy Organicznej",
    "Nawozów Sztucznych", "Materiałów Kompozytowych", "Chemii Stosowanej",
    "Katalizy i Fizykochemii Powierzchni", "Inżynierii Materiałowej", "Chemii Przemysłowej",
    "Biotechnologii Przemysłowej", "Farb i Tworzyw", "Technologii Nafty",
]  # fmt: skip
SUPPORT_NAMES = [
    "Fundacja Rozwoju Przedsiębiorczości", "Park Naukowo-Technologiczny",
    "Agencja Rozwoju Regionalnego", "Izba Gospodarcza Przemysłu Chemicznego",
    "Centrum Transferu Technologii", "Inkubator Technologiczny", "Stowarzyszenie Chemików",
]  # fmt: skip
PUBLIC_NAMES = [
    "Urząd Miasta", "Starostwo Powiatowe", "Urząd Gminy", "Wojewódzki Fundusz Ochrony Środowiska",
    "Specjalna Strefa Ekonomiczna",
]  # fmt: skip
SCHOOL_NAMES = [
    "Technikum Chemiczne nr {n}", "Zespół Szkół Chemicznych nr {n}",
    "Branżowa Szkoła I Stopnia nr {n}", "Centrum Kształcenia Zawodowego nr {n}",
]  # fmt: skip
STREETS = [
    "Przemysłowa", "Chemików", "Fabryczna", "Mostowa", "Kościuszki", "Portowa", "Szkolna",
    "Polna", "Lipowa", "Energetyków", "Technologiczna", "Kwiatkowskiego", "Składowa",
    "Wojska Polskiego", "Syntezy", "Azotowa", "Zielona", "Ogrodowa", "Długa", "Krótka",
]  # fmt: skip

# Plural nouns, so that the accusative equals the nominative in Polish.
PRODUCTS = [
    ("żywice epoksydowe", "epoxy resins"),
    ("kleje poliuretanowe", "polyurethane adhesives"),
    ("farby proszkowe", "powder coatings"),
    ("środki powierzchniowo czynne", "surfactants"),
    ("plastyfikatory bezftalanowe", "phthalate-free plasticisers"),
    ("rozpuszczalniki organiczne", "organic solvents"),
    ("katalizatory niklowe", "nickel catalysts"),
    ("nawozy azotowe", "nitrogen fertilisers"),
    ("pigmenty nieorganiczne", "inorganic pigments"),
    ("barwniki reaktywne", "reactive dyes"),
    ("estry kwasów tłuszczowych", "fatty acid esters"),
    ("silikony techniczne", "technical silicones"),
    ("środki ochrony roślin", "crop protection products"),
    ("półprodukty farmaceutyczne", "pharmaceutical intermediates"),
    ("dodatki do tworzyw", "plastics additives"),
    ("emulgatory", "emulsifiers"),
    ("inhibitory korozji", "corrosion inhibitors"),
    ("oleje smarowe", "lubricating oils"),
    ("domieszki do betonu", "concrete admixtures"),
    ("sorbenty mineralne", "mineral sorbents"),
    ("węgle aktywne", "activated carbons"),
    ("aminy alifatyczne", "aliphatic amines"),
    ("alkohole okso", "oxo alcohols"),
    ("kwasy organiczne", "organic acids"),
    ("polimery biodegradowalne", "biodegradable polymers"),
    ("woski syntetyczne", "synthetic waxes"),
    ("środki myjące", "cleaning agents"),
    ("gazy techniczne", "technical gases"),
    ("kompozycje zapachowe", "fragrance compositions"),
    ("żywice poliestrowe", "polyester resins"),
]
# Genitive adjectives: "dla branży motoryzacyjnej".
INDUSTRIES = [
    ("motoryzacyjnej", "automotive"),
    ("budowlanej", "construction"),
    ("kosmetycznej", "cosmetics"),
    ("farmaceutycznej", "pharmaceutical"),
    ("spożywczej", "food"),
    ("rolniczej", "agricultural"),
    ("tekstylnej", "textile"),
    ("opakowaniowej", "packaging"),
    ("meblarskiej", "furniture"),
    ("energetycznej", "energy"),
    ("górniczej", "mining"),
    ("elektronicznej", "electronics"),
]
# Accusative: "prowadzimy estryfikację".
PROCESSES = [
    ("syntezę organiczną", "organic synthesis"),
    ("estryfikację", "esterification"),
    ("uwodornienie", "hydrogenation"),
    ("polimeryzację emulsyjną", "emulsion polymerisation"),
    ("destylację próżniową", "vacuum distillation"),
    ("krystalizację", "crystallisation"),
    ("mieszanie i konfekcjonowanie", "blending and packaging"),
    ("granulację", "granulation"),
    ("suszenie rozpyłowe", "spray drying"),
    ("ekstrakcję nadkrytyczną", "supercritical extraction"),
    ("sulfonowanie", "sulphonation"),
    ("etoksylację", "ethoxylation"),
]
SERVICES = [
    ("produkcję usługową według receptury klienta", "toll manufacturing to the customer's recipe"),
    ("analizy fizykochemiczne", "physico-chemical analyses"),
    ("doradztwo technologiczne", "technology consulting"),
    ("próby w skali pilotażowej", "pilot-scale trials"),
    ("szkolenia dla personelu", "staff training"),
    ("rejestracje REACH i karty charakterystyki", "REACH registrations and safety data sheets"),
    ("projektowanie receptur", "formulation design"),
]
PACKAGING = [
    ("beczkach i paletopojemnikach", "drums and IBCs"),
    ("workach big-bag", "big bags"),
    ("cysternach", "road tankers"),
    ("opakowaniach jednostkowych", "retail packs"),
]
EXTRA_SENTENCES = [
    ("Posiadamy własne laboratorium kontroli jakości.", "We run our own quality-control lab."),
    ("Eksportujemy do kilkunastu krajów Europy.", "We export to more than ten countries."),
    ("Zakład pracuje w ruchu ciągłym.", "The plant runs around the clock."),
    ("Współpracujemy z uczelniami przy projektach badawczych.",
     "We work with universities on research projects."),
    ("Przygotowujemy próbki i dokumentację techniczną w ciągu tygodnia.",
     "Samples and technical documents are ready within a week."),
    ("Inwestujemy w ograniczenie emisji i zużycia energii.",
     "We invest in lower emissions and energy use."),
]  # fmt: skip
DESCRIPTIONS_BY_KIND = {
    "research": (
        "Instytut badawczy. Prowadzimy badania w obszarach: {p1}, {p2}; od syntezy w skali "
        "laboratoryjnej po próby pilotażowe.",
        "Research institute working on {p1} and {p2}, from laboratory synthesis to pilot trials.",
    ),
    "university": (
        "Wydział chemiczny uczelni. Zespoły badawcze zajmują się tematami: {p1}, {p2}; "
        "kształcimy inżynierów technologii chemicznej.",
        "The university's chemistry faculty: research teams work on {p1} and {p2}; we train "
        "chemical engineers.",
    ),
    "school": (
        "Kształcimy techników analityków i technologów chemicznych; uczniowie odbywają "
        "praktyki w firmach klastra.",
        "We train laboratory and chemical process technicians, with placements in the "
        "cluster's firms.",
    ),
    "support": (
        "Wspieramy firmy chemiczne w pozyskiwaniu finansowania, eksporcie i współpracy z nauką.",
        "We help chemical firms with funding, exports and cooperation with research.",
    ),
    "public": (
        "Samorząd rozwija tereny inwestycyjne dla przemysłu chemicznego i wspiera współpracę "
        "szkół z pracodawcami.",
        "The local authority develops industrial sites for the chemical industry and links "
        "schools with employers.",
    ),
}
CERTIFICATES = ["ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018", "ISO 50001:2018",
                "PN-EN ISO/IEC 17025:2018", "GMP", "Responsible Care", "ISCC PLUS"]  # fmt: skip
EQUIPMENT = [
    ("reaktory ciśnieniowe", "pressure reactors"),
    ("chromatografy GC-MS i HPLC", "GC-MS and HPLC chromatographs"),
    ("kolumny rektyfikacyjne", "rectification columns"),
    ("suszarnie rozpyłowe", "spray dryers"),
    ("instalacja pilotażowa", "a pilot plant"),
    ("spektrometr ICP-OES", "an ICP-OES spectrometer"),
    ("komora klimatyczna", "a climate chamber"),
    ("wytłaczarka dwuślimakowa", "a twin-screw extruder"),
]
MEN = ["Adam", "Andrzej", "Bartosz", "Damian", "Dariusz", "Grzegorz", "Jakub", "Jan", "Kamil",
       "Krzysztof", "Łukasz", "Marcin", "Marek", "Michał", "Paweł", "Piotr", "Rafał", "Robert",
       "Tomasz", "Wojciech"]  # fmt: skip
WOMEN = ["Agnieszka", "Aleksandra", "Anna", "Barbara", "Beata", "Ewa", "Iwona", "Joanna",
         "Justyna", "Karolina", "Katarzyna", "Magdalena", "Małgorzata", "Marta", "Monika",
         "Natalia", "Paulina", "Sylwia", "Urszula", "Zofia"]  # fmt: skip
SURNAMES = [
    ("Kowalski", "Kowalska"), ("Nowak", "Nowak"), ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"), ("Mazur", "Mazur"), ("Krawczyk", "Krawczyk"),
    ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"), ("Pawlak", "Pawlak"),
    ("Michalski", "Michalska"), ("Król", "Król"), ("Wieczorek", "Wieczorek"),
    ("Jabłoński", "Jabłońska"), ("Wróbel", "Wróbel"), ("Majewski", "Majewska"),
    ("Olszewski", "Olszewska"), ("Stępień", "Stępień"), ("Malinowski", "Malinowska"),
    ("Dudek", "Dudek"), ("Górski", "Górska"), ("Sikora", "Sikora"), ("Walczak", "Walczak"),
    ("Baran", "Baran"), ("Rutkowski", "Rutkowska"), ("Michalak", "Michalak"),
]  # fmt: skip
FUNCTIONS = ["Prezes zarządu", "Dyrektor handlowy", "Kierownik laboratorium",
             "Specjalista ds. marketingu", "Kierownik produkcji", "Dyrektor ds. rozwoju",
             "Technolog", "Specjalista ds. zakupów", "Kierownik jakości", "Asystentka zarządu",
             "Główny inżynier", "Specjalista ds. REACH"]  # fmt: skip
MAILBOXES = ["biuro", "kontakt", "sekretariat", "info", "office"]
SUBSCRIBER_DOMAINS = ["poczta-demo.pl", "skrzynka-demo.pl", "mail-demo.eu", "post-demo.com"]
# Documentation address ranges (RFC 5737): never a real visitor's address.
IP_PREFIXES = ["192.0.2.", "198.51.100.", "203.0.113."]

PROJECT_TOPICS = [
    ("Wspólne badania", "Joint research"),
    ("Nowe zastosowania", "New applications"),
    ("Obniżenie emisji", "Lower emissions"),
    ("Recykling chemiczny", "Chemical recycling"),
    ("Skalowanie procesu", "Process scale-up"),
    ("Wspólna oferta eksportowa", "Joint export offer"),
]
EVENT_TITLES = {
    "integration": ("Spotkanie integracyjne członków klastra", "Integration meeting of members"),
    "info": (
        "Dzień otwarty dla firm zainteresowanych członkostwem",
        "Open day for firms that may join",
    ),
    "workshop": ("Warsztaty: {p}", "Workshop: {p}"),
    "conference": ("Konferencja branżowa: {p}", "Industry conference: {p}"),
    "mission": ("Misja gospodarcza do Niemiec i Czech", "Trade mission to Germany and Czechia"),
    "webinar": ("Webinar: {p} w praktyce", "Webinar: {p} in practice"),
}
VENUES = [
    ("Centrum Konferencyjne Instytutu", "ul. Chemików 16, 47-225 Kędzierzyn-Koźle"),
    ("Park Naukowo-Technologiczny", "ul. Technologiczna 2, 45-839 Opole"),
    ("Hotel Centrum", "ul. Kościuszki 10, 40-049 Katowice"),
    ("Politechnika, aula główna", "ul. Prószkowska 76, 45-758 Opole"),
]
