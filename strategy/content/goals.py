"""The strategy's goals as the 2013-2020 text names them (codes are ours).

Until the strategy model exists, the "about the cluster" page and the home
page's figures read these; the strategy issue turns them into seed data.
"""

from datetime import date

FOUNDED = date(2013, 8, 1)
FOUNDING_ENTITIES = 20

VISION_EN = (
    "A strong position of the cluster in specialty chemistry, as a group of "
    "dynamic, innovative firms; in time, a competence centre of strategic "
    "importance for Poland. The strategy follows the government's cluster "
    "policy, the Opole region's Regional Foresight 2020 and Regional "
    "Innovation Strategy, and looks to the EU chemical regions that have "
    "turned traditional chemistry into a diversified industry with high "
    "added value."
)

VISION_PL = (
    "Silna pozycja klastra w sektorze chemii specjalistycznej jako grupy "
    "prężnie działających, innowacyjnych firm, a w dalszej perspektywie – "
    "centrum kompetencji o strategicznym znaczeniu dla Polski. Strategia "
    "wpisuje się w rządową politykę klastrową, Foresight Regionalny 2020 i "
    "Regionalną Strategię Innowacji Województwa Opolskiego oraz czerpie z "
    "doświadczeń regionów chemicznych Unii Europejskiej, które przekształciły "
    "tradycyjną chemię w zdywersyfikowany przemysł o wysokiej wartości dodanej."
)

GOALS = [
    {
        "code": "G1",
        "title_pl": "Integracja członków klastra",
        "title_en": "Integration of members",
        "summary_pl": "Inicjatywy integracyjne dla obecnych uczestników klastra.",
        "summary_en": "Initiatives that bring the current members together.",
    },
    {
        "code": "G2",
        "title_pl": "Informacja dla potencjalnych członków",
        "title_en": "Information for prospective members",
        "summary_pl": "Działania informacyjne skierowane do potencjalnych uczestników.",
        "summary_en": "Information activities for firms that may join.",
    },
    {
        "code": "G3",
        "title_pl": "Rozpoznawalność w skali kraju",
        "title_en": "National recognition",
        "summary_pl": (
            "Klaster rozpoznawalny w kraju jako platforma współpracy firm chemii specjalistycznej."
        ),
        "summary_en": (
            "A cluster known nationally as the cooperation platform of specialty-chemistry firms."
        ),
    },
    {
        "code": "G4",
        "title_pl": "Strategiczne projekty rozwojowe",
        "title_en": "Strategic development projects",
        "summary_pl": (
            "Nowe obszary rynkowe, prace badawcze o charakterze "
            "przedkonkurencyjnym, wspólne rozwiązania techniczne i łączenie "
            "ofert firm w nowe produkty i usługi."
        ),
        "summary_en": (
            "New market areas, pre-competitive research, joint technical "
            "solutions, and combined offers of several firms as new products "
            "and services."
        ),
    },
    {
        "code": "G5",
        "title_pl": "Centrum kompetencji chemii specjalistycznej",
        "title_en": "Competence centre in specialty chemistry",
        "summary_pl": "Budowa centrum kompetencji na potencjale i wiedzy członków.",
        "summary_en": "A competence centre built on the members' potential and know-how.",
    },
    {
        "code": "G6",
        "title_pl": "Nowi partnerzy inwestycyjni",
        "title_en": "New investment partners",
        "summary_pl": ("Dynamika rozwoju klastra przyciąga nowych inwestorów na rynek lokalny."),
        "summary_en": "The cluster's momentum draws new investors to the local market.",
    },
]
