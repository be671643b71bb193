"""Writes of joint projects: drafting, submitting, states, external partners,
documents and updates (joining lives in ``projects.participations``).

The views and the API check who may act (``projects.permissions``); these
functions check what the project's state allows.
"""

import os
import secrets
import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chemster.lib.i18n import localized
from chemster.services import log_action
from members.models import FirmRole, User
from members.services import unidecode_pl
from newsletters.models import OutboundMessage
from newsletters.services import queue_mail
from projects.models import ExternalPartner, Participation, Project, ProjectDocument, ProjectUpdate
from projects.validators import check_document, validate_partner_country

# The fields ``update_project`` may change (the slug, firm and state never).
PROJECT_FIELDS = (
    "kind",
    "visibility",
    "title_pl",
    "title_en",
    "summary_pl",
    "summary_en",
    "description_pl",
    "description_en",
    "offer_pl",
    "offer_en",
    "funding_call",
    "funding_deadline",
    "budget",
    "starts_on",
    "ends_on",
)
CLOSED_STATES = (Project.State.COMPLETED, Project.State.CANCELLED)
# Moves that the participants' firm admins hear about by mail.
ANNOUNCED_STATES = (Project.State.ACTIVE, Project.State.COMPLETED, Project.State.CANCELLED)
_SLUG_LENGTH = 70


def _base_slug(title: str) -> str:
    return slugify(unidecode_pl(title))[:_SLUG_LENGTH].strip("-") or "projekt"


def _unique_slug(title: str) -> str:
    base = _base_slug(title)
    slug, n = base, 2
    while Project.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _changes(obj, fields: dict) -> dict:
    return {
        name: [getattr(obj, name), value]
        for name, value in fields.items()
        if getattr(obj, name) != value
    }


def _validate(project: Project) -> None:
    # The slug is checked by its unique constraint at save time; the
    # many-to-many field is not a column.
    project.full_clean(exclude=["slug", "created_by"], validate_unique=False)


def _state_label(state: str) -> str:
    return str(Project.State(state).label)


