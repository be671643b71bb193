"""The information clause a guest sees when registering for an event.

A changed wording needs a new version: registrations record the version and
the SHA-256 of the text shown, so the coordinator can say what a person saw.
"""

import hashlib

GUEST_CLAUSE_VERSION = "2026-11"

GUEST_CLAUSE = {
    "pl": (
        "Administratorem Twoich danych (imię i nazwisko, adres e-mail, "
        "organizacja) jest Kędzierzyńsko-Kozielski Park Przemysłowy Sp. z o.o., "
        "koordynator klastra CHEM-STER. Wykorzystujemy je wyłącznie w celu "
        "przeprowadzenia tego wydarzenia (art. 6 ust. 1 lit. b RODO), a po jego "
        "zakończeniu anonimizujemy je w terminie podanym w polityce prywatności. "
        "Przysługuje Ci prawo dostępu do danych, ich sprostowania, usunięcia, "
        "ograniczenia przetwarzania, sprzeciwu oraz skargi do Prezesa UODO."
    ),
    "en": (
        "The controller of your data (name, e-mail address, organisation) is "
        "Kędzierzyńsko-Kozielski Park Przemysłowy Sp. z o.o., the coordinator of "
        "the CHEM-STER cluster. We use them only to run this event (Art. 6(1)(b) "
        "GDPR) and anonymise them after the event within the period stated in "
        "the privacy notice. You have the right to access, rectify and erase the "
        "data, to restrict processing, to object and to lodge a complaint with "
        "the President of the Personal Data Protection Office (UODO)."
    ),
}


def guest_clause(language: str) -> str:
    return GUEST_CLAUSE["en" if language == "en" else "pl"]


def clause_sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def guest_clause_text_for(version: str, sha256: str) -> str:
    """The wording a registration's clause hash stands for, if it is the
    current version's (older wordings are not kept in the code)."""
    if version != GUEST_CLAUSE_VERSION:
        return ""
    for text in GUEST_CLAUSE.values():
        if clause_sha256(text) == sha256:
            return text
    return ""
