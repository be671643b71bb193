"""Importing members from CSV or XLSX, and exporting them the same way.

One column layout serves both directions (``COLUMNS``), so an exported file
imports back unchanged. CSV files may use ``;`` or ``,`` and come in UTF-8
(with or without BOM) or Windows-1250, as Polish offices produce them;
exports are ``;``-separated UTF-8 with a BOM, which Polish Excel opens.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from chemster.lib.cache import invalidate
from chemster.lib.spreadsheets import csv_bytes, guard_cell, unguard_cell, xlsx_bytes
from chemster.services import log_action
from members.models import Competence, Contact, Firm, FirmRole, User
from members.services import DIRECTORY_CACHE_KEYS, _unique_slug, invite_user, reindex_firms

COLUMNS = [
    "name",
    "kind",
    "size_class",
    "country",
    "nip",
    "vat_number",
    "regon",
    "krs",
    "street",
    "postcode",
    "city",
    "website",
    "email",
    "phone",
    "competences",
    "joined_on",
    "left_on",
    "left_reason",
    "contact_name",
    "contact_function",
    "contact_email",
    "contact_phone",
    "contact_language",
]
REQUIRED = ("name", "kind", "city", "joined_on")
FIRM_TEXT = (
    "name", "kind", "size_class", "country", "nip", "vat_number", "regon", "krs",
    "street", "postcode", "city", "website", "email", "phone", "left_reason",
)  # fmt: skip
MAX_ROWS = 5000


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ImportRow:
    number: int
    firm: Firm
    competence_ids: list[int]
    contact: dict | None


@dataclass
class ParsedImport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows_with_errors(self) -> set[int]:
        return {error.row for error in self.errors}

    @property
    def valid_rows(self) -> list[ImportRow]:
        bad = self.rows_with_errors
        return [row for row in self.rows if row.number not in bad]


# --- Reading ------------------------------------------------------------------


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is neither UTF-8 nor Windows-1250 text."))


def _read_csv(content: bytes) -> list[list[str]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ValidationError(_("The file is not a readable XLSX workbook.")) from None
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(
            [
                "" if v is None else (v.date().isoformat() if isinstance(v, datetime) else str(v))
                for v in values
            ]
        )
    workbook.close()
    return rows


def read_table(*, content: bytes, filename: str) -> list[dict]:
    """The file's rows as dicts keyed by ``COLUMNS``; raises ``ValidationError``
    for a file that cannot be read or lacks the template's header."""
    if filename.lower().endswith(".xlsx"):
        table = _read_xlsx(content)
    elif filename.lower().endswith((".csv", ".txt")):
        table = _read_csv(content)
    else:
        raise ValidationError(_("Upload a CSV or XLSX file made from the template."))
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [cell.strip().lower() for cell in table[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ValidationError(
            _("The first row must name the template's columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    body = [row for row in table[1:] if any(cell.strip() for cell in row)]
    if len(body) > MAX_ROWS:
        raise ValidationError(_("At most %(count)d rows at a time.") % {"count": MAX_ROWS})
    return [
        {
            column: (unguard_cell(row[i].strip()) if i < len(row) else "")
            for i, column in enumerate(header)
        }
        for row in body
    ]


# A spreadsheet runs a cell that starts with one of these as a formula
# ("CSV injection"); exports put an apostrophe before such text, which
# spreadsheets hide and imports remove again.
# --- Checking -----------------------------------------------------------------


def _parse_date(value: str):
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def check_rows(records: list[dict]) -> ParsedImport:
    """Check every row and list every error by row and column.

    Checks: required values, the model's rules (NIP/VAT checksums, postcode,
    size class, coordinates), unknown competence codes, dates, duplicates
    within the file and against firms already in the portal.
    """
    result = ParsedImport()
    competences = dict(Competence.objects.values_list("code", "pk"))
    existing_nips = set(Firm.objects.exclude(nip="").values_list("nip", flat=True))
    existing_vats = set(Firm.objects.exclude(vat_number="").values_list("vat_number", flat=True))
    seen = {}
    for index, record in enumerate(records, start=2):
        errors = []

        def error(column, message, errors=errors, index=index):
            errors.append(RowError(index, column, str(message)))

        values = {name: record.get(name, "") for name in FIRM_TEXT}
        values["country"] = (values["country"] or "PL").upper()
        values["kind"] = values["kind"].lower()
        values["size_class"] = values["size_class"].lower()
        # The model checks the others; the dates are read here.
        if not record.get("joined_on"):
            error("joined_on", _("This value is required."))
        dates = {}
        for name in ("joined_on", "left_on"):
            if record.get(name):
                try:
                    dates[name] = _parse_date(record[name])
                except ValueError:
                    error(name, _("Not a date; use YYYY-MM-DD or DD.MM.YYYY."))
        if "joined_on" in dates and "left_on" in dates and dates["left_on"] < dates["joined_on"]:
            error("left_on", _("The leaving date is before the joining date."))
        firm = Firm(
            **values,
            status=Firm.Status.FORMER if record.get("left_on") else Firm.Status.ACTIVE,
            joined_on=dates.get("joined_on") or date.today(),
            left_on=dates.get("left_on"),
        )
        if values["nip"]:
            firm.nip = values["nip"].replace("-", "").replace(" ", "")
        try:
            # Uniqueness is checked below, with the row it duplicates.
            firm.full_clean(
                exclude=["slug", "search_vector", "logo", "joined_on", "left_on"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as invalid:
            for column, messages in invalid.message_dict.items():
                for message in messages:
                    error(column if column in COLUMNS else "name", message)
        key = firm.nip or firm.vat_number
        if key:
            if key in existing_nips or key in existing_vats:
                error(
                    "nip" if firm.nip else "vat_number",
                    _("A firm with this number is in the portal already."),
                )
            elif key in seen:
                error(
                    "nip" if firm.nip else "vat_number",
                    _("Duplicate of row %(row)d.") % {"row": seen[key]},
                )
            else:
                seen[key] = index
        codes = [
            c.strip()
            for c in record.get("competences", "").replace(",", "|").split("|")
            if c.strip()
        ]
        unknown = [code for code in codes if code not in competences]
        if unknown:
            error(
                "competences", _("Unknown competence: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        contact = None
        if record.get("contact_email") or record.get("contact_name"):
            contact = {
                "name": record.get("contact_name", ""),
                "function": record.get("contact_function", ""),
                "email": record.get("contact_email", ""),
                "phone": record.get("contact_phone", ""),
                "language": (record.get("contact_language") or "pl").lower(),
                "source": Contact.Source.IMPORT,
            }
            try:
                Contact(firm=Firm(), **contact).full_clean(exclude=["firm", "user"])
            except ValidationError as invalid:
                for column, messages in invalid.message_dict.items():
                    for message in messages:
                        error(f"contact_{column}", message)
        result.rows.append(
            ImportRow(index, firm, [competences[c] for c in codes if c in competences], contact)
        )
        result.errors.extend(errors)
    return result


# --- Applying -----------------------------------------------------------------


def import_members(
    *, parsed: ParsedImport, actor: User, valid_rows_only: bool, invite_contacts: bool
) -> list[Firm]:
    """Create the firms, their competences and contacts in one transaction.

    With ``valid_rows_only`` the rows with errors are skipped; otherwise any
    error imports nothing. Imported contacts record their source and never a
    consent. Contacts of active firms are invited as the firm's admins only
    when ``invite_contacts`` is set.
    """
    if parsed.errors and not valid_rows_only:
        raise ValidationError(_("The file has errors; nothing was imported."))
    rows = parsed.valid_rows
    with transaction.atomic():
        slugs = set(Firm.objects.values_list("slug", flat=True))
        for row in rows:
            slug = _unique_slug(row.firm.name)
            n = 2
            while slug in slugs:
                slug, n = f"{_unique_slug(row.firm.name)}-{n}", n + 1
            slugs.add(slug)
            row.firm.slug = slug
        firms = Firm.objects.bulk_create([row.firm for row in rows])
        Through = Firm.competences.through
        Through.objects.bulk_create(
            [
                Through(firm_id=row.firm.pk, competence_id=c)
                for row in rows
                for c in row.competence_ids
            ]
        )
        contacts = Contact.objects.bulk_create(
            [Contact(firm=row.firm, **row.contact) for row in rows if row.contact]
        )
        reindex_firms([firm.pk for firm in firms])
        log_action(
            actor,
            actor,
            "members.import.done",
            {
                "firms": len(firms),
                "contacts": len(contacts),
                "skipped_rows": sorted(parsed.rows_with_errors) if valid_rows_only else [],
            },
        )
        if invite_contacts:
            for contact in contacts:
                if (
                    contact.firm.status == Firm.Status.ACTIVE
                    and not User.objects.filter(email__iexact=contact.email).exists()
                ):
                    invite_user(
                        email=contact.email,
                        name=contact.name,
                        language=contact.language,
                        invited_by=actor,
                        firm=contact.firm,
                        role=FirmRole.Role.ADMIN,
                    )
        transaction.on_commit(lambda: invalidate(*DIRECTORY_CACHE_KEYS), robust=True)
    return firms


# --- Exporting ----------------------------------------------------------------


def export_rows(firms) -> list[list[str]]:
    """The template's rows for ``firms`` (a queryset), one row per firm with
    its first contact."""
    firms = firms.prefetch_related("competences", "contacts")
    rows = [COLUMNS]
    for firm in firms:
        contact = next(iter(sorted(firm.contacts.all(), key=lambda c: c.pk)), None)
        row = [
            *[getattr(firm, name) for name in FIRM_TEXT[:-1]],
            "|".join(sorted(c.code for c in firm.competences.all())),
            firm.joined_on.isoformat(),
            firm.left_on.isoformat() if firm.left_on else "",
            firm.left_reason,
            *(
                [contact.name, contact.function, contact.email, contact.phone, contact.language]
                if contact
                else [""] * 5
            ),
        ]
        rows.append([guard_cell(value) for value in row])
    return rows


def export_csv(firms) -> bytes:
    return csv_bytes(export_rows(firms))


def export_xlsx(firms) -> bytes:
    return xlsx_bytes(export_rows(firms), sheet="members")
