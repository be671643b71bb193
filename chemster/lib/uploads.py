"""Uploaded files judged by their content, never by their name or the type
the browser declares.

Shared by the project documents (``projects.validators``), the member
import (``members.transfer_forms``) and the firm logos (``members.images``).
Every check raises ``ValidationError`` with a message for the uploader, so
that a broken or hostile file is a field error and never a 500.
"""

import os
import warnings
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ZIP_SIGNATURE = b"PK\x03\x04"
# A real office file has a few dozen entries; a zip with thousands is an
# attack on whoever lists it.
_MAX_ZIP_ENTRIES = 5000


def check_size(upload, limit: int) -> None:
    """Refuse an empty file and one over ``limit`` bytes."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_size",
        )


def extension(name: str) -> str:
    """The lower-cased extension of an uploaded file's name (``".pdf"``), or ``""``."""
    base = os.path.basename((name or "").replace("\\", "/"))
    return os.path.splitext(base)[1].lower()


def read_head(upload, size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def open_zip(upload, *, refused: ValidationError) -> zipfile.ZipFile:
    """The upload as a zip archive that is safe to read, else ``refused``.

    Refused: a broken or encrypted archive, more than 5,000 entries, or
    entries that unpack to more than ``UPLOAD_MAX_UNPACKED_BYTES`` together
    (a zip bomb). Python's ``zipfile`` never unpacks an entry past its
    declared size, so checking the declared sizes is enough.
    """
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise refused from None
    if len(entries) > _MAX_ZIP_ENTRIES or any(entry.flag_bits & 0x1 for entry in entries):
        archive.close()
        raise refused
    if sum(entry.file_size for entry in entries) > settings.UPLOAD_MAX_UNPACKED_BYTES:
        archive.close()
        raise ValidationError(
            _("The file unpacks to more than %(limit)s; it cannot be accepted.")
            % {"limit": filesizeformat(settings.UPLOAD_MAX_UNPACKED_BYTES)},
            code="unpacked_size",
        )
    return archive


def check_image(upload, *, formats: tuple[str, ...], refused: ValidationError) -> str:
    """The Pillow format of an image upload, checked whole; else an error.

    The header's size is checked against ``UPLOAD_MAX_IMAGE_PIXELS`` before
    anything is decoded (Pillow's decompression-bomb guard is an error
    here, never a warning or a 500); then ``verify()`` reads the whole file,
    so a truncated or damaged image is refused too.
    """
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                with Image.open(upload, formats=formats) as image:
                    width, height = image.size
                    if width * height > settings.UPLOAD_MAX_IMAGE_PIXELS:
                        raise _too_many_pixels()
                    image.verify()
                    return image.format
            except (Image.DecompressionBombWarning, Image.DecompressionBombError):
                raise _too_many_pixels() from None
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
                raise refused from None
    finally:
        upload.seek(0)


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image has too many pixels: at most %(count)s million.")
        % {"count": f"{settings.UPLOAD_MAX_IMAGE_PIXELS / 1_000_000:g}"},
        code="too_many_pixels",
    )
