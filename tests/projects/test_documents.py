"""Project documents: checked by content, stored privately, served by a view."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from chemster.models import AuditEntry
from projects.models import ProjectDocument
from projects.services import add_document
from projects.validators import check_document
from tests.projects.factories import led_project

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path, monkeypatch):
    """Documents go to a temporary folder. The model's field evaluated its
    storage once at import, so the field gets the new storage too."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    storage = storages["private"]
    monkeypatch.setattr(ProjectDocument._meta.get_field("file"), "storage", storage)
    return storage


def _zip(files: dict, compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _image(image_format, size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=image_format)
    return buffer.getvalue()


def _png_header_only(width, height):
    """A PNG whose header claims ``width`` × ``height`` pixels, with no data."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


PNG = _image("PNG")
JPEG = _image("JPEG")
DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
ODS = _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("raport.pdf", PDF, "application/pdf"),
        ("schemat.png", PNG, "image/png"),
        ("zdjecie.jpeg", JPEG, "image/jpeg"),
        ("ZDJECIE.JPG", JPEG, "image/jpeg"),
        (
            "umowa.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("budzet.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("notatka.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("tabela.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        ("wyniki.csv", "próbka;wydajność\nA;92,5\n".encode(), "text/csv"),
        ("notatka.txt", "Spotkanie w Kędzierzynie.".encode(), "text/plain"),
        # A name without an extension is judged by the content alone.
        ("raport", PDF, "application/pdf"),
    ],
)
def test_accepted_types_are_judged_by_content(name, content, content_type):
    # The declared type is whatever the browser says: never trusted.
    upload = SimpleUploadedFile(name, content, content_type="text/html")

    assert check_document(upload).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("raport.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("raport.pdf", b"  <html><body>hi</body></html>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("dane.csv", b"a,b\n1,<script>alert(1)</script>\n"),
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
        ("program.txt", b"\x7fELF\x02\x01\x01\x00"),
        ("skrypt.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("archiwum.docx", _zip({"readme.txt": "nothing office here"})),
        ("uszkodzony.docx", b"PK\x03\x04 not really a zip"),
        ("latin2.txt", "zażółć gęślą jaźń".encode("iso-8859-2")),
        ("rysunek.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("strona.png", b"<html><body><script>alert(1)</script></body></html>"),
    ],
)
def test_other_types_are_refused_whatever_the_name(name, content):
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile(name, content))

    assert error.value.code == "file_type"


MACRO_DOCM = _zip(
    {
        "[Content_Types].xml": "<Types/>",
        "word/document.xml": "<w:document/>",
        "word/vbaProject.bin": "Attribute VB_Name",
    }
)
MACRO_ODT = _zip(
    {"mimetype": "application/vnd.oasis.opendocument.text", "Basic/Standard/Module1.xml": "x"}
)


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("pusty.pdf", b"", "empty", "The file is empty."),
        (
            "wykres.pdf",
            PNG,
            "extension_mismatch",
            "The file's content (a PNG image) does not match the extension of its name (.pdf).",
        ),
        (
            "raport.txt",
            PDF,
            "extension_mismatch",
            "The file's content (a PDF document) does not match the extension of its name (.txt).",
        ),
        (
            "tabela.docx",
            XLSX,
            "extension_mismatch",
            "The file's content (an Excel workbook (XLSX)) does not match",
        ),
        (
            "uciety.png",
            _image("PNG", size=(400, 400))[:200],
            "damaged",
            "The image is damaged or incomplete.",
        ),
        (
            "bomba.png",
            _png_header_only(100_000, 100_000),
            "too_many_pixels",
            "The image has too many pixels: at most 25 million.",
        ),
        (
            "duze.png",
            _png_header_only(6000, 5000),
            "too_many_pixels",
            "The image has too many pixels: at most 25 million.",
        ),
        ("makro.docm.docx", MACRO_DOCM, "macros", "Files with macros or scripts"),
        ("makro.odt", MACRO_ODT, "macros", "Files with macros or scripts"),
        (
            "dziwny.odt",
            _zip({"mimetype": "application/vnd.oasis.opendocument.text" + " " * 200}),
            "file_type",
            "This type of file is not accepted.",
        ),
    ],
)
def test_broken_hostile_or_misnamed_files_get_a_clear_error(name, content, code, message):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile(name, content))

    assert error.value.code == code
    assert error.value.messages[0].startswith(message)


def test_an_archive_that_unpacks_too_large_is_refused(settings):
    settings.UPLOAD_MAX_UNPACKED_BYTES = 10_000
    bomb = _zip(
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" + "0" * 10_000},
        compression=zipfile.ZIP_DEFLATED,
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile("bomba.docx", bomb))

    assert len(bomb) < 1000
    assert error.value.code == "unpacked_size"
    assert error.value.messages == [
        "The file unpacks to more than 9.8\xa0KB; it cannot be accepted."
    ]


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 1000
    big = SimpleUploadedFile("duzy.pdf", PDF + b"0" * (1000 - len(PDF) + 1))
    exact = SimpleUploadedFile("limit.pdf", PDF + b"0" * (1000 - len(PDF)))

    with pytest.raises(ValidationError) as error:
        check_document(big)

    assert error.value.code == "file_size"
    assert check_document(exact).content_type == "application/pdf"


def test_the_default_limit_is_10_mb(settings):
    assert settings.UPLOAD_MAX_DOCUMENT_BYTES == 10 * 1024 * 1024


def test_add_document_stores_under_a_generated_name(firm_a, firm_a_editor, private_storage):
    project = led_project(firm_a)

    document = add_document(
        actor=firm_a_editor,
        project=project,
        title=" Harmonogram ",
        upload=SimpleUploadedFile("../../Harmonogram prac.PDF", PDF),
    )

    assert document.title == "Harmonogram"
    assert document.original_name == "Harmonogram prac.PDF"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.file.name.startswith(f"projects/{project.pk}/")
    assert document.file.name.endswith(".pdf")
    assert "Harmonogram" not in document.file.name
    with private_storage.open(document.file.name) as stored:
        assert stored.read() == PDF
    assert AuditEntry.objects.filter(code="projects.document.added").count() == 1


def test_a_name_without_an_extension_gets_its_types(firm_a, firm_a_editor):
    document = add_document(
        actor=firm_a_editor,
        project=led_project(firm_a),
        title="Umowa",
        upload=SimpleUploadedFile("umowa", DOCX),
    )

    assert document.original_name == "umowa.docx"
    assert document.file.name.endswith(".docx")


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"projects:{name}", kwargs=kwargs)


def test_a_participant_uploads_through_the_page(client_as, firm_a):
    project = led_project(firm_a, visibility="members")

    response = client_as("firm_a_editor").post(
        _url("documents", slug=project.slug),
        {"title": "Wyniki", "file": SimpleUploadedFile("wyniki.pdf", PDF)},
    )

    assert response.status_code == 302
    assert list(project.documents.values_list("title", flat=True)) == ["Wyniki"]


def test_html_renamed_pdf_is_refused_on_the_page(client_as, firm_a, private_storage):
    project = led_project(firm_a)

    response = client_as("firm_a_admin").post(
        _url("documents", slug=project.slug),
        {"title": "Raport", "file": SimpleUploadedFile("raport.pdf", b"<html><script></script>")},
    )

    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert project.documents.count() == 0
    assert private_storage.listdir("") == ([], [])


def test_a_png_renamed_pdf_is_refused_on_the_page_in_words(client_as, firm_a, private_storage):
    project = led_project(firm_a)

    response = client_as("firm_a_admin").post(
        _url("documents", slug=project.slug),
        {"title": "Wykres", "file": SimpleUploadedFile("wykres.pdf", PNG, "application/pdf")},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The file's content (a PNG image) does not match the extension of its name (.pdf). "
        "Rename the file or upload the right one."
    ]
    assert project.documents.count() == 0
    assert private_storage.listdir("") == ([], [])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pusty.pdf", b"", "The submitted file is empty."),
        ("uciety.png", PNG[:60], "The image is damaged or incomplete."),
        ("bomba.png", _png_header_only(100_000, 100_000), "The image has too many pixels"),
        ("bomba.xlsx", "BOMB", "The file unpacks to more than"),
        ("rysunek.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "This type of file"),
    ],
)
def test_malformed_files_get_a_field_error_on_the_page(
    client_as, firm_a, settings, private_storage, name, content, message
):
    if content == "BOMB":
        settings.UPLOAD_MAX_UNPACKED_BYTES = 10_000
        content = _zip(
            {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "0" * 20_000},
            compression=zipfile.ZIP_DEFLATED,
        )
    project = led_project(firm_a)

    response = client_as("firm_a_admin").post(
        _url("documents", slug=project.slug),
        {"title": "Plik", "file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith(message)
    assert private_storage.listdir("") == ([], [])


def test_an_oversized_upload_is_refused_on_the_page(client_as, firm_a, settings):
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 1000
    project = led_project(firm_a)
    upload = SimpleUploadedFile("duzy.pdf", PDF + b"0" * 1000)

    response = client_as("firm_a_admin").post(
        _url("documents", slug=project.slug), {"title": "Duży", "file": upload}
    )

    assert response.status_code == 400
    assert project.documents.count() == 0


@pytest.fixture
def document(firm_a, firm_a_admin):
    project = led_project(firm_a, visibility="members")
    return add_document(
        actor=firm_a_admin,
        project=project,
        title="Harmonogram",
        upload=SimpleUploadedFile("harmonogram „v2”.pdf", PDF),
    )


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("firm_a_admin", 200),
        ("firm_a_editor", 200),
        ("coordinator", 200),
        ("firm_b_admin", 403),
        ("outsider", 404),
    ],
)
def test_download_by_cast(client_as, firm_b, document, member, status):
    url = _url("document", slug=document.project.slug, pk=document.pk)

    response = client_as(member).get(url)

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment; filename")
        assert "harmonogram" in response["Content-Disposition"]


def test_text_is_downloaded_as_utf_8_text_and_never_inline(client_as, firm_a, firm_a_admin):
    project = led_project(firm_a, visibility="members")
    document = add_document(
        actor=firm_a_admin,
        project=project,
        title="Notatka",
        upload=SimpleUploadedFile("notatka.txt", "Zażółć gęślą jaźń.".encode()),
    )

    response = client_as("firm_a_editor").get(_url("document", slug=project.slug, pk=document.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="notatka.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_visitor_logs_in_before_a_download(document):
    response = Client().get(_url("document", slug=document.project.slug, pk=document.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_document_of_another_project_is_not_found(client_as, firm_a, document):
    other = led_project(firm_a)

    response = client_as("firm_a_admin").get(_url("document", slug=other.slug, pk=document.pk))

    assert response.status_code == 404


def test_a_missing_file_is_not_found(client_as, document, private_storage):
    private_storage.delete(document.file.name)

    response = client_as("firm_a_admin").get(
        _url("document", slug=document.project.slug, pk=document.pk)
    )

    assert response.status_code == 404


def test_documents_are_never_under_the_public_media_root(settings, document):
    assert not str(document.file.path).startswith(str(settings.MEDIA_ROOT))


def test_a_manager_deletes_a_document_and_its_file(
    client_as, document, private_storage, django_capture_on_commit_callbacks
):
    name = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("firm_a_admin").post(
            _url("document-delete", slug=document.project.slug, pk=document.pk)
        )

    assert response.status_code == 302
    assert not ProjectDocument.objects.exists()
    assert not private_storage.exists(name)
    assert AuditEntry.objects.filter(code="projects.document.removed").count() == 1


def test_an_editor_may_not_delete_a_document(client_as, document):
    response = client_as("firm_a_editor").post(
        _url("document-delete", slug=document.project.slug, pk=document.pk)
    )

    assert response.status_code == 403
    assert ProjectDocument.objects.count() == 1


@pytest.mark.parametrize("documents", [1, 15])
def test_documents_page_query_count_is_constant(
    client_as, django_assert_num_queries, firm_a, firm_a_admin, documents
):
    project = led_project(firm_a)
    for n in range(documents):
        add_document(
            actor=firm_a_admin,
            project=project,
            title=f"Dokument {n}",
            upload=SimpleUploadedFile(f"d{n}.pdf", PDF),
        )
    client = client_as("firm_a_editor")
    client.get(_url("documents", slug=project.slug))

    with django_assert_num_queries(8):
        # 1. the session, 2. its user, 3. whether the user is a member
        # 4. the project, 5. its participations, 6. the user's firm roles
        # 7. whether the user is the coordinator
        # 8. the documents with their uploaders
        response = client.get(_url("documents", slug=project.slug))

    assert len(response.context["documents"]) == documents
