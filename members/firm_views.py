"""Pages where firms keep their profile, contacts and users, and where the
coordinator keeps the competence taxonomy.

The firm is always in the URL; access goes through the fetch helpers of
``members.permissions`` (404 for a firm the user may not see, 403 for one
they may see but not change), and children are fetched through their firm.
POST-only views check access before the method, so that only those who may
act learn that the URL wants a POST.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from members.forms import (
    CompetenceAddForm,
    CompetenceForm,
    ContactForm,
    FirmInviteForm,
    FirmLogoForm,
    FirmProfileForm,
    FirmRoleForm,
)
from members.models import Competence, FirmRole
from members.permissions import (
    can_manage_firm_users,
    coordinator_required,
    get_firm_for_admin,
    get_firm_for_editor,
    is_coordinator,
)
from members.selectors import competence_groups
from members.services import (
    add_competence,
    add_contact,
    change_firm_role,
    invite_to_firm,
    remove_contact,
    remove_firm_role,
    rename_competence,
    set_firm_logo,
    update_contact,
    update_firm,
)


def _post_only(request):
    """A 405 answer unless the request is a POST (after the access check)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _data(request):
    return request.POST if request.method == "POST" else None


def _firm_context(request, firm, section):
    """What the firm's tabs need (the same on every firm page)."""
    return {
        "firm": firm,
        "section": section,
        "can_manage_users": can_manage_firm_users(request.user, firm),
    }


def _selected(bound_field) -> set[str]:
    return {str(value) for value in bound_field.value() or []}


def firm_edit(request, slug):
    firm = get_firm_for_editor(request, slug)
    profile_form = FirmProfileForm(_data(request), firm=firm)
    logo_form = FirmLogoForm(_data(request), request.FILES or None)
    if request.method == "POST" and all([profile_form.is_valid(), logo_form.is_valid()]):
        if logo_form.has_change():
            set_firm_logo(firm=firm, actor=request.user, upload=logo_form.cleaned_data["logo"])
        update_firm(
            firm=firm,
            actor=request.user,
            fields=profile_form.firm_fields(),
            competences=profile_form.cleaned_data["competences"],
        )
        messages.success(request, _("The firm's profile is saved."))
        return redirect("members:firm-edit", slug=firm.slug)
    return render(
        request,
        "members/firm_edit.html",
        {
            **_firm_context(request, firm, "profile"),
            "form": profile_form,
            "logo_form": logo_form,
            "competence_groups": competence_groups(),
            "selected_competences": _selected(profile_form["competences"]),
        },
    )


