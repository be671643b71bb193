"""Rules for projects' data, shared by forms, serializers and services."""

import zipfile
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chemster.lib import uploads
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


# Files whose first bytes say they are PDF or images (checked in this order).
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
_IMAGE_FORMATS = {"image/png": ("PNG",), "image/jpeg": ("JPEG",)}
_OPEN_DOCUMENT_TYPES = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
}
_OFFICE_TYPES = (
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
)
# Macros: an Office file with a VBA project, an OpenDocument file with Basic
# or script parts. The portal's documents are for reading, not running.
_MACRO_FILE = "vbaproject.bin"
_MACRO_FOLDERS = ("basic/", "scripts/")
# A mimetype entry is a short line; anything longer is not an OpenDocument.
_MIMETYPE_MAX_BYTES = 100
# Text that a browser or a shell would treat as markup or a program.
_ACTIVE_TEXT_STARTS = ("<", "#!")
_ACTIVE_TEXT_MARKERS = ("<script", "<html", "<svg", "<!doctype", "<?xml", "<iframe", "<body")
# The names each type may carry, and what the uploader is told it is.
_EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {".ods"},
    "text/csv": {".csv"},
    "text/plain": {".txt", ".text"},
}
_KINDS = {
    "application/pdf": gettext_lazy("a PDF document"),
    "image/png": gettext_lazy("a PNG image"),
    "image/jpeg": gettext_lazy("a JPEG image"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": gettext_lazy(
        "a Word document (DOCX)"
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": gettext_lazy(
        "an Excel workbook (XLSX)"
    ),
    "application/vnd.oasis.opendocument.text": gettext_lazy("an OpenDocument text (ODT)"),
    "application/vnd.oasis.opendocument.spreadsheet": gettext_lazy(
        "an OpenDocument spreadsheet (ODS)"
    ),
    "text/csv": gettext_lazy("plain text"),
    "text/plain": gettext_lazy("plain text"),
}


class DocumentType(NamedTuple):
    content_type: str
    extension: str


def max_document_bytes() -> int:
    """The largest project document (``UPLOAD_MAX_DOCUMENT_BYTES``)."""
    return settings.UPLOAD_MAX_DOCUMENT_BYTES


def _refused():
    return ValidationError(
        _(
            "This type of file is not accepted. Upload a PDF, PNG or JPEG, a Word, Excel or "
            "OpenDocument file, or plain text or CSV."
        ),
        code="file_type",
    )


def _damaged_image():
    return ValidationError(
        _("The image is damaged or incomplete. Save it again and upload it."),
        code="damaged",
    )


def _zip_document_type(upload) -> DocumentType:
    """DOCX, XLSX, ODT or ODS, from the names and the ``mimetype`` inside;
    archives that unpack too large or carry macros are refused."""
    with uploads.open_zip(upload, refused=_refused()) as archive:
        names = {info.filename: info for info in archive.infolist()}
        lowered = [name.lower() for name in names]
        if any(name.endswith(_MACRO_FILE) or name.startswith(_MACRO_FOLDERS) for name in lowered):
            raise ValidationError(
                _("Files with macros or scripts are not accepted; save the file without them."),
                code="macros",
            )
        found = None
        mimetype = names.get("mimetype")
        if mimetype is not None and mimetype.file_size <= _MIMETYPE_MAX_BYTES:
            try:
                value = archive.read(mimetype).strip()
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                value = b""
            if value in _OPEN_DOCUMENT_TYPES:
                found = DocumentType(value.decode(), _OPEN_DOCUMENT_TYPES[value])
        if found is None and "[Content_Types].xml" in names:
            for prefix, content_type, extension in _OFFICE_TYPES:
                if any(name.startswith(prefix) for name in names):
                    found = DocumentType(content_type, extension)
                    break
    if found is None:
        raise _refused()
    return found


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
    if uploads.extension(name) == ".csv":
        return DocumentType("text/csv", ".csv")
    return DocumentType("text/plain", ".txt")


def _sniff(upload, name: str) -> DocumentType:
    head = uploads.read_head(upload)
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            if content_type in _IMAGE_FORMATS:
                uploads.check_image(
                    upload, formats=_IMAGE_FORMATS[content_type], refused=_damaged_image()
                )
            return DocumentType(content_type, extension)
    if head.startswith(uploads.ZIP_SIGNATURE):
        return _zip_document_type(upload)
    return _text_document_type(upload.read(), name)


def check_document(upload) -> DocumentType:
    """The type of an uploaded document, judged by its content.

    Accepted: PDF, PNG, JPEG (checked whole by Pillow, within
    ``UPLOAD_MAX_IMAGE_PIXELS``), DOCX, XLSX, ODT, ODS (within
    ``UPLOAD_MAX_UNPACKED_BYTES`` unpacked, without macros), and UTF-8 text
    or CSV (without markup or a ``#!`` line). The name's extension, when it
    has one, must fit the content: an HTML page or a PNG called
    ``report.pdf`` is refused, as is a PDF called ``notes.txt``. Raises
    ``ValidationError`` for an empty file, one over
    ``UPLOAD_MAX_DOCUMENT_BYTES``, or any other type.
    """
    uploads.check_size(upload, max_document_bytes())
    name = getattr(upload, "name", "") or ""
    try:
        found = _sniff(upload, name)
    finally:
        upload.seek(0)
    named = uploads.extension(name)
    if named and named not in _EXTENSIONS[found.content_type]:
        raise ValidationError(
            _(
                "The file's content (%(kind)s) does not match the extension of its name "
                "(%(extension)s). Rename the file or upload the right one."
            )
            % {"kind": _KINDS[found.content_type], "extension": named},
            code="extension_mismatch",
        )
    return found
