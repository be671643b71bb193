"""Project documents: checked by content, stored privately, served by a view."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chemster.models import AuditEntry
from projects.models import ProjectDocument
from projects.services import add_document
from projects.validators import MAX_DOCUMENT_SIZE, check_document
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


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
ODS = _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("raport.pdf", PDF, "application/pdf"),
        ("schemat.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
        ("zdjecie.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
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
        # The name does not decide the type: a PDF called .txt is a PDF.
        ("raport.txt", PDF, "application/pdf"),
    ],
)
def test_accepted_types_are_judged_by_content(name, content, content_type):
    assert check_document(SimpleUploadedFile(name, content)).content_type == content_type


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
        ("pusty.pdf", b""),
    ],
)
def test_other_types_are_refused_whatever_the_name(name, content):
    with pytest.raises(ValidationError):
        check_document(SimpleUploadedFile(name, content))


def test_a_file_over_10_mb_is_refused():
    big = SimpleUploadedFile("duzy.pdf", PDF + b"0" * (MAX_DOCUMENT_SIZE - len(PDF) + 1))
    exact = SimpleUploadedFile("limit.pdf", PDF + b"0" * (MAX_DOCUMENT_SIZE - len(PDF)))

    with pytest.raises(ValidationError) as error:
        check_document(big)

    assert error.value.code == "file_size"
    assert check_document(exact).content_type == "application/pdf"


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


def test_an_oversized_upload_is_refused_on_the_page(client_as, firm_a):
    project = led_project(firm_a)
    upload = SimpleUploadedFile("duzy.pdf", PDF + b"0" * MAX_DOCUMENT_SIZE)

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