def create_project(
    *,
    actor: User,
    firm,
    kind: str,
    visibility: str,
    title_pl: str,
    title_en: str = "",
    summary_pl: str = "",
    summary_en: str = "",
    description_pl: str = "",
    description_en: str = "",
    offer_pl: str = "",
    offer_en: str = "",
    needed_competences=(),
    funding_call: str = "",
    funding_deadline: date | None = None,
    budget: Decimal | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Project:
    """Create a draft project of ``firm``; only the firm's users see it.

    The address is made from the Polish title (``-2``, ``-3``, … when it is
    taken; a random suffix if another request took it at the same moment).
    Raises ``ValidationError`` for values the model refuses (an end before
    the start, a negative budget). Audited as ``projects.project.created``.
    """
    project = Project(
        firm=firm,
        kind=kind,
        visibility=visibility,
        title_pl=title_pl,
        title_en=title_en,
        summary_pl=summary_pl,
        summary_en=summary_en,
        description_pl=description_pl,
        description_en=description_en,
        offer_pl=offer_pl,
        offer_en=offer_en,
        funding_call=funding_call,
        funding_deadline=funding_deadline,
        budget=budget,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        state=Project.State.DRAFT,
    )
    _validate(project)
    project.slug = _unique_slug(title_pl)
    for attempt in range(3):
        try:
            with transaction.atomic():
                project.save()
                project.needed_competences.set(needed_competences)
                log_action(
                    actor,
                    project,
                    "projects.project.created",
                    {"firm": firm.name, "title_pl": title_pl, "kind": kind},
                )
        except IntegrityError:
            if attempt == 2:
                raise
            # Another draft took the address between the check and the insert.
            project.pk = None
            project.slug = f"{_base_slug(title_pl)[:60]}-{secrets.token_hex(3)}"
        else:
            break
    return project


def update_project(*, actor: User, project: Project, **fields) -> Project:
    """Change the given fields of a project (and ``needed_competences``).

    Only ``PROJECT_FIELDS`` and ``needed_competences`` may be given; a
    completed or cancelled project cannot change. Audited as
    ``projects.project.updated`` with old and new values; nothing is written
    when nothing changes.
    """
    competences = fields.pop("needed_competences", None)
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a project: {sorted(unknown)}")
    if project.state in CLOSED_STATES:
        raise ValidationError(
            _("A project in the state “%(state)s” cannot be changed any more.")
            % {"state": project.get_state_display()},
            code="closed",
        )
    changes = _changes(project, fields)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(project, name, value)
        if changes:
            _validate(project)
            project.save(update_fields=[*changes, "updated_at"])
        if competences is not None:
            before = set(project.needed_competences.values_list("pk", flat=True))
            after = {getattr(c, "pk", c) for c in competences}
            if before != after:
                project.needed_competences.set(after)
                changes["needed_competences"] = [sorted(before), sorted(after)]
                if len(changes) == 1:
                    project.save(update_fields=["updated_at"])
        if changes:
            log_action(actor, project, "projects.project.updated", changes)
    return project


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _copy_state(source: Project, target: Project) -> Project:
    target.state = source.state
    target.submitted_at = source.submitted_at
    target.updated_at = source.updated_at
    # Cached participations (the permission checks') are stale now.
    getattr(target, "_prefetched_objects_cache", {}).pop("participations", None)
    return target


def submit_project(*, actor: User, project: Project, state: str = Project.State.IDEA) -> Project:
    """Submit a draft as an idea or as recruiting; its firm becomes the leader.

    In one transaction, with the project's row locked: the state and
    ``submitted_at`` change and the firm's accepted ``leader`` participation
    is created, so two submissions at once create one leader (the partial
    unique constraint backs this up). Raises ``ValidationError`` (code
    ``already_submitted``) for a project that is not a draft any more, and
    for a target state other than idea or recruiting. Audited as
    ``projects.project.submitted``.
    """
    if state not in Project.TRANSITIONS[Project.State.DRAFT]:
        raise ValidationError(
            _("A draft can only become an idea or start recruiting partners."), code="state"
        )
    try:
        with transaction.atomic():
            locked = _lock(project)
            if locked.state != Project.State.DRAFT:
                raise ValidationError(
                    _("This project is submitted already."), code="already_submitted"
                )
            now = timezone.now()
            locked.state = state
            locked.submitted_at = now
            locked.save(update_fields=["state", "submitted_at", "updated_at"])
            Participation.objects.create(
                project=locked,
                firm_id=locked.firm_id,
                role=Participation.Role.LEADER,
                state=Participation.State.ACCEPTED,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                decided_by=actor if getattr(actor, "is_authenticated", False) else None,
                decided_at=now,
            )
            log_action(
                actor,
                locked,
                "projects.project.submitted",
                {"state": [Project.State.DRAFT, state], "leader": locked.firm_id},
            )
    except IntegrityError:
        # The firm has a participation already, or a leader appeared.
        raise ValidationError(
            _("This project is submitted already."), code="already_submitted"
        ) from None
    return _copy_state(locked, project)


def _participant_admins(project: Project):
    """Admins of the active firms with an accepted participation."""
    firms = Participation.objects.filter(
        project=project, state=Participation.State.ACCEPTED
    ).values("firm_id")
    return (
        User.objects.filter(
            is_active=True,
            firm_roles__firm__in=firms,
            firm_roles__role=FirmRole.Role.ADMIN,
            firm_roles__firm__status="active",
        )
        .distinct()
        .order_by("pk")
    )


def _project_link(project: Project, language: str) -> str:
    with translation.override(language):
        path = reverse("projects:detail", kwargs={"slug": project.slug})
    return settings.SITE_URL.rstrip("/") + path


def _announce_state(project: Project) -> None:
    for user in _participant_admins(project):
        language = user.preferred_language
        with translation.override(language):
            state_label = _state_label(project.state)
        queue_mail(
            to=user.email,
            language=language,
            template="projects/project_state_changed",
            context={
                "name": user.name,
                "title": localized(project, "title", language).text,
                "state": project.state,
                "state_label": state_label,
                "link": _project_link(project, language),
            },
            category=OutboundMessage.Category.NOTIFICATION,
            dedupe_key=f"project-state:{project.pk}:{project.state}:{user.pk}",
        )


def change_project_state(*, actor: User, project: Project, state: str) -> Project:
    """Move a project to ``state`` along ``Project.TRANSITIONS`` only.

    A draft's moves go through ``submit_project`` (which makes the leader)
    and are refused here.
    The row is locked, so two moves at once are judged one after the other.
    Raises ``ValidationError`` naming both states for a refused move.
    Starting, completing and cancelling mail the admins of the participating
    firms, each in their language. Audited as
    ``projects.project.state_changed``.
    """
    if state not in Project.State.values:
        raise ValidationError(_("Choose a state from the list."), code="state")
    with transaction.atomic():
        locked = _lock(project)
        if locked.state == Project.State.DRAFT:
            # Submitting also makes the leader; only the firm's admin may.
            raise ValidationError(
                _("A draft is submitted by its firm's administrator, not moved."), code="draft"
            )
        if not locked.can_move_to(state):
            raise ValidationError(
                _("A project in the state “%(current)s” cannot move to “%(target)s”.")
                % {"current": _state_label(locked.state), "target": _state_label(state)},
                code="transition",
            )
        previous = locked.state
        locked.state = state
        locked.save(update_fields=["state", "updated_at"])
        log_action(actor, locked, "projects.project.state_changed", {"state": [previous, state]})
        if state in ANNOUNCED_STATES:
            _announce_state(locked)
    return _copy_state(locked, project)


def add_external_partner(
    *, actor: User, project: Project, name: str, country: str, kind: str
) -> ExternalPartner:
    """Record an organisation outside the cluster taking part in the project.

    ``country`` is a two-letter code of ``PARTNER_COUNTRIES``. Audited as
    ``projects.partner.added``.
    """
    name = name.strip()
    country = country.strip().upper()
    validate_partner_country(country)
    partner = ExternalPartner(project=project, name=name, country=country, kind=kind)
    partner.full_clean()
    with transaction.atomic():
        partner.save()
        log_action(
            actor,
            project,
            "projects.partner.added",
            {"partner": partner.pk, "name": name, "country": country, "kind": kind},
        )
    return partner


def remove_external_partner(*, actor: User, partner: ExternalPartner) -> None:
    """Remove an external partner; audited on the project as
    ``projects.partner.removed``."""
    with transaction.atomic():
        log_action(
            actor,
            partner.project,
            "projects.partner.removed",
            {"partner": partner.pk, "name": partner.name, "country": partner.country},
        )
        partner.delete()


def _original_name(upload, extension: str) -> str:
    """The uploaded name for the download, without folders or control
    characters; a name without an extension gets its type's."""
    name = os.path.basename((getattr(upload, "name", "") or "").replace("\\", "/"))
    # Control characters would end up in the download's header.
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "document"
    if not os.path.splitext(name)[1]:
        name += extension
    if len(name) > 255:
        stem, suffix = os.path.splitext(name)
        name = stem[: 255 - len(suffix[:20])] + suffix[:20]
    return name


def add_document(*, actor: User, project: Project, title: str, upload) -> ProjectDocument:
    """Store a file for the project's participants.

    The type is judged by content (``projects.validators.check_document``:
    raises ``ValidationError`` for a forbidden type, a name whose extension
    contradicts the content, or a file over ``UPLOAD_MAX_DOCUMENT_BYTES``).
    The file is saved in the private storage under a generated name with
    the extension of its real type; the uploaded name is kept for the
    download. If the row cannot be saved the file is deleted again.
    Audited as ``projects.document.added``.
    """
    document_type = check_document(upload)
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the document a title."), code="title")
    document = ProjectDocument(
        project=project,
        title=title[:200],
        original_name=_original_name(upload, document_type.extension),
        content_type=document_type.content_type,
        size=upload.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    storage = document.file.storage
    stored = storage.save(
        f"projects/{project.pk}/{uuid.uuid4().hex}{document_type.extension}", upload
    )
    try:
        with transaction.atomic():
            document.file.name = stored
            document.save()
            log_action(
                actor,
                project,
                "projects.document.added",
                {
                    "document": document.pk,
                    "title": document.title,
                    "file": document.original_name,
                    "type": document.content_type,
                    "size": document.size,
                },
            )
    except Exception:
        storage.delete(stored)
        raise
    return document


def delete_document(*, actor: User, document: ProjectDocument) -> None:
    """Delete a document and, after commit, its file.

    Audited on the project as ``projects.document.removed``.
    """
    storage = document.file.storage
    name = document.file.name
    with transaction.atomic():
        log_action(
            actor,
            document.project,
            "projects.document.removed",
            {"document": document.pk, "title": document.title, "file": document.original_name},
        )
        document.delete()
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def post_update(*, actor: User, project: Project, body: str) -> ProjectUpdate:
    """Publish a short news item on the project's page for its participants.

    No mail: participants read updates on the page. Audited as
    ``projects.update.posted``.
    """
    body = body.strip()
    if not body:
        raise ValidationError(_("Write the update first."), code="empty")
    with transaction.atomic():
        update = ProjectUpdate.objects.create(
            project=project,
            author=actor if getattr(actor, "is_authenticated", False) else None,
            body=body,
        )
        log_action(actor, project, "projects.update.posted", {"update": update.pk})
    return update
