"""The coordinator's import and export of members."""

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Firm
from members.permissions import coordinator_required
from members.selectors import filter_firms, firm_search_query, search_words
from members.transfer import (
    COLUMNS,
    check_rows,
    export_csv,
    export_xlsx,
    import_members,
    read_table,
)
from members.transfer_forms import ExportForm, ImportConfirmForm, ImportUploadForm

SESSION_KEY = "members_import"


def _stored_import(request):
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return None, None
    return base64.b64decode(stored["content"]), stored["filename"]


@coordinator_required
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    parsed = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            parsed = check_rows(read_table(content=content, filename=upload.name))
        except ValidationError as error:
            form.add_error("file", error)
        else:
            request.session[SESSION_KEY] = {
                "content": base64.b64encode(content).decode(),
                "filename": upload.name,
            }
    return render(
        request,
        "members/import.html",
        {
            "form": form,
            "parsed": parsed,
            "confirm_form": ImportConfirmForm() if parsed else None,
            "columns": COLUMNS,
        },
    )


@coordinator_required
@require_POST
def import_confirm(request):
    content, filename = _stored_import(request)
    form = ImportConfirmForm(request.POST)
    if content is None or not form.is_valid():
        messages.error(request, _("Upload the file again, then confirm."))
        return redirect("members:import")
    parsed = check_rows(read_table(content=content, filename=filename))
    try:
        firms = import_members(
            parsed=parsed,
            actor=request.user,
            valid_rows_only=form.cleaned_data["mode"] == "valid",
            invite_contacts=form.cleaned_data["invite_contacts"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("members:import")
    del request.session[SESSION_KEY]
    messages.success(request, _("Imported %(count)d firms.") % {"count": len(firms)})
    return redirect("members:import")


@coordinator_required
def import_template(request):
    response = HttpResponse(
        ("\ufeff" + ";".join(COLUMNS) + "\r\n").encode(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="chemster-members-template.csv"'
    return response


def filtered_members(cleaned: dict):
    """The members the export form selects (the directory's filters plus
    status), by name."""
    firms = Firm.objects.all()
    if cleaned.get("status"):
        firms = firms.filter(status=cleaned["status"])
    firms = filter_firms(
        firms,
        competences=cleaned.get("competence") or (),
        kind=cleaned.get("kind", ""),
        size_class=cleaned.get("size_class", ""),
        city=cleaned.get("city", ""),
    )
    words = search_words(cleaned.get("q", ""))
    if words:
        firms = firms.filter(search_vector=firm_search_query(words))
    return firms.order_by("name", "id")


@coordinator_required
def export(request):
    form = ExportForm(request.GET or None)
    if not request.GET or not form.is_valid():
        return render(request, "members/export.html", {"form": form})
    firms = filtered_members(form.cleaned_data)
    stamp = timezone.localdate().isoformat()
    if form.cleaned_data["format"] == "xlsx":
        response = HttpResponse(
            export_xlsx(firms),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="chemster-members-{stamp}.xlsx"'
    else:
        response = HttpResponse(export_csv(firms), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="chemster-members-{stamp}.csv"'
    return response
