"""Logo uploads: checked by content, re-encoded without metadata, renamed."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from chemster.models import AuditEntry
from members.services import set_firm_logo
from tests.members.test_firm_edit import _profile


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _image(image_format, size=(64, 48), mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, "teal").save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def _upload(content, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _post_logo(client, firm, upload, **extra):
    url = reverse("members:firm-edit", kwargs={"slug": firm.slug}).replace("/pl/", "/en/")
    return client.post(url, {**_profile(firm), "logo": upload, **extra})


def _stored_files(media_root):
    return (
        sorted(path.name for path in (media_root / "logos").glob("*"))
        if (media_root / "logos").exists()
        else []
    )


def _png_header_only(width, height):
    """A PNG whose header claims ``width`` × ``height`` pixels, with no data."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("image_format", "name", "content_type"),
    [
        ("PNG", "logo.png", "image/png"),
        ("JPEG", "logo.jpg", "image/jpeg"),
        ("WEBP", "logo.webp", "image/webp"),
    ],
)
def test_logo_is_stored_as_png_under_a_generated_name(
    client_as, firm_a, firm_a_editor, _media_root, image_format, name, content_type
):
    response = _post_logo(
        client_as("firm_a_editor"), firm_a, _upload(_image(image_format), name, content_type)
    )

    firm_a.refresh_from_db()
    assert response.status_code == 302
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", firm_a.logo.name)
    with Image.open(_media_root / firm_a.logo.name) as stored:
        assert (stored.format, stored.size) == ("PNG", (64, 48))


@pytest.mark.django_db
def test_exif_of_a_jpeg_is_gone_after_upload(client_as, firm_a, firm_a_editor, _media_root):
    exif = Image.Exif()
    exif[0x010F] = "Aparat Szpiegowski"  # Make
    exif[0x8298] = "Tajne zdjęcie z laboratorium"  # Copyright
    photo = _image("JPEG", size=(120, 80), exif=exif.tobytes())
    with Image.open(io.BytesIO(photo)) as original:
        assert original.getexif()[0x010F] == "Aparat Szpiegowski"

    _post_logo(client_as("firm_a_editor"), firm_a, _upload(photo, "photo.jpg", "image/jpeg"))

    firm_a.refresh_from_db()
    stored_bytes = (_media_root / firm_a.logo.name).read_bytes()
    with Image.open(io.BytesIO(stored_bytes)) as stored:
        assert dict(stored.getexif()) == {}
        assert set(stored.info) <= {"dpi"} and "exif" not in stored.info
    assert b"Exif" not in stored_bytes
    assert b"Aparat" not in stored_bytes


@pytest.mark.django_db
def test_large_logo_is_scaled_down(client_as, firm_a, firm_a_editor, _media_root):
    _post_logo(client_as("firm_a_editor"), firm_a, _upload(_image("PNG", size=(3000, 1500))))

    firm_a.refresh_from_db()
    with Image.open(_media_root / firm_a.logo.name) as stored:
        assert stored.size == (1000, 500)


@pytest.mark.django_db
def test_transparency_is_kept(client_as, firm_a, firm_a_editor, _media_root):
    _post_logo(client_as("firm_a_editor"), firm_a, _upload(_image("PNG", mode="RGBA")))

    firm_a.refresh_from_db()
    with Image.open(_media_root / firm_a.logo.name) as stored:
        assert stored.mode == "RGBA"


@pytest.mark.django_db
def test_new_logo_replaces_the_old_file(
    client_as, firm_a, firm_a_editor, _media_root, django_capture_on_commit_callbacks
):
    client = client_as("firm_a_editor")
    with django_capture_on_commit_callbacks(execute=True):
        _post_logo(client, firm_a, _upload(_image("PNG")))
    firm_a.refresh_from_db()
    first = firm_a.logo.name

    with django_capture_on_commit_callbacks(execute=True):
        _post_logo(client, firm_a, _upload(_image("PNG", size=(80, 80))))

    firm_a.refresh_from_db()
    assert firm_a.logo.name != first
    assert _stored_files(_media_root) == [firm_a.logo.name.removeprefix("logos/")]
    entry = AuditEntry.objects.filter(code="members.firm.logo_changed").first()
    assert entry.changes == {"logo": [first, firm_a.logo.name]}


@pytest.mark.django_db
def test_logo_can_be_removed(
    client_as, firm_a, firm_a_editor, _media_root, django_capture_on_commit_callbacks
):
    client = client_as("firm_a_editor")
    _post_logo(client, firm_a, _upload(_image("PNG")))
    firm_a.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        response = _post_logo(client, firm_a, "", remove_logo="on")

    firm_a.refresh_from_db()
    assert response.status_code == 302
    assert firm_a.logo.name == ""
    assert _stored_files(_media_root) == []


