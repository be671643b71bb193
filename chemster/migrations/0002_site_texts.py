"""The site's own texts in their first version; the coordinator edits them
in the Django admin from then on."""

from django.db import migrations

TEXTS = {
    "contact": {
        "title_pl": "Kontakt",
        "title_en": "Contact",
        "summary_pl": (
            "Koordynator Klastra Chemii Specjalistycznej CHEM-STER\n"
            "Kędzierzyńsko-Kozielski Park Przemysłowy Sp. z o.o.\n"
            "ul. Szkolna 15, 47-225 Kędzierzyn-Koźle"
        ),
        "summary_en": (
            "Coordinator of the CHEM-STER Specialty Chemistry Cluster\n"
            "Kędzierzyńsko-Kozielski Park Przemysłowy Sp. z o.o.\n"
            "ul. Szkolna 15, 47-225 Kędzierzyn-Koźle, Poland"
        ),
        "body_pl": (
            "Biuro koordynatora klastra prowadzi Kędzierzyńsko-Kozielski Park "
            "Przemysłowy Sp. z o.o.\n\n"
            "**Adres:** ul. Szkolna 15, 47-225 Kędzierzyn-Koźle\n\n"
            "**E-mail:** [biuro@chemster.pl](mailto:biuro@chemster.pl)\n\n"
            "Biuro pracuje od poniedziałku do piątku w godzinach 8:00–16:00. "
            "Firmy zainteresowane członkostwem zapraszamy do złożenia "
            "deklaracji przystąpienia przez portal lub do kontaktu z biurem."
        ),
        "body_en": (
            "The cluster office is run by Kędzierzyńsko-Kozielski Park "
            "Przemysłowy Sp. z o.o. (the Kędzierzyn-Koźle Industrial Park).\n\n"
            "**Address:** ul. Szkolna 15, 47-225 Kędzierzyn-Koźle, Poland\n\n"
            "**E-mail:** [biuro@chemster.pl](mailto:biuro@chemster.pl)\n\n"
            "The office is open Monday to Friday, 8:00–16:00 (Polish time). "
            "Firms interested in membership are welcome to apply through the "
            "portal or to contact the office."
        ),
    },
    "privacy": {
        "title_pl": "Informacja o przetwarzaniu danych osobowych",
        "title_en": "Privacy notice",
        "body_pl": (
            "## Administrator danych\n\n"
            "Administratorem danych osobowych przetwarzanych w portalu jest "
            "Kędzierzyńsko-Kozielski Park Przemysłowy Sp. z o.o., ul. Szkolna 15, "
            "47-225 Kędzierzyn-Koźle, koordynator klastra CHEM-STER.\n\n"
            "## Cele i podstawy przetwarzania\n\n"
            "- obsługa członkostwa w klastrze, kont użytkowników, projektów i "
            "wydarzeń – art. 6 ust. 1 lit. b i f RODO;\n"
            "- wysyłka newslettera – wyłącznie na podstawie zgody (art. 6 ust. 1 "
            "lit. a RODO), którą można wycofać w każdej chwili;\n"
            "- wypełnianie obowiązków prawnych, np. rachunkowych – art. 6 ust. 1 "
            "lit. c RODO.\n\n"
            "## Okres przechowywania\n\n"
            "Dane przechowujemy przez czas członkostwa firmy w klastrze, a "
            "następnie przez okres wymagany przepisami lub do przedawnienia "
            "roszczeń. Dane osób zapisanych na newsletter – do wycofania zgody.\n\n"
            "## Prawa osób\n\n"
            "Przysługuje Pani/Panu prawo dostępu do danych, ich sprostowania, "
            "usunięcia, ograniczenia przetwarzania, przenoszenia, sprzeciwu oraz "
            "skargi do Prezesa Urzędu Ochrony Danych Osobowych."
        ),
        "body_en": (
            "## Controller\n\n"
            "The controller of the personal data processed in the portal is "
            "Kędzierzyńsko-Kozielski Park Przemysłowy Sp. z o.o., ul. Szkolna 15, "
            "47-225 Kędzierzyn-Koźle, Poland, the coordinator of the CHEM-STER "
            "cluster.\n\n"
            "## Purposes and legal bases\n\n"
            "- membership of the cluster, user accounts, projects and events – "
            "Art. 6(1)(b) and (f) GDPR;\n"
            "- the newsletter – only with consent (Art. 6(1)(a) GDPR), which "
            "can be withdrawn at any time;\n"
            "- legal obligations such as accounting – Art. 6(1)(c) GDPR.\n\n"
            "## Retention\n\n"
            "Data are kept while the firm is a member of the cluster, then for "
            "as long as the law requires or until claims expire. Newsletter "
            "subscribers' data are kept until consent is withdrawn.\n\n"
            "## Your rights\n\n"
            "You have the right to access, rectify and erase your data, to "
            "restrict processing, to data portability, to object, and to lodge "
            "a complaint with the President of the Personal Data Protection "
            "Office (UODO)."
        ),
    },
    "cookies": {
        "title_pl": "Pliki cookie",
        "title_en": "Cookie statement",
        "body_pl": (
            "Portal używa wyłącznie plików cookie niezbędnych do działania, "
            "dlatego nie prosi o zgodę:\n\n"
            "- `sessionid` – utrzymuje zalogowanie; usuwany po wylogowaniu lub "
            "po dwóch tygodniach;\n"
            "- `csrftoken` – chroni formularze przed podszyciem; do roku.\n\n"
            "Wybrany język jest częścią adresu strony (/pl/, /en/), więc nie "
            "wymaga pliku cookie.\n\n"
            "Nie używamy cookie analitycznych, reklamowych ani plików stron "
            "trzecich. Portal nie ładuje zasobów z innych serwerów."
        ),
        "body_en": (
            "The portal uses only the cookies it needs to work, so it does not "
            "ask for consent:\n\n"
            "- `sessionid` keeps you logged in; removed at logout or after two "
            "weeks;\n"
            "- `csrftoken` protects forms against forgery; up to a year.\n\n"
            "The language you chose is part of the page's address (/pl/, /en/), "
            "so it needs no cookie.\n\n"
            "There are no analytics, advertising or third-party cookies. The "
            "portal loads nothing from other servers."
        ),
    },
    "accessibility": {
        "title_pl": "Deklaracja dostępności",
        "title_en": "Accessibility statement",
        "body_pl": (
            "Koordynator klastra CHEM-STER zobowiązuje się zapewnić dostępność "
            "portalu zgodnie z ustawą z dnia 4 kwietnia 2019 r. o dostępności "
            "cyfrowej stron internetowych i aplikacji mobilnych podmiotów "
            "publicznych oraz standardem WCAG 2.1 na poziomie AA.\n\n"
            "## Stan dostępności\n\n"
            "Portal jest zgodny z WCAG 2.1 AA: ma semantyczną strukturę, "
            "etykiety wszystkich pól, obsługę z klawiatury, widoczny fokus i "
            "wystarczający kontrast. Każda strona jest sprawdzana "
            "automatycznie narzędziem axe-core.\n\n"
            "## Informacje zwrotne\n\n"
            "Problemy z dostępnością prosimy zgłaszać na adres "
            "[biuro@chemster.pl](mailto:biuro@chemster.pl). Odpowiadamy w ciągu "
            "7 dni."
        ),
        "body_en": (
            "The coordinator of the CHEM-STER cluster is committed to making "
            "the portal accessible in line with the Polish Act of 4 April 2019 "
            "on digital accessibility and WCAG 2.1 level AA.\n\n"
            "## Compliance\n\n"
            "The portal conforms to WCAG 2.1 AA: semantic structure, labels on "
            "every field, full keyboard use, visible focus and sufficient "
            "contrast. Every page is checked automatically with axe-core.\n\n"
            "## Feedback\n\n"
            "Please report accessibility problems to "
            "[biuro@chemster.pl](mailto:biuro@chemster.pl). We answer within "
            "7 days."
        ),
    },
}


def create_texts(apps, schema_editor):
    SiteText = apps.get_model("chemster", "SiteText")
    for key, fields in TEXTS.items():
        SiteText.objects.get_or_create(key=key, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("chemster", "0001_initial")]

    operations = [migrations.RunPython(create_texts, migrations.RunPython.noop)]
