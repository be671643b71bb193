from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.validators import (
    validate_in_poland,
    validate_krs,
    validate_nip,
    validate_polish_postcode,
    validate_regon,
    validate_vat_number,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # E-mail addresses are unique regardless of case.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in; the e-mail address is the login."""

    class Language(models.TextChoices):
        POLISH = "pl", _("Polish")
        ENGLISH = "en", _("English")

    email = models.EmailField(_("e-mail address"), max_length=254)
    name = models.CharField(_("name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.POLISH,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_unique_ci"),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Invitations that can still be accepted."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use, expiring invitation to create an account.

    Only the SHA-256 digest of the token is stored; the token itself exists
    only in the mailed link.
    """

    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=User.Language.choices, default=User.Language.POLISH
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    firm = models.ForeignKey(
        "members.Firm",
        verbose_name=_("firm"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    role = models.CharField(_("role in the firm"), max_length=6, blank=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("account created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        """Tokens that still authenticate (not revoked)."""
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal, named token for the REST API, revocable by its owner.

    Only the SHA-256 digest of the secret is stored; the secret itself is
    shown to its owner once, when the token is created. ``prefix`` is the
    secret's public part (``chm_<prefix>_...``), shown in lists so that the
    owner can tell tokens apart.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Its index also serves the owner's list of live tokens.
            models.UniqueConstraint(
                "user",
                Lower("name"),
                condition=models.Q(revoked_at__isnull=True),
                name="members_apitoken_live_name_unique",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix})"


class CompetenceGroup(models.Model):
    """The first level of the competence taxonomy (product areas, processes,
    services)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("competence group")
        verbose_name_plural = _("competence groups")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name_pl


class Competence(models.Model):
    """A specialty-chemistry capability a firm can offer."""

    group = models.ForeignKey(
        CompetenceGroup,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="competences",
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["group__position", "position", "id"]

    def __str__(self):
        return self.name_pl


class FirmQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Firm.Status.ACTIVE)


class Firm(models.Model):
    """A member organisation of the cluster (current, suspended or former)."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        RESEARCH = "research", _("Research institute")
        UNIVERSITY = "university", _("University")
        SCHOOL = "school", _("School")
        SUPPORT = "support", _("Business-support body")
        PUBLIC = "public", _("Public body")

    class SizeClass(models.TextChoices):
        MICRO = "micro", _("Micro")
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active member")
        SUSPENDED = "suspended", _("Suspended")
        FORMER = "former", _("Former member")

    # Fields the firm shows to everyone or to members only (name, city, kind
    # and competences are always public).
    VISIBILITY_FIELDS = (
        "website",
        "email",
        "phone",
        "address",
        "description",
        "offer",
        "certifications",
        "equipment",
    )
    # Contact fields other members may see, as the firm chooses.
    CONTACT_FIELDS = ("name", "function", "email", "phone")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address on the portal"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    size_class = models.CharField(
        _("size class"), max_length=6, choices=SizeClass.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=2, default="PL")
    nip = models.CharField(_("NIP"), max_length=10, blank=True, validators=[validate_nip])
    vat_number = models.CharField(
        _("EU VAT number"), max_length=16, blank=True, validators=[validate_vat_number]
    )
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    krs = models.CharField(_("KRS"), max_length=10, blank=True, validators=[validate_krs])
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    description_pl = models.TextField(_("description (Polish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    offer_pl = models.TextField(_("offer (Polish)"), blank=True)
    offer_en = models.TextField(_("offer (English)"), blank=True)
    certifications = models.TextField(_("certifications"), blank=True)
    equipment_pl = models.TextField(_("equipment and laboratories (Polish)"), blank=True)
    equipment_en = models.TextField(_("equipment and laboratories (English)"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    competences = models.ManyToManyField(
        Competence, verbose_name=_("competences"), related_name="firms", blank=True
    )
    status = models.CharField(
        _("membership"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    joined_on = models.DateField(_("joined"), default=timezone.localdate)
    left_on = models.DateField(_("left"), null=True, blank=True)
    left_reason = models.TextField(_("reason for leaving"), blank=True)
    public_fields = models.JSONField(_("public fields"), default=list, blank=True)
    member_contact_fields = models.JSONField(
        _("contact fields members see"), default=list, blank=True
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    # Kept by members.services.reindex_firms (name, texts, competence names).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = FirmQuerySet.as_manager()

    class Meta:
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nip"], condition=~models.Q(nip=""), name="members_firm_nip_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="enterprise") | models.Q(size_class=""),
                name="members_firm_size_class_for_enterprises_only",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=49.0,
                    latitude__lte=54.9,
                    longitude__gte=14.1,
                    longitude__lte=24.2,
                ),
                name="members_firm_coordinates_in_poland",
            ),
            # NIP for Polish firms, an EU VAT number for the others.
            models.CheckConstraint(
                condition=models.Q(country="PL", vat_number="")
                | (~models.Q(country="PL") & models.Q(nip="")),
                name="members_firm_tax_number_fits_country",
            ),
        ]
        indexes = [
            # The directory's full-text search.
            GinIndex(fields=["search_vector"], name="members_firm_search"),
            # The directory's typo-tolerant fallback on the firm's name.
            GinIndex(OpClass(Lower("name"), name="gin_trgm_ops"), name="members_firm_name_trgm"),
            # The directory's default order within active members.
            models.Index(fields=["status", "name", "id"], name="members_firm_directory"),
            # "Newest members" within active members (keyset pages).
            models.Index(fields=["status", "-joined_on", "-id"], name="members_firm_newest"),
            # The directory filtered by city, in name order, and its count;
            # the city choices of active members (docs/performance.md).
            models.Index(fields=["status", "city", "name", "id"], name="members_firm_city"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:firm", kwargs={"slug": self.slug})

    def clean(self):
        """Rules across fields that forms, the admin and imports share."""
        errors = {}
        if self.kind == self.Kind.ENTERPRISE and not self.size_class:
            errors["size_class"] = _("Choose the size class of the enterprise.")
        if self.kind != self.Kind.ENTERPRISE and self.size_class:
            errors["size_class"] = _("Only enterprises have a size class.")
        if self.country == "PL":
            if self.vat_number:
                errors["vat_number"] = _("Polish firms give their NIP instead.")
            if self.postcode:
                try:
                    validate_polish_postcode(self.postcode)
                except ValidationError as error:
                    errors["postcode"] = error
        elif self.nip:
            errors["nip"] = _("Only Polish firms have a NIP; give the EU VAT number.")
        try:
            validate_in_poland(self.latitude, self.longitude)
        except ValidationError as error:
            errors["latitude"] = error
        if errors:
            raise ValidationError(errors)

    def is_public(self, field: str) -> bool:
        return field in self.public_fields


class FirmRole(models.Model):
    """A user's role in a firm: admin (also manages users) or editor."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        EDITOR = "editor", _("Editor")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="firm_roles"
    )
    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=6, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("role in a firm")
        verbose_name_plural = _("roles in firms")
        ordering = ["firm", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "firm"], name="members_firmrole_one_per_pair"),
        ]

    def __str__(self):
        return f"{self.user} – {self.firm} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class Contact(models.Model):
    """A person at a firm whom the cluster writes to; most never log in."""

    class Source(models.TextChoices):
        FIRM = "firm", _("entered by the firm")
        COORDINATOR = "coordinator", _("entered by the coordinator")
        APPLICATION = "application", _("membership application")
        IMPORT = "import", _("import")

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=User.Language.choices, default=User.Language.POLISH
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.FIRM
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["firm", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                "firm", Lower("email"), name="members_contact_email_unique_per_firm"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.firm})"