REFUSED = [
    pytest.param(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "logo.svg",
        "image/svg+xml",
        "The logo must be a PNG, JPEG or WebP image.",
        id="svg",
    ),
    pytest.param(
        b"<html><body><script>alert(1)</script></body></html>",
        "logo.png",
        "image/png",
        "The logo must be a PNG, JPEG or WebP image.",
        id="html-named-png",
    ),
    pytest.param(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
        "logo.pdf",
        "application/pdf",
        "The logo must be a PNG, JPEG or WebP image.",
        id="pdf",
    ),
    pytest.param(
        _image("GIF"),
        "logo.gif",
        "image/gif",
        "The logo must be a PNG, JPEG or WebP image.",
        id="gif",
    ),
    pytest.param(
        _image("BMP"),
        "logo.png",
        "image/png",
        "The logo must be a PNG, JPEG or WebP image.",
        id="bmp-named-png",
    ),
    pytest.param(
        b"\x89PNG" + b"\0" * (2 * 1024 * 1024),
        "logo.png",
        "image/png",
        "The logo file is too large: at most 2.0\xa0MB.",
        id="oversize-file",
    ),
    pytest.param(
        _image("PNG", size=(4001, 40)),
        "logo.png",
        "image/png",
        "The logo is too large: at most 4000 × 4000 pixels.",
        id="too-wide",
    ),
    pytest.param(
        _png_header_only(100_000, 100_000),
        "bomb.png",
        "image/png",
        "The logo is too large: at most 4000 × 4000 pixels.",
        id="decompression-bomb",
    ),
    pytest.param(
        _image("PNG", size=(16, 16)),
        "logo.png",
        "image/png",
        "The logo is too small: at least 32 × 32 pixels.",
        id="too-small",
    ),
    pytest.param(
        _image("PNG", size=(400, 400))[:300],
        "logo.png",
        "image/png",
        "The logo file is damaged or incomplete. Save it again and upload it.",
        id="truncated",
    ),
    pytest.param(b"", "logo.png", "image/png", "The submitted file is empty.", id="empty"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "name", "content_type", "message"), REFUSED)
def test_refused_upload_gives_a_clear_error_and_stores_nothing(
    client_as, firm_a, firm_a_editor, _media_root, content, name, content_type, message
):
    offer = firm_a.offer_pl

    response = _post_logo(
        client_as("firm_a_editor"), firm_a, _upload(content, name, content_type), offer_pl="Nowa"
    )

    firm_a.refresh_from_db()
    assert response.status_code == 200
    assert response.context["logo_form"].errors == {"logo": [message]}
    assert message in response.content.decode()
    # The profile is not saved either: the page shows both forms again.
    assert (firm_a.logo.name, firm_a.offer_pl) == ("", offer)
    assert _stored_files(_media_root) == []


@pytest.mark.django_db
def test_service_checks_what_it_is_given(firm_a, firm_a_editor, _media_root):
    with pytest.raises(ValidationError, match="PNG, JPEG lub WebP"):
        set_firm_logo(firm=firm_a, actor=firm_a_editor, upload=_upload(b"<html></html>"))

    assert _stored_files(_media_root) == []
    assert not AuditEntry.objects.filter(code="members.firm.logo_changed").exists()


@pytest.mark.django_db
def test_the_settings_limit_logos_too(firm_a, firm_a_editor, settings, _media_root):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1000

    with pytest.raises(ValidationError) as error:
        set_firm_logo(
            firm=firm_a, actor=firm_a_editor, upload=_upload(_image("PNG", size=(40, 40)))
        )

    assert error.value.code == "too_many_pixels"
    assert _stored_files(_media_root) == []


@pytest.mark.django_db
def test_the_form_states_the_limits(client_as, firm_a, settings):
    settings.UPLOAD_MAX_IMAGE_BYTES = 1024 * 1024
    url = reverse("members:firm-edit", kwargs={"slug": firm_a.slug}).replace("/pl/", "/en/")

    response = client_as("firm_a_editor").get(url)

    assert (
        "PNG, JPEG or WebP, at most 1.0\xa0MB and 4000 × 4000 pixels, at least 32 × 32."
        in response.content.decode()
    )


@pytest.mark.django_db
def test_a_logo_is_served_inline_as_png_with_nosniff(client, firm_a, firm_a_editor, _media_root):
    set_firm_logo(firm=firm_a, actor=firm_a_editor, upload=_upload(_image("JPEG"), "logo.jpg"))
    firm_a.refresh_from_db()

    response = client.get(firm_a.logo.url)

    assert firm_a.logo.url.startswith("/media/logos/")
    assert response.status_code == 200
    assert response.content == (_media_root / firm_a.logo.name).read_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="logo.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["0" * 32 + ".png", "0" * 32 + ".svg", "logo.png", "..%2Fsettings.py", "A" * 32 + ".png"],
)
def test_only_existing_generated_logo_names_are_served(client, _media_root, name):
    (_media_root / "logos").mkdir()
    (_media_root / "logos" / "logo.png").write_bytes(b"<svg/>")

    response = client.get(f"/media/logos/{name}")

    assert response.status_code == 404