def contact_list(request, slug):
    firm = get_firm_for_editor(request, slug)
    form = ContactForm(_data(request), firm=firm)
    if request.method == "POST" and form.is_valid():
        try:
            contact = add_contact(firm=firm, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            # The database's rule caught what the form's check missed (a
            # contact added at the same moment).
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": contact.name})
            return redirect("members:firm-contacts", slug=firm.slug)
    return render(
        request,
        "members/contact_list.html",
        {
            **_firm_context(request, firm, "contacts"),
            "form": form,
            "contacts": firm.contacts.select_related("user").order_by("name", "pk"),
        },
    )


def contact_edit(request, slug, pk):
    firm = get_firm_for_editor(request, slug)
    contact = get_object_or_404(firm.contacts.all(), pk=pk)
    form = ContactForm(
        _data(request),
        firm=firm,
        contact=contact,
        initial={
            "name": contact.name,
            "function": contact.function,
            "email": contact.email,
            "phone": contact.phone,
            "language": contact.language,
            "user": contact.user_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_contact(contact=contact, actor=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": contact.name})
            return redirect("members:firm-contacts", slug=firm.slug)
    return render(
        request,
        "members/contact_edit.html",
        {
            **_firm_context(request, firm, "contacts"),
            "form": form,
            "contact": contact,
        },
    )


def contact_delete(request, slug, pk):
    firm = get_firm_for_editor(request, slug)
    if refused := _post_only(request):
        return refused
    contact = get_object_or_404(firm.contacts.all(), pk=pk)
    remove_contact(contact=contact, actor=request.user)
    messages.success(request, _("%(name)s is removed.") % {"name": contact.name})
    return redirect("members:firm-contacts", slug=firm.slug)


def firm_users(request, slug):
    firm = get_firm_for_admin(request, slug)
    form = FirmInviteForm(_data(request), firm=firm)
    if request.method == "POST" and form.is_valid():
        try:
            result = invite_to_firm(firm=firm, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            if isinstance(result, FirmRole):
                message = _("%(email)s has an account already and now has a role in the firm.")
            else:
                message = _("The invitation to %(email)s is on its way.")
            messages.success(request, message % {"email": form.cleaned_data["email"]})
            return redirect("members:firm-users", slug=firm.slug)
    return render(
        request,
        "members/firm_users.html",
        {
            **_firm_context(request, firm, "users"),
            "form": form,
            "firm_roles": firm.roles.select_related("user").order_by("user__name", "pk"),
            "role_choices": FirmRole.Role.choices,
            "invitations": firm.invitations.open().order_by("email"),
        },
    )


def firm_user_role(request, slug, pk):
    firm = get_firm_for_admin(request, slug)
    if refused := _post_only(request):
        return refused
    firm_role = get_object_or_404(firm.roles.select_related("user"), pk=pk)
    form = FirmRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("members:firm-users", slug=firm.slug)
    try:
        change_firm_role(firm_role=firm_role, role=form.cleaned_data["role"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("members:firm-users", slug=firm.slug)
    changed = {"name": firm_role.user.name or firm_role.user.email}
    changed["role"] = firm_role.get_role_display()
    messages.success(request, _("%(name)s is now: %(role)s.") % changed)
    if firm_role.user_id == request.user.pk and not is_coordinator(request.user):
        # An admin who made themselves an editor no longer sees this page.
        return redirect("members:firm-edit", slug=firm.slug)
    return redirect("members:firm-users", slug=firm.slug)


def firm_user_remove(request, slug, pk):
    firm = get_firm_for_admin(request, slug)
    if refused := _post_only(request):
        return refused
    firm_role = get_object_or_404(firm.roles.select_related("user"), pk=pk)
    try:
        remove_firm_role(firm_role=firm_role, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("members:firm-users", slug=firm.slug)
    messages.success(
        request,
        _("%(name)s no longer has a role in the firm.")
        % {"name": firm_role.user.name or firm_role.user.email},
    )
    if firm_role.user_id == request.user.pk and not is_coordinator(request.user):
        return redirect("account_overview")
    return redirect("members:firm-users", slug=firm.slug)


@coordinator_required
def competence_list(request):
    form = CompetenceAddForm(_data(request))
    if request.method == "POST" and form.is_valid():
        competence = add_competence(actor=request.user, **form.cleaned_data)
        messages.success(
            request, _("The competence “%(name)s” is added.") % {"name": competence.name_pl}
        )
        return redirect("members:competences")
    return render(
        request,
        "members/competence_list.html",
        {
            "form": form,
            "competence_groups": competence_groups(),
        },
    )


@coordinator_required
def competence_edit(request, pk):
    competence = get_object_or_404(Competence.objects.select_related("group"), pk=pk)
    form = CompetenceForm(
        _data(request),
        competence=competence,
        initial={"name_pl": competence.name_pl, "name_en": competence.name_en},
    )
    if request.method == "POST" and form.is_valid():
        rename_competence(competence=competence, actor=request.user, **form.cleaned_data)
        messages.success(
            request, _("The competence “%(name)s” is saved.") % {"name": competence.name_pl}
        )
        return redirect("members:competences")
    return render(
        request,
        "members/competence_edit.html",
        {
            "form": form,
            "competence": competence,
            "firm_count": competence.firms.count(),
        },
    )


# The names set_firm_logo gives (members.images): nothing else is served.
_LOGO_NAME = re.compile(r"[0-9a-f]{32}\.png")


@login_not_required
@require_safe
def logo(request, name):
    """A firm's logo, so that no web server needs to publish MEDIA_ROOT.

    Logos are re-encoded PNGs under random names, so they are served inline
    as ``image/png`` with ``nosniff``, a sandboxing CSP and a year's
    caching (a new logo gets a new name).
    """
    if not _LOGO_NAME.fullmatch(name):
        raise Http404
    try:
        with default_storage.open(f"logos/{name}", "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = HttpResponse(content, content_type="image/png")
    response["Content-Disposition"] = 'inline; filename="logo.png"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