class MembershipApplication(models.Model):
    """A firm's application to join the cluster, decided once by the coordinator."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting a decision")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    # The firm as the applicant describes it.
    name = models.CharField(_("firm name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Firm.Kind.choices)
    size_class = models.CharField(
        _("size class"), max_length=6, choices=Firm.SizeClass.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=2, default="PL")
    nip = models.CharField(_("NIP"), max_length=10, blank=True, validators=[validate_nip])
    vat_number = models.CharField(
        _("EU VAT number"), max_length=16, blank=True, validators=[validate_vat_number]
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("what the firm does"), blank=True)
    competences = models.ManyToManyField(
        Competence, verbose_name=_("competences"), related_name="+", blank=True
    )
    motivation = models.TextField(_("why the firm wants to join"))
    # The person who applies, who becomes the firm's contact and admin.
    contact_name = models.CharField(_("name"), max_length=150)
    contact_function = models.CharField(_("function"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=User.Language.choices, default=User.Language.POLISH
    )
    # The information clause the applicant was shown.
    clause_version = models.CharField(_("information clause version"), max_length=20)
    clause_sha256 = models.CharField(_("SHA-256 of the clause"), max_length=64)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    firm = models.ForeignKey(
        Firm,
        verbose_name=_("firm"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            # The coordinator's list, filtered by state, newest first.
            models.Index(fields=["state", "-submitted_at"], name="members_application_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="submitted", decided_at__isnull=True)
                | (~models.Q(state="submitted") & models.Q(decided_at__isnull=False)),
                name="members_application_decided_once",
            ),
            # One application awaiting a decision per firm: a form sent twice
            # (a double click, two tabs) must not give the coordinator two.
            models.UniqueConstraint(
                fields=["nip"],
                condition=models.Q(state="submitted") & ~models.Q(nip=""),
                name="members_application_one_open_per_nip",
            ),
            models.UniqueConstraint(
                fields=["vat_number"],
                condition=models.Q(state="submitted") & ~models.Q(vat_number=""),
                name="members_application_one_open_per_vat",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_state_display()})"
