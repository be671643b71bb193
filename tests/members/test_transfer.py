"""Import and export of members."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from members.models import Contact, Firm, Invitation
from members.transfer import COLUMNS, check_rows, export_csv, import_members, read_table
from newsletters.models import Consent
from tests.factories import ContactFactory, FirmFactory, valid_nip


def _row(n, **overrides):
    row = {
        "name": f"Chemia Opolska {n} Sp. z o.o.",
        "kind": "enterprise",
        "size_class": "small",
        "country": "PL",
        "nip": valid_nip(20_000 + n),
        "vat_number": "",
        "regon": "",
        "krs": "",
        "street": f"ul. Chemików {n}",
        "postcode": "47-220",
        "city": "Kędzierzyn-Koźle",
        "website": "",
        "email": "",
        "phone": "",
        "competences": "catalysts|rnd",
        "joined_on": "2015-04-01",
        "left_on": "",
        "left_reason": "",
        "contact_name": f"Jan Kowalski {n}",
        "contact_function": "Dyrektor",
        "contact_email": f"jan{n}@chemia-opolska.pl",
        "contact_phone": "",
        "contact_language": "pl",
    }
    row.update(overrides)
    return row


def _csv(rows, *, delimiter=";", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


# Ten planted errors: (row index in the data, overrides, column reported).
PLANTED = [
    (3, {"nip": "1234567890"}, "nip"),
    (17, {"competences": "catalysts|no-such-thing"}, "competences"),
    (29, {"joined_on": "31.02.2015"}, "joined_on"),
    (44, {"postcode": "47220"}, "postcode"),
    (58, {"kind": "school"}, "size_class"),
    (71, {"name": ""}, "name"),
    (90, {"contact_email": "not-an-address"}, "contact_email"),
    (120, {"left_on": "2014-01-01"}, "left_on"),
    (150, {"country": "DE", "nip": "", "vat_number": "DE000000000"}, "vat_number"),
    (199, {"nip": "DUPLICATE"}, "nip"),
]


@pytest.fixture
def planted_file():
    rows = [_row(n) for n in range(200)]
    for index, overrides, _column in PLANTED:
        rows[index].update(overrides)
    rows[199]["nip"] = rows[5]["nip"]  # a duplicate of the sixth data row
    return _csv(rows)


@pytest.mark.django_db
def test_a_200_row_file_with_10_planted_errors_reports_exactly_those(planted_file):
    parsed = check_rows(read_table(content=planted_file, filename="members.csv"))

    assert len(parsed.rows) == 200
    assert sorted((e.row, e.column) for e in parsed.errors) == sorted(
        (index + 2, column) for index, _overrides, column in PLANTED
    )


@pytest.mark.django_db
def test_all_or_nothing_imports_nothing_while_errors_remain(planted_file, coordinator):
    parsed = check_rows(read_table(content=planted_file, filename="members.csv"))

    with pytest.raises(Exception, match="niczego nie zaimportowano"):
        import_members(
            parsed=parsed, actor=coordinator, valid_rows_only=False, invite_contacts=False
        )

    assert Firm.objects.count() == 0


@pytest.mark.django_db
def test_valid_rows_only_imports_the_190_good_rows_with_their_contacts(planted_file, coordinator):
    parsed = check_rows(read_table(content=planted_file, filename="members.csv"))

    firms = import_members(
        parsed=parsed, actor=coordinator, valid_rows_only=True, invite_contacts=False
    )

    assert len(firms) == Firm.objects.count() == 190
    assert Contact.objects.filter(source="import").count() == 190
    assert Consent.objects.count() == 0
    assert Invitation.objects.count() == 0
    assert Firm.objects.filter(search_vector__isnull=True).count() == 0
    assert sorted(
        Firm.objects.get(name="Chemia Opolska 0 Sp. z o.o.").competences.values_list(
            "code", flat=True
        )
    ) == ["catalysts", "rnd"]


@pytest.mark.django_db
def test_windows_1250_file_with_commas_is_read(coordinator):
    content = _csv(
        [_row(1, city="Kędzierzyn-Koźle", contact_name="Łucja Żółtowska")],
        delimiter=",",
        encoding="cp1250",
    )

    parsed = check_rows(read_table(content=content, filename="czlonkowie.csv"))
    import_members(parsed=parsed, actor=coordinator, valid_rows_only=False, invite_contacts=False)

    assert parsed.errors == []
    assert Contact.objects.get().name == "Łucja Żółtowska"


@pytest.mark.django_db
def test_xlsx_file_is_read(coordinator):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append([_row(7)[column] for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = check_rows(read_table(content=buffer.getvalue(), filename="members.xlsx"))

    assert (len(parsed.rows), parsed.errors) == (1, [])


@pytest.mark.django_db
def test_former_member_imports_as_former_and_invitations_go_only_to_active_firms(coordinator):
    content = _csv([_row(1), _row(2, left_on="2020-12-31", left_reason="Likwidacja")])
    parsed = check_rows(read_table(content=content, filename="members.csv"))

    import_members(parsed=parsed, actor=coordinator, valid_rows_only=False, invite_contacts=True)

    assert sorted(Firm.objects.values_list("name", "status")) == [
        ("Chemia Opolska 1 Sp. z o.o.", "active"),
        ("Chemia Opolska 2 Sp. z o.o.", "former"),
    ]
    assert list(Invitation.objects.values_list("email", "role")) == [
        ("jan1@chemia-opolska.pl", "admin")
    ]


@pytest.mark.django_db
def test_a_number_already_in_the_portal_is_a_duplicate(coordinator):
    existing = FirmFactory()

    parsed = check_rows(read_table(content=_csv([_row(1, nip=existing.nip)]), filename="m.csv"))

    assert [(e.row, e.column) for e in parsed.errors] == [(2, "nip")]


@pytest.mark.django_db
def test_export_holds_exactly_the_filtered_members_and_opens_in_polish_excel(
    client_as, coordinator
):
    FirmFactory(name="Alfa Katalizatory", kind="enterprise", city="Opole", postcode="45-001")
    FirmFactory(name="Beta Szkoła", kind="school", size_class="", city="Opole", postcode="45-001")
    FirmFactory(
        name="Gamma Dawna", kind="enterprise", city="Opole", postcode="45-001", status="former"
    )

    response = client_as("coordinator").get(
        reverse("members:export"),
        {"status": "active", "kind": "enterprise", "city": "Opole", "format": "csv"},
    )

    content = response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == COLUMNS
    assert [row[0] for row in rows[1:]] == ["Alfa Katalizatory"]


@pytest.mark.django_db
def test_xlsx_export_has_the_same_rows(client_as, coordinator):
    FirmFactory(name="Alfa Katalizatory")

    response = client_as("coordinator").get(reverse("members:export"), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == COLUMNS
    assert values[1][0] == "Alfa Katalizatory"


@pytest.mark.django_db
def test_an_exported_file_imports_back_unchanged(coordinator, django_db_blocker):
    firm = FirmFactory(
        name="Zdzieszowickie Smoły Sp. z o.o.",
        city="Zdzieszowice",
        postcode="47-330",
        website="https://smoly.pl",
        email="biuro@smoly.pl",
        phone="+48 77 484 00 00",
    )
    ContactFactory(firm=firm, name="Anna Nowak", email="anna@smoly.pl")
    FirmFactory(name="Dawne Farby", status="former", left_reason="Sprzedaż zakładu")
    exported = export_csv(Firm.objects.all())
    Firm.objects.all().delete()

    parsed = check_rows(read_table(content=exported, filename="export.csv"))
    import_members(parsed=parsed, actor=coordinator, valid_rows_only=False, invite_contacts=False)

    assert parsed.errors == []
    assert export_csv(Firm.objects.all()) == exported


@pytest.mark.django_db
def test_upload_shows_the_check_and_confirm_imports(client_as, coordinator):
    client = client_as("coordinator")
    upload = SimpleUploadedFile(
        "members.csv", _csv([_row(1), _row(2, nip="1234567890")]), content_type="text/csv"
    )

    preview = client.post("/en/coordinator/members/import/", {"file": upload})
    confirmed = client.post(reverse("members:import-confirm"), {"mode": "valid"})

    html = preview.content.decode()
    assert "2 rows read, 1 error found." in html
    assert "<td>3</td><td><code>nip</code></td>" in html
    assert confirmed.status_code == 302
    assert list(Firm.objects.values_list("name", flat=True)) == ["Chemia Opolska 1 Sp. z o.o."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("members.pdf", b"%PDF-1.4"),
        ("members.xlsx", b"not a workbook"),
        ("members.csv", b"a;b\n1;2\n"),
    ],
)
def test_unreadable_files_get_a_clear_form_error(client_as, coordinator, name, content):
    response = client_as("coordinator").post(
        reverse("members:import"), {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def _zip_bytes(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("members.csv", PNG_BYTES, "The file is not CSV text: it holds binary data."),
        ("members.csv", b"", "The submitted file is empty."),
        ("members.xlsx", b"nazwa;nip\n", "The file is not a readable XLSX workbook."),
        (
            "members.xlsx",
            _zip_bytes({"word/document.xml": "<w:document/>"}),
            "The file is not a readable XLSX workbook.",
        ),
        ("members.xlsx", b"PK\x03\x04 broken", "The file is not a readable XLSX workbook."),
        (
            "members.xlsx",
            _zip_bytes({"xl/workbook.xml": "<workbook/>", "xl/sheet1.xml": "0" * 20_000}),
            "The file unpacks to more than 9.8\xa0KB; it cannot be accepted.",
        ),
        (
            "members.csv",
            b"x" * 6000,
            "The file is too large (5.9\xa0KB); the limit is 4.9\xa0KB.",
        ),
        ("members.html", b"<html></html>", "Upload a CSV or XLSX file made from the template."),
    ],
)
def test_the_import_file_is_judged_by_its_content_too(
    client_as, coordinator, settings, name, content, message
):
    settings.UPLOAD_MAX_UNPACKED_BYTES = 10_000
    settings.UPLOAD_MAX_IMPORT_BYTES = 5000

    response = client_as("coordinator").post(
        "/en/coordinator/members/import/", {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert response.context["parsed"] is None


@pytest.mark.django_db
def test_export_disarms_text_a_spreadsheet_would_run_as_a_formula(coordinator):
    firm = FirmFactory(name='=HYPERLINK("http://evil.example","Kliknij")', phone="+48 77 400 00 00")

    rows = list(
        csv.reader(io.StringIO(export_csv(Firm.objects.all()).decode("utf-8-sig")), delimiter=";")
    )
    parsed = check_rows(read_table(content=export_csv(Firm.objects.all()), filename="e.csv"))

    assert rows[1][COLUMNS.index("name")] == "'" + firm.name
    assert rows[1][COLUMNS.index("phone")] == "'+48 77 400 00 00"
    assert parsed.rows[0].firm.name == firm.name
    assert parsed.rows[0].firm.phone == "+48 77 400 00 00"
