"""Texts the members app shows that the law asks to keep by version."""

INFORMATION_CLAUSE_VERSION = "2026-11"

INFORMATION_CLAUSE = {
    "pl": (
        "Administratorem danych osobowych podanych w deklaracji jest "
        "Kędzierzyńsko-Kozielski Park Przemysłowy Sp. z o.o., ul. Szkolna 15, "
        "47-225 Kędzierzyn-Koźle, koordynator klastra CHEM-STER. Dane "
        "przetwarzamy w celu rozpatrzenia deklaracji i obsługi członkostwa "
        "(art. 6 ust. 1 lit. b i f RODO), przez czas członkostwa, a w razie "
        "odmowy – przez rok od decyzji. Przysługuje Pani/Panu prawo dostępu do "
        "danych, ich sprostowania, usunięcia, ograniczenia przetwarzania, "
        "sprzeciwu i przenoszenia oraz skargi do Prezesa UODO. Podanie danych "
        "jest dobrowolne, lecz niezbędne do rozpatrzenia deklaracji."
    ),
    "en": (
        "The controller of the personal data given in this application is "
        "Kędzierzyńsko-Kozielski Park Przemysłowy Sp. z o.o., ul. Szkolna 15, "
        "47-225 Kędzierzyn-Koźle, Poland, the coordinator of the CHEM-STER "
        "cluster. The data are processed to decide on the application and to "
        "run the membership (Art. 6(1)(b) and (f) GDPR), for the duration of "
        "the membership or, if the application is declined, for one year after "
        "the decision. You have the right to access, rectify and erase the "
        "data, to restrict processing, to object, to data portability and to "
        "lodge a complaint with the President of the Personal Data Protection "
        "Office (UODO). Giving the data is voluntary but needed to decide on "
        "the application."
    ),
}

NEWSLETTER_CONSENT = {
    "pl": (
        "Zgadzam się na otrzymywanie newslettera klastra CHEM-STER na podany "
        "adres e-mail. Zgodę mogę wycofać w każdej chwili."
    ),
    "en": (
        "I agree to receive the CHEM-STER cluster newsletter at the address "
        "given. I can withdraw this consent at any time."
    ),
}
