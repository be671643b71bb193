"""Pages of joint projects: the lists, the project page, the combined offer,
and what the project's managers keep (fields, state, external partners,
documents, updates).

Access goes through ``projects.permissions`` (404 for a project the user
may not see, 403 for one they may see but not change). POST-only views
check access before the method, so that only those who may act learn that
the URL wants a POST. Joining, matching and offers have their own modules.
"""

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.permissions import get_firm_for_editor, get_firm_for_user, sees_members_content
from members.selectors import competence_groups
from projects import selectors
from projects.forms import (
    DocumentForm,
    ExternalPartnerForm,
    ProjectFilterForm,
    ProjectForm,
    StateForm,
    SubmitForm,
    UpdateForm,
)
from projects.models import Project
from projects.participations import panel_context as participation_panel_context
from projects.permissions import (
    can_create_project,
    can_manage_project,
    can_see_firm_projects,
    can_submit_project,
    get_project_for_manager,
    get_project_for_participant,
    get_project_for_user,
    is_participant,
    member_firm_ids,
)
from projects.services import (
    CLOSED_STATES,
    add_document,
    add_external_partner,
    change_project_state,
    create_project,
    delete_document,
    post_update,
    remove_external_partner,
    submit_project,
    update_project,
)

PAGE_SIZE = 20
# The buttons that move a submitted project on, by target state.
STATE_ACTIONS = {
    Project.State.RECRUITING: gettext_lazy("Start recruiting partners"),
    Project.State.ACTIVE: gettext_lazy("Start the project"),
    Project.State.COMPLETED: gettext_lazy("Mark as completed"),
    Project.State.CANCELLED: gettext_lazy("Cancel the project"),
}


