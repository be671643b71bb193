"""The starting competence taxonomy of the cluster (bilingual), as the
cluster's domain notes list it; the coordinator maintains it from then on."""

from django.db import migrations

TAXONOMY = [
    (
        "products",
        "Obszary produktowe",
        "Product areas",
        [
            ("surfactants", "Środki powierzchniowo czynne i detergenty", "Surfactants and detergents"),
            ("polymers", "Polimery, żywice i dodatki do tworzyw", "Polymers, resins and plastics additives"),
            ("coatings", "Powłoki, farby i kleje", "Coatings, paints and adhesives"),
            ("agrochemicals", "Agrochemikalia i nawozy", "Agrochemicals and fertilisers"),
            ("oleochemicals", "Oleochemia i chemikalia biopochodne", "Oleochemicals and bio-based chemicals"),
            ("fine-chemicals", "Chemikalia specjalistyczne i półprodukty", "Fine chemicals and intermediates"),
            ("pharma-intermediates", "Półprodukty farmaceutyczne", "Pharmaceutical intermediates"),
            ("catalysts", "Katalizatory", "Catalysts"),
            ("plasticisers", "Plastyfikatory", "Plasticisers"),
            ("solvents", "Rozpuszczalniki", "Solvents"),
            ("gases", "Gazy techniczne", "Gases"),
            ("cosmetics-ingredients", "Surowce kosmetyczne", "Cosmetics ingredients"),
        ],
    ),
    (
        "processes",
        "Procesy",
        "Processes",
        [
            ("hydrogenation", "Uwodornienie", "Hydrogenation"),
            ("oxo-synthesis", "Synteza okso", "Oxo synthesis"),
            ("esterification", "Estryfikacja", "Esterification"),
            ("polymerisation", "Polimeryzacja", "Polymerisation"),
            ("distillation", "Destylacja i rektyfikacja", "Distillation and rectification"),
            ("extraction", "Ekstrakcja", "Extraction"),
            ("crystallisation", "Krystalizacja", "Crystallisation"),
            ("scale-up", "Powiększanie skali w instalacji pilotażowej", "Pilot-plant scale-up"),
            ("toll-manufacturing", "Produkcja kontraktowa (usługowa)", "Contract (toll) manufacturing"),
            ("hazmat-logistics", "Pakowanie i logistyka materiałów niebezpiecznych", "Packaging and logistics of hazardous materials"),
        ],
    ),
    (
        "services",
        "Usługi",
        "Services",
        [
            ("analytical-lab", "Laboratorium analityczne (akredytowane)", "Analytical laboratory (accredited)"),
            ("rnd", "Badania i rozwój, projektowanie procesów", "R&D and process design"),
            ("regulatory", "Rejestracje REACH/CLP i karty charakterystyki", "Regulatory (REACH/CLP registration, SDS)"),
            ("environment", "Ochrona środowiska i gospodarka odpadami", "Environmental and waste management"),
            ("safety", "Bezpieczeństwo procesowe (ATEX, Seveso)", "Safety (ATEX, Seveso)"),
            ("training", "Szkolenia i edukacja", "Training and education"),
            ("engineering", "Inżynieria i utrzymanie ruchu", "Engineering and maintenance"),
            ("process-it", "Informatyka dla przemysłu procesowego", "IT for process industry"),
        ],
    ),
]


def create_taxonomy(apps, schema_editor):
    CompetenceGroup = apps.get_model("members", "CompetenceGroup")
    Competence = apps.get_model("members", "Competence")
    for group_position, (code, name_pl, name_en, items) in enumerate(TAXONOMY):
        group, _created = CompetenceGroup.objects.get_or_create(
            code=code,
            defaults={"name_pl": name_pl, "name_en": name_en, "position": group_position},
        )
        for position, (item_code, item_pl, item_en) in enumerate(items):
            Competence.objects.get_or_create(
                code=item_code,
                defaults={
                    "group": group,
                    "name_pl": item_pl,
                    "name_en": item_en,
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0005_firms")]

    operations = [migrations.RunPython(create_taxonomy, migrations.RunPython.noop)]
