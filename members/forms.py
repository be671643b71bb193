import copy
import math
from datetime import date
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from chemster.lib.i18n import localized
from members.images import LOGO_MAX_SIDE, LOGO_MIN_SIDE, normalise_logo
from members.models import (
    ApiToken,
    Competence,
    CompetenceGroup,
    Contact,
    Firm,
    FirmRole,
    User,
)
from members.selectors import (
    DIRECTORY_PAGE_SIZE,
    DIRECTORY_PAGE_SIZES,
    ORDER_NAME,
    ORDER_NEWEST,
    ORDER_RELEVANCE,
    search_words,
)
from members.validators import clean_krs, clean_nip, clean_regon, clean_vat_number


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password, not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                validate_password(first, User(email=self.email, name=cleaned.get("name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=User.Language.choices, initial="pl"
    )


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=User.Language.choices
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_('Where the token is used, for example "nightly export script".'),
    )


# --- The directory ------------------------------------------------------------

DIRECTORY_CURSOR_SALT = "members.directory.cursor"


def directory_cursor(order: str, key: tuple) -> str:
    """The signed ``after`` value of the directory's next-page link."""
    return signing.dumps(
        [order, [value.isoformat() if isinstance(value, date) else value for value in key]],
        salt=DIRECTORY_CURSOR_SALT,
    )


def directory_cursor_key(order: str, raw: str) -> tuple:
    """The position a cursor names, checked against the order it was made
    for; ``ValueError`` for anything else."""
    try:
        signed_order, key = signing.loads(raw, salt=DIRECTORY_CURSOR_SALT)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise ValueError("bad cursor") from error
    if signed_order != order or not isinstance(key, list):
        raise ValueError("cursor of another order")
    if order == ORDER_RELEVANCE:
        if len(key) != 3:
            raise ValueError("bad cursor key")
        score, name, pk = key
        if (
            not isinstance(score, int | float)
            or isinstance(score, bool)
            or not math.isfinite(score)
            or not isinstance(name, str)
            or not isinstance(pk, int)
        ):
            raise ValueError("bad cursor key")
        return (float(score), name, pk)
    if len(key) != 2:
        raise ValueError("bad cursor key")
    value, pk = key
    if not isinstance(pk, int) or not isinstance(value, str):
        raise ValueError("bad cursor key")
    if order == ORDER_NEWEST:
        return (date.fromisoformat(value), pk)
    return (value, pk)


class DirectoryFilterForm(forms.Form):
    """The directory's search box, filters, order and page cursor.

    Choices come from ``directory_facets()`` (cached), so validating asks
    the database nothing. ``cleaned_data["after"]`` is the decoded cursor
    (or None); a cursor that is not ours, or made for another order, is a
    field error.
    """

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
        help_text=_("Firm name, product, process or service; Polish letters are optional."),
    )
    competence = forms.TypedMultipleChoiceField(label=_("Competences"), coerce=int, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    size_class = forms.ChoiceField(label=_("Size"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    # The empty choice sorts words by best match and a list without words
    # by name.
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Best match")),
            (ORDER_NAME, _("Name A–Z")),
            (ORDER_NEWEST, _("Newest members")),
        ],
    )
    size = forms.TypedChoiceField(
        label=_("Per page"),
        required=False,
        coerce=int,
        empty_value=DIRECTORY_PAGE_SIZE,
        # The default size is the empty choice, so that links stay short.
        choices=[
            ("" if n == DIRECTORY_PAGE_SIZE else str(n), str(n)) for n in DIRECTORY_PAGE_SIZES
        ],
    )
    after = forms.CharField(required=False, max_length=600, widget=forms.HiddenInput)

    def __init__(self, *args, facets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].choices = [
            (group, [(pk, name) for pk, name in competences])
            for group, competences in facets["competence_groups"]
        ]
        self.fields["kind"].choices = [("", _("Any kind")), *Firm.Kind.choices]
        self.fields["size_class"].choices = [("", _("Any size")), *Firm.SizeClass.choices]
        self.fields["city"].choices = [("", _("Any city"))] + [
            (city, city) for city in facets["cities"]
        ]

    def clean_sort(self):
        if self.cleaned_data["sort"]:
            return self.cleaned_data["sort"]
        return ORDER_RELEVANCE if search_words(self.cleaned_data.get("q", "")) else ORDER_NAME

    def clean(self):
        cleaned = super().clean()
        raw = cleaned.get("after")
        cleaned["after"] = None
        if raw and "sort" in cleaned:
            try:
                cleaned["after"] = directory_cursor_key(cleaned["sort"], raw)
            except ValueError:
                self.add_error(
                    "after",
                    _("This page link is not valid any more. Start from the first page."),
                )
        return cleaned


# --- Firm profile, logo, contacts, users and competences ----------------------

# Member firms from abroad are in the EU (they give an EU VAT number).
EU_COUNTRIES = [
    ("PL", _("Poland")),
    ("AT", _("Austria")),
    ("BE", _("Belgium")),
    ("BG", _("Bulgaria")),
    ("HR", _("Croatia")),
    ("CY", _("Cyprus")),
    ("CZ", _("Czechia")),
    ("DK", _("Denmark")),
    ("EE", _("Estonia")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("DE", _("Germany")),
    ("GR", _("Greece")),
    ("HU", _("Hungary")),
    ("IE", _("Ireland")),
    ("IT", _("Italy")),
    ("LV", _("Latvia")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("MT", _("Malta")),
    ("NL", _("Netherlands")),
    ("PT", _("Portugal")),
    ("RO", _("Romania")),
    ("SK", _("Slovakia")),
    ("SI", _("Slovenia")),
    ("ES", _("Spain")),
    ("SE", _("Sweden")),
]
# Greece's VAT numbers start with EL, not GR.
VAT_PREFIX = {"GR": "EL"}

VISIBILITY_LABELS = {
    "website": _("Website"),
    "email": _("E-mail"),
    "phone": _("Phone"),
    "address": _("Address"),
    "description": _("Description"),
    "offer": _("Offer"),
    "certifications": _("Certifications"),
    "equipment": _("Equipment and laboratories"),
}
CONTACT_FIELD_LABELS = {
    "name": _("Name"),
    "function": _("Function"),
    "email": _("E-mail"),
    "phone": _("Phone"),
}
# Long texts have no limit in the database; the form sets one.
FIRM_TEXT_MAX_LENGTH = 5000
FIRM_TEXT_FIELDS = (
    "description_pl",
    "description_en",
    "offer_pl",
    "offer_en",
    "certifications",
    "equipment_pl",
    "equipment_en",
)
COORDINATE_PRECISION = Decimal("0.00001")


def _coordinate_field(label):
    # Localised, so that "50,349" (a Polish decimal comma) is accepted too.
    return forms.DecimalField(label=label, required=False, localize=True)


class FirmProfileForm(forms.ModelForm):
    """Everything a firm keeps about itself, except the logo and its status.

    Works on a copy of the firm, so the view hands ``firm_fields()`` to
    ``update_firm`` with the untouched firm and the audit sees old and new
    values. Cross-field rules (size class, tax number, postcode, coordinates)
    come from ``Firm.clean``.
    """

    country = forms.ChoiceField(label=_("Country"), choices=EU_COUNTRIES)
    nip = forms.CharField(
        label=_("NIP"), max_length=20, required=False, help_text=_("Polish firms only.")
    )
    vat_number = forms.CharField(
        label=_("EU VAT number"),
        max_length=20,
        required=False,
        help_text=_("Firms outside Poland only, with the country prefix (DE136695976)."),
    )
    regon = forms.CharField(label=_("REGON"), max_length=20, required=False)
    krs = forms.CharField(label=_("KRS"), max_length=20, required=False)
    latitude = _coordinate_field(_("Latitude"))
    longitude = _coordinate_field(_("Longitude"))
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences"), queryset=Competence.objects.all(), required=False
    )
    public_fields = forms.MultipleChoiceField(
        label=_("Shown to everyone"),
        choices=list(VISIBILITY_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ticked fields are public; the others only members see."),
    )
    member_contact_fields = forms.MultipleChoiceField(
        label=_("Contact details other members see"),
        choices=list(CONTACT_FIELD_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Visitors never see the firm's contacts."),
    )

    class Meta:
        model = Firm
        fields = [
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
            "latitude",
            "longitude",
            "website",
            "email",
            "phone",
            *FIRM_TEXT_FIELDS,
            "competences",
            "public_fields",
            "member_contact_fields",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in FIRM_TEXT_FIELDS}
        help_texts = {
            "size_class": _("Enterprises only, by the EU SME definition."),
            "latitude": _("Both coordinates or neither; inside Poland."),
        }

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, instance=copy.copy(firm), **kwargs)
        self.fields["latitude"].help_text = _(
            "Both coordinates or neither, inside Poland, for example 50.34921 and 18.22380."
        )
        for name in FIRM_TEXT_FIELDS:
            field = self.fields[name]
            field.max_length = FIRM_TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(FIRM_TEXT_MAX_LENGTH))
            field.widget.attrs["maxlength"] = str(FIRM_TEXT_MAX_LENGTH)
        if firm.country not in dict(EU_COUNTRIES):
            # Keep a country outside the list selectable for a firm that has it.
            self.fields["country"].choices = [*EU_COUNTRIES, (firm.country, firm.country)]

    def clean_nip(self):
        nip = self.cleaned_data["nip"]
        if not nip:
            return ""
        nip = clean_nip(nip)
        if Firm.objects.exclude(pk=self.instance.pk).filter(nip=nip).exists():
            raise ValidationError(_("Another member firm has this NIP."), code="nip_taken")
        return nip

    def clean_vat_number(self):
        value = self.cleaned_data["vat_number"]
        return clean_vat_number(value) if value else ""

    def clean_regon(self):
        value = self.cleaned_data["regon"]
        return clean_regon(value) if value else ""

    def clean_krs(self):
        value = self.cleaned_data["krs"]
        return clean_krs(value) if value else ""

    def clean_latitude(self):
        value = self.cleaned_data["latitude"]
        return None if value is None else value.quantize(COORDINATE_PRECISION)

    def clean_longitude(self):
        value = self.cleaned_data["longitude"]
        return None if value is None else value.quantize(COORDINATE_PRECISION)

    def clean_public_fields(self):
        chosen = set(self.cleaned_data["public_fields"])
        return [name for name in Firm.VISIBILITY_FIELDS if name in chosen]

    def clean_member_contact_fields(self):
        chosen = set(self.cleaned_data["member_contact_fields"])
        return [name for name in Firm.CONTACT_FIELDS if name in chosen]

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country")
        if country == "PL" and "nip" in cleaned and not cleaned["nip"]:
            self.add_error("nip", _("Give the firm's NIP."))
        if country and country != "PL" and "vat_number" in cleaned:
            vat_number = cleaned["vat_number"]
            if not vat_number:
                self.add_error("vat_number", _("Give the firm's EU VAT number."))
            elif not vat_number.startswith(VAT_PREFIX.get(country, country)):
                self.add_error(
                    "vat_number", _("The VAT number's prefix does not match the country.")
                )
        return cleaned

    def firm_fields(self) -> dict:
        """The cleaned profile fields, for ``update_firm`` (no competences)."""
        return {
            name: self.cleaned_data[name] for name in self._meta.fields if name != "competences"
        }


class FirmLogoForm(forms.Form):
    logo = forms.FileField(
        label=_("New logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = _(
            "PNG, JPEG or WebP, at most %(size)s and %(max)s × %(max)s pixels, at least "
            "%(min)s × %(min)s. It is stored without its metadata."
        ) % {
            "size": filesizeformat(settings.UPLOAD_MAX_IMAGE_BYTES),
            "max": LOGO_MAX_SIDE,
            "min": LOGO_MIN_SIDE,
        }

    def clean_logo(self):
        upload = self.cleaned_data["logo"]
        # Checked and re-encoded here, so that errors show with the form;
        # set_firm_logo checks again whatever it is given.
        return normalise_logo(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("logo") and cleaned.get("remove_logo"):
            self.add_error(
                "remove_logo", _("Either upload a new logo or remove the old one, not both.")
            )
        return cleaned

    def has_change(self) -> bool:
        return bool(self.cleaned_data["logo"] or self.cleaned_data["remove_logo"])


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    function = forms.CharField(label=_("Function"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(
        label=_("Language of mail"), choices=User.Language.choices, initial="pl"
    )
    user = forms.ModelChoiceField(
        label=_("Account on the portal"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Optional: the firm's user this contact is."),
    )

    def __init__(self, *args, firm: Firm, contact: Contact | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.firm = firm
        self.contact = contact
        self.fields["user"].queryset = User.objects.filter(firm_roles__firm=firm).order_by(
            "name", "pk"
        )

    def clean_email(self):
        email = self.cleaned_data["email"]
        others = self.firm.contacts.filter(email__iexact=email)
        if self.contact is not None:
            others = others.exclude(pk=self.contact.pk)
        if others.exists():
            raise ValidationError(
                _("The firm has a contact with this e-mail address already."), code="duplicate"
            )
        return email


class FirmInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=FirmRole.Role.choices, initial=FirmRole.Role.EDITOR
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=User.Language.choices, initial="pl"
    )

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.firm = firm

    def clean_email(self):
        email = self.cleaned_data["email"]
        if self.firm.roles.filter(user__email__iexact=email).exists():
            raise ValidationError(
                _("This person has a role in the firm already; change it in the list."),
                code="has_role",
            )
        return email


class FirmRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=FirmRole.Role.choices)


class CompetenceGroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localized(obj, "name").text


class CompetenceForm(forms.Form):
    name_pl = forms.CharField(label=_("Name (Polish)"), max_length=160)
    name_en = forms.CharField(label=_("Name (English)"), max_length=160)

    def __init__(self, *args, competence: Competence | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.competence = competence

    def _clean_unique_name(self, field):
        name = self.cleaned_data[field]
        others = Competence.objects.filter(**{f"{field}__iexact": name})
        if self.competence is not None:
            others = others.exclude(pk=self.competence.pk)
        if others.exists():
            raise ValidationError(_("Another competence has this name already."), code="duplicate")
        return name

    def clean_name_pl(self):
        return self._clean_unique_name("name_pl")

    def clean_name_en(self):
        return self._clean_unique_name("name_en")


class CompetenceAddForm(CompetenceForm):
    group = CompetenceGroupChoiceField(
        label=_("Group"), queryset=CompetenceGroup.objects.all(), empty_label=None
    )

    field_order = ["group", "name_pl", "name_en"]
