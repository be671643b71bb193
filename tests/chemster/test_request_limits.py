"""Request bodies over the limits get 413 (or 411/400) before any view."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart

from newsletters.models import Consent
from projects.models import ProjectDocument
from tests.projects.factories import led_project

pytestmark = pytest.mark.django_db

SIGNUP = "/en/newsletter/"
APPLICATIONS = "/api/v1/applications/"
BOUNDARY = "chemsterboundary"


def _multipart(data: dict) -> bytes:
    return encode_multipart(BOUNDARY, data)


def _post_multipart(client, url, body: bytes, **extra):
    return client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}", **extra)


def test_an_upload_over_the_whole_body_limit_gets_a_413_page_before_the_view(
    client_as, firm_a, settings
):
    project = led_project(firm_a, visibility="members")
    url = f"/en/projects/{project.slug}/documents/"
    body = _multipart({"title": "Za duży", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})

    # The length is all the middleware reads: the body itself stays unread.
    response = _post_multipart(
        client_as("firm_a_editor"),
        url,
        body,
        CONTENT_LENGTH=str(settings.REQUEST_MAX_BODY_BYTES + 1),
    )

    html = response.content.decode()
    assert response.status_code == 413
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="en">' in html
    assert "<h1>Too much data sent</h1>" in html
    assert "at most 11.0\xa0MB at once" in html
    assert f'<a href="{url}">Back to the form</a>' in html
    assert ProjectDocument.objects.count() == 0


def test_the_413_page_speaks_the_pages_language(client, settings):
    settings.REQUEST_MAX_BODY_BYTES = 1000
    body = _multipart({"email": "a@example.org", "consent": "on", "pad": "x" * 1000})

    response = _post_multipart(client, "/pl/newsletter/", body)

    assert response.status_code == 413
    assert '<html lang="pl">' in response.content.decode()


def test_a_body_at_the_limit_reaches_the_view(client, settings):
    body = _multipart({"email": "nowa@example.org", "consent": "on"})
    settings.REQUEST_MAX_BODY_BYTES = len(body)

    response = _post_multipart(client, SIGNUP, body)

    assert response.status_code == 302
    assert list(Consent.objects.values_list("email", flat=True)) == ["nowa@example.org"]


def test_a_form_body_over_the_memory_limit_gets_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client.post(
        SIGNUP,
        "email=a%40example.org&consent=on&pad=" + "x" * 1000,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    assert "at most 1000\xa0bytes at once" in response.content.decode()
    assert not Consent.objects.exists()


def test_multipart_text_fields_over_the_memory_limit_get_413(client, settings):
    # Within the whole body's limit, but the text (not files) is too much:
    # Django's parser raises RequestDataTooBig, which becomes a 413.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = _multipart({"email": "a@example.org", "consent": "on", "pad": "x" * 2000})

    response = _post_multipart(client, SIGNUP, body)

    assert response.status_code == 413
    assert "too many fields or files, or too much text" in response.content.decode()


@pytest.mark.parametrize("kind", ["urlencoded", "multipart"])
def test_too_many_fields_get_413(client, settings, kind):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = {f"f{n}": "1" for n in range(10)}
    if kind == "urlencoded":
        response = client.post(
            SIGNUP,
            "&".join(f"{k}={v}" for k, v in fields.items()),
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = _post_multipart(client, SIGNUP, _multipart(fields))

    assert response.status_code == 413
    assert "<h1>Too much data sent</h1>" in response.content.decode()


def test_too_many_files_get_413(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(3)]

    response = _post_multipart(client, SIGNUP, _multipart({"file": files}))

    assert response.status_code == 413


def test_a_malformed_multipart_body_gets_400(client):
    response = client.post(SIGNUP, b"--x\r\nbroken", content_type="multipart/form-data")

    assert response.status_code == 400
    assert "The form&#x27;s data is malformed" in response.content.decode()


def test_an_api_body_over_the_limit_gets_413_as_json(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000})

    response = client.post(
        APPLICATIONS, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "What you sent is larger than the portal accepts (at most 1000\xa0bytes at "
        "once). Send a smaller file, or fewer files at a time."
    }


def test_an_api_body_within_the_limit_reaches_the_view(client):
    response = client.post(APPLICATIONS, {}, content_type="application/json")

    assert response.status_code == 400
    assert "errors" in response.json()


@pytest.mark.parametrize(
    ("url", "content_type"),
    [(SIGNUP, "text/html; charset=utf-8"), (APPLICATIONS, "application/json")],
)
def test_a_chunked_body_without_a_length_gets_411(client, url, content_type):
    # Under WSGI Django would read such a body as empty; it is refused.
    response = client.post(
        url,
        b"email=a%40example.org&consent=on",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )

    assert response.status_code == 411
    assert response["Content-Type"] == content_type
    assert not Consent.objects.exists()


def test_a_length_that_is_not_a_number_gets_400(client):
    response = client.post(
        SIGNUP, b"email=a", content_type="application/x-www-form-urlencoded", CONTENT_LENGTH="x"
    )

    assert response.status_code == 400
    assert "Content-Length header is not a number" in response.content.decode()
