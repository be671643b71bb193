"""Firm logos: uploads checked by their content and re-encoded on the server.

Whatever a browser sends, only what Pillow decodes as PNG, JPEG or WebP
within the size and pixel limits (``UPLOAD_MAX_IMAGE_BYTES``, 32–4,000
pixels a side, ``UPLOAD_MAX_IMAGE_PIXELS`` in all) is accepted; the stored
file is a fresh PNG without metadata (no EXIF, no ICC profile, no text
chunks), so nothing the uploader embedded is ever served back.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_FORMATS = ("PNG", "JPEG", "WEBP")
LOGO_MAX_SIDE = 4000
LOGO_MIN_SIDE = 32
# Stored logos are scaled down to fit this box: pages show them small.
LOGO_STORED_SIDE = 1000


def _error(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


def _open(data: bytes) -> Image.Image:
    """Open ``data`` as one of the accepted formats (the header only)."""
    with warnings.catch_warnings():
        # Pillow warns about (and past twice the limit refuses) images whose
        # header promises a decompression bomb: refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data), formats=LOGO_FORMATS)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _too_many_pixels() from None
        except (UnidentifiedImageError, OSError, ValueError):
            raise _error(_("The logo must be a PNG, JPEG or WebP image."), "not_an_image") from None


def _too_many_pixels():
    return _error(
        _("The logo is too large: at most %(side)s × %(side)s pixels."),
        "too_many_pixels",
        side=LOGO_MAX_SIDE,
    )


def normalise_logo(upload) -> ContentFile:
    """Check an uploaded logo and return it re-encoded as a clean PNG.

    Steps, in this order, so that nothing large is decoded before it is
    known to be allowed:

    1. the file size (``UPLOAD_MAX_IMAGE_BYTES``);
    2. the format, by content (the name and the declared type are ignored);
    3. the pixel size from the header (``LOGO_MIN_SIDE``..``LOGO_MAX_SIDE``
       a side, ``UPLOAD_MAX_IMAGE_PIXELS`` in all);
    4. ``verify()`` of the whole file, then a reopen and a full decode;
    5. EXIF orientation applied, first frame only, scaled to fit
       ``LOGO_STORED_SIDE``, saved as PNG without any metadata.

    Raises ``ValidationError`` with a message for the uploader. The result
    has a generated name (``<uuid>.png``).
    """
    if upload.size > settings.UPLOAD_MAX_IMAGE_BYTES:
        raise _error(
            _("The logo file is too large: at most %(size)s."),
            "too_large",
            size=filesizeformat(settings.UPLOAD_MAX_IMAGE_BYTES),
        )
    upload.seek(0)
    data = upload.read()
    image = _open(data)
    width, height = image.size
    too_wide = width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE
    if too_wide or width * height > settings.UPLOAD_MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
    if width < LOGO_MIN_SIDE or height < LOGO_MIN_SIDE:
        raise _error(
            _("The logo is too small: at least %(side)s × %(side)s pixels."),
            "too_few_pixels",
            side=LOGO_MIN_SIDE,
        )
    try:
        image.verify()
        # verify() leaves the image unusable: decode a fresh one.
        image = _open(data)
        image.load()
        image = ImageOps.exif_transpose(image)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _error(
            _("The logo file is damaged or incomplete. Save it again and upload it."),
            "damaged",
        ) from None
    image.thumbnail((LOGO_STORED_SIDE, LOGO_STORED_SIDE))
    # A new image carries pixels only: no EXIF, ICC profile or text chunks.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    output = io.BytesIO()
    clean.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.png")
