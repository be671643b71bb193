"""Rules for firm data, shared by forms, serializers and imports."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.eu import vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip, regon

# Poland's extent with a small margin (the mainland lies within about
# 49.00-54.84 N and 14.12-24.15 E).
POLAND_LATITUDE = (49.0, 54.9)
POLAND_LONGITUDE = (14.1, 24.2)

_POSTCODE = re.compile(r"^\d{2}-\d{3}$")
_KRS = re.compile(r"^\d{10}$")


def clean_nip(value: str) -> str:
    """Return the NIP as ten digits, or raise with a clear message."""
    try:
        return nip.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid NIP: it needs ten digits with a correct check digit."),
            code="nip",
        ) from None


def clean_vat_number(value: str) -> str:
    """Return an EU VAT number in compact form (country prefix first)."""
    try:
        return vat.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid EU VAT number (for example DE136695976)."), code="vat"
        ) from None


def clean_regon(value: str) -> str:
    try:
        return regon.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid REGON: 9 or 14 digits with a correct check digit."),
            code="regon",
        ) from None


def clean_krs(value: str) -> str:
    value = value.replace(" ", "")
    if not _KRS.match(value):
        raise ValidationError(_("A KRS number has ten digits."), code="krs")
    return value


def validate_polish_postcode(value: str) -> None:
    if not _POSTCODE.match(value):
        raise ValidationError(_("A Polish postcode looks like 47-220."), code="postcode")


def validate_in_poland(latitude, longitude) -> None:
    """Both coordinates or neither; when given, inside Poland."""
    if (latitude is None) != (longitude is None):
        raise ValidationError(
            _("Give both latitude and longitude, or leave both empty."), code="coordinates"
        )
    if latitude is None:
        return
    if not (
        POLAND_LATITUDE[0] <= float(latitude) <= POLAND_LATITUDE[1]
        and POLAND_LONGITUDE[0] <= float(longitude) <= POLAND_LONGITUDE[1]
    ):
        raise ValidationError(
            _("These coordinates are outside Poland. Check them, or leave them empty."),
            code="outside_poland",
        )


def validate_nip(value: str) -> None:
    clean_nip(value)


def validate_vat_number(value: str) -> None:
    clean_vat_number(value)


def validate_regon(value: str) -> None:
    clean_regon(value)


def validate_krs(value: str) -> None:
    clean_krs(value)


def applicant_firm_errors(
    *, kind: str, size_class: str, country: str, nip: str, vat_number: str, postcode: str
) -> dict[str, str]:
    """The rules an application's firm data follows, as {field: message}.

    Shared by the application form and the API, so that both refuse the
    same input with the same words: the size class for enterprises only, a
    NIP for Polish firms (with a Polish postcode), an EU VAT number for the
    others.
    """
    errors = {}
    if kind == "enterprise" and not size_class:
        errors["size_class"] = _("Choose the size class of the enterprise.")
    if kind and kind != "enterprise" and size_class:
        errors["size_class"] = _("Only enterprises have a size class.")
    if country == "PL":
        if not nip:
            errors["nip"] = _("Polish firms give their NIP.")
        if postcode:
            try:
                validate_polish_postcode(postcode)
            except ValidationError as error:
                errors["postcode"] = error.messages[0]
    elif country and not vat_number:
        errors["vat_number"] = _("Firms outside Poland give their EU VAT number.")
    return errors
