"""Rules for projects' data, shared by forms, serializers and services."""

import zipfile
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.forms import EU_COUNTRIES

# External partners come from anywhere the cluster cooperates with, not only
# the EU (member firms must be in the EU; partners need not).
PARTNER_COUNTRIES = [
    *EU_COUNTRIES,
    ("NO", gettext_lazy("Norway")),
    ("CH", gettext_lazy("Switzerland")),
    ("IS", gettext_lazy("Iceland")),
    ("GB", gettext_lazy("United Kingdom")),
    ("UA", gettext_lazy("Ukraine")),
    ("MD", gettext_lazy("Moldova")),
    ("RS", gettext_lazy("Serbia")),
    ("TR", gettext_lazy("Türkiye")),
    ("US", gettext_lazy("United States")),
    ("CA", gettext_lazy("Canada")),
    ("CN", gettext_lazy("China")),
    ("JP", gettext_lazy("Japan")),
    ("KR", gettext_lazy("South Korea")),
    ("IN", gettext_lazy("India")),
]


def validate_partner_country(value: str) -> None:
    if value not in dict(PARTNER_COUNTRIES):
        raise ValidationError(_("Choose a country from the list."), code="country")


# A project document may be at most this large. A constant, not a setting:
# the limit is part of what the cluster promises its members.
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024

# Files whose first bytes say they are PDF or images (checked in this order).
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
_ZIP_SIGNATURE = b"PK\x03\x04"
_OPEN_DOCUMENT_TYPES = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
}
_OFFICE_TYPES = (
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
)
# Text that a browser or a shell would treat as markup or a program.
_ACTIVE_TEXT_STARTS = ("<", "#!")
_ACTIVE_TEXT_MARKERS = ("<script", "<html", "<svg", "<!doctype", "<?xml", "<iframe", "<body")


class DocumentType(NamedTuple):
    content_type: str
    extension: str


def _refused():
    return ValidationError(
        _(
            "This type of file is not accepted. Upload a PDF, PNG or JPEG, a Word, Excel or "
            "OpenDocument file, or plain text or CSV."
        ),
        code="file_type",
    )


def _zip_document_type(upload) -> DocumentType:
    """DOCX, XLSX, ODT or ODS, from the names and the ``mimetype`` inside."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                if mimetype in _OPEN_DOCUMENT_TYPES:
                    return DocumentType(mimetype.decode(), _OPEN_DOCUMENT_TYPES[mimetype])
            if "[Content_Types].xml" in names:
                for prefix, content_type, extension in _OFFICE_TYPES:
                    if any(name.startswith(prefix) for name in names):
                        return DocumentType(content_type, extension)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError):
        pass
    raise _refused()


def _text_document_type(data: bytes, name: str) -> DocumentType:
    """Plain text or CSV: UTF-8 without control bytes and without markup."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused() from None
    if "\x00" in text:
        raise _refused()
    head = text.lstrip()[:1024].lower()
    if head.startswith(_ACTIVE_TEXT_STARTS) or any(m in text.lower() for m in _ACTIVE_TEXT_MARKERS):
        raise _refused()
    if name.lower().endswith(".csv"):
        return DocumentType("text/csv", ".csv")
    return DocumentType("text/plain", ".txt")


def check_document(upload) -> DocumentType:
    """The type of an uploaded document, judged by its content.

    The name's extension is ignored except to tell CSV from plain text:
    an HTML page called ``report.pdf`` is refused. Raises ``ValidationError``
    for an empty or oversized file or any type but PDF, PNG, JPEG, DOCX,
    XLSX, ODT, ODS, and UTF-8 text or CSV (without markup or a ``#!`` line).
    """
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_DOCUMENT_SIZE)},
            code="file_size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        for signature, content_type, extension in _SIGNATURES:
            if head.startswith(signature):
                return DocumentType(content_type, extension)
        if head.startswith(_ZIP_SIGNATURE):
            return _zip_document_type(upload)
        return _text_document_type(upload.read(), getattr(upload, "name", "") or "")
    finally:
        upload.seek(0)