def _post_only(request):
    """A 405 answer unless the request is a POST (after the access check)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _data(request):
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's error beside the form's fields (or above them)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _refusal(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _visible_project(request, slug) -> Project | None:
    """The project for a public page, or ``None`` when a visitor should log
    in first: a visitor asking for a project that is not public (or does
    not exist) is sent to log in, so nothing tells members-only projects
    from missing ones. Logged-in users get 404."""
    try:
        return get_project_for_user(request, slug)
    except Http404:
        if request.user.is_authenticated:
            raise
        return None


def _selected(bound_field) -> set[str]:
    return {str(getattr(value, "pk", value)) for value in bound_field.value() or []}


def _form_page(request, form, *, firm, project=None, status=200):
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "firm": firm,
            "project": project,
            "closed": project is not None and project.state in CLOSED_STATES,
            "competence_groups": competence_groups(),
            "selected_competences": _selected(form["needed_competences"]),
        },
        status=status,
    )


@login_not_required
def project_list(request):
    form = ProjectFilterForm(request.GET or None)
    filters = form.filters()
    projects = selectors.project_list(request.user, **filters)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {name: getattr(value, "pk", value) for name, value in filters.items() if value}
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page": page,
            "filter_query": urlencode(kept),
            "filtered": bool(kept),
            "members_see_more": not sees_members_content(request.user),
        },
    )


def firm_projects(request, firm):
    firm = get_firm_for_user(request, firm)
    if not can_see_firm_projects(request.user, firm):
        raise PermissionDenied
    own = firm.pk in member_firm_ids(request.user)
    return render(
        request,
        "projects/project_firm_list.html",
        {
            "firm": firm,
            "projects": selectors.firm_projects(firm, include_drafts=own),
            "can_create": can_create_project(request.user, firm),
        },
    )


def project_create(request, firm):
    firm = get_firm_for_editor(request, firm)
    if not can_create_project(request.user, firm):
        raise PermissionDenied
    form = ProjectForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            project = create_project(actor=request.user, firm=firm, **form.project_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The draft is saved. Only your firm sees it until its admin submits it."),
            )
            return redirect(project)
    return _form_page(request, form, firm=firm)


@login_not_required
def project_detail(request, slug):
    project = _visible_project(request, slug)
    if project is None:
        return redirect_to_login(request.get_full_path())
    private = is_participant(request.user, project)
    can_manage = can_manage_project(request.user, project)
    submitted = project.state != Project.State.DRAFT
    state_actions = []
    if can_manage and submitted:
        state_actions = [
            (state, STATE_ACTIONS[state]) for state in Project.TRANSITIONS[project.state]
        ]
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            **selectors.project_page(project, private=private),
            "is_participant": private,
            "can_manage": can_manage,
            "can_edit": can_manage and project.state not in CLOSED_STATES,
            "can_submit": can_submit_project(request.user, project),
            "can_post_update": can_manage and submitted,
            "submit_form": SubmitForm(),
            "update_form": UpdateForm(),
            "state_actions": state_actions,
            "show_matching": can_manage and project.is_open,
            "has_offer_page": project.kind == Project.Kind.COMBINED_OFFER,
            "participation_panel": participation_panel_context(request.user, project),
        },
    )


@login_not_required
def combined_offer(request, slug):
    project = _visible_project(request, slug)
    if project is None:
        return redirect_to_login(request.get_full_path())
    if project.kind != Project.Kind.COMBINED_OFFER:
        raise Http404
    return render(
        request,
        "projects/project_offer.html",
        {
            "project": project,
            "participants": list(selectors.participants_of(project)),
        },
    )


def project_edit(request, slug):
    project = get_project_for_manager(request, slug)
    form = ProjectForm(_data(request), project=project)
    if request.method == "POST" and form.is_valid():
        try:
            update_project(actor=request.user, project=project, **form.project_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect(project)
    return _form_page(request, form, firm=project.firm, project=project)


def project_submit(request, slug):
    project = get_project_for_user(request, slug)
    if not can_submit_project(request.user, project):
        raise PermissionDenied
    if refused := _post_only(request):
        return refused
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how to submit the project."))
        return redirect(project)
    try:
        submit_project(actor=request.user, project=project, state=form.cleaned_data["state"])
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(
            request, _("The project is submitted; your firm leads it and members can see it.")
        )
    return redirect(project)


def project_state(request, slug):
    project = get_project_for_manager(request, slug)
    if refused := _post_only(request):
        return refused
    form = StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a state from the list."))
        return redirect(project)
    try:
        change_project_state(actor=request.user, project=project, state=form.cleaned_data["state"])
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(
            request,
            _("The project's state is now: %(state)s.") % {"state": project.get_state_display()},
        )
    return redirect(project)


def external_partners(request, slug):
    project = get_project_for_manager(request, slug)
    form = ExternalPartnerForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            partner = add_external_partner(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": partner.name})
            return redirect("projects:external-partners", slug=project.slug)
    return render(
        request,
        "projects/project_partners.html",
        {
            "project": project,
            "form": form,
            "partners": project.external_partners.all(),
        },
    )


def external_partner_delete(request, slug, pk):
    project = get_project_for_manager(request, slug)
    if refused := _post_only(request):
        return refused
    partner = get_object_or_404(project.external_partners.select_related("project"), pk=pk)
    remove_external_partner(actor=request.user, partner=partner)
    messages.success(request, _("%(name)s is removed.") % {"name": partner.name})
    return redirect("projects:external-partners", slug=project.slug)


def documents(request, slug):
    project = get_project_for_participant(request, slug)
    form = DocumentForm(_data(request), request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                document = add_document(
                    actor=request.user,
                    project=project,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("%(title)s is uploaded.") % {"title": document.title})
                return redirect("projects:documents", slug=project.slug)
        status = 400
    return render(
        request,
        "projects/project_documents.html",
        {
            "project": project,
            "form": form,
            "documents": project.documents.select_related("uploaded_by"),
            "can_delete": can_manage_project(request.user, project),
        },
        status=status,
    )


def document_download(request, slug, pk):
    project = get_project_for_participant(request, slug)
    document = get_object_or_404(project.documents.all(), pk=pk)
    # Documents are small (UPLOAD_MAX_DOCUMENT_BYTES): read whole, the file
    # is closed at once rather than whenever a client (or a test) finishes
    # the response.
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=document.original_name,
        # Text was checked to be UTF-8 on upload; say so, or a browser guesses.
        content_type=document.content_type
        + ("; charset=utf-8" if document.content_type.startswith("text/") else ""),
    )
    # The stored type is what the content check found; never let a browser
    # guess another one (an HTML guess would run in the portal's origin).
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def document_delete(request, slug, pk):
    project = get_project_for_manager(request, slug)
    if refused := _post_only(request):
        return refused
    document = get_object_or_404(project.documents.select_related("project"), pk=pk)
    delete_document(actor=request.user, document=document)
    messages.success(request, _("%(title)s is deleted.") % {"title": document.title})
    return redirect("projects:documents", slug=project.slug)


def update_add(request, slug):
    project = get_project_for_manager(request, slug)
    if refused := _post_only(request):
        return refused
    form = UpdateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(project)
    try:
        post_update(actor=request.user, project=project, body=form.cleaned_data["body"])
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The update is published for the participants."))
    return redirect(f"{project.get_absolute_url()}#updates")
