"""Privacy pages: a person's download of their data and deletion of their
account, and the coordinator's consent records of an address."""

import json
from datetime import datetime

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from chemster.lib.personal_data import consent_records as consent_records_of
from chemster.lib.spreadsheets import csv_bytes, guard_cell
from members.permissions import coordinator_required
from members.privacy import (
    PersonalDataEncoder,
    account_deletion_blockers,
    delete_account,
    erasure_summary,
    personal_data_json,
)
from members.privacy_forms import ConsentLookupForm, DeleteAccountForm

RECORD_FIELDS = (
    "kind",
    "subject",
    "version",
    "sha256",
    "at",
    "language",
    "method",
    "confirmed_at",
    "withdrawn_at",
    "text",
)


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(microsecond=0)
    return guard_cell("" if value is None else value)


@never_cache
@require_safe
def my_data(request):
    today = timezone.localdate().isoformat()
    return _attachment(
        personal_data_json(user=request.user),
        content_type="application/json; charset=utf-8",
        filename=f"chemster-my-data-{today}.json",
    )


@never_cache
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def account_delete(request):
    user = request.user
    blockers = account_deletion_blockers(user=user)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if not blockers and form.is_valid():
        try:
            delete_account(user=user)
        except ValidationError as error:
            blockers = error.messages
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data are deleted."))
            return redirect("account_deleted")
    return render(
        request,
        "members/account_delete.html",
        {
            "blockers": blockers,
            "form": form,
            "summary": erasure_summary(user=user),
        },
    )


@login_not_required
@require_safe
def account_deleted(request):
    return render(request, "members/account_deleted.html")


@coordinator_required
@require_safe
def consent_records(request):
    form = ConsentLookupForm(request.GET or None)
    records = None
    if form.is_valid():
        email = form.cleaned_data["email"]
        records = consent_records_of(email)
        file_format = form.cleaned_data["format"]
        filename = f"consents-{timezone.localdate().isoformat()}.{file_format}"
        if file_format == "csv":
            rows = [RECORD_FIELDS] + [
                [_cell(getattr(record, name)) for name in RECORD_FIELDS] for record in records
            ]
            return _attachment(
                csv_bytes(rows), content_type="text/csv; charset=utf-8", filename=filename
            )
        if file_format == "json":
            content = json.dumps(
                {
                    "generated_at": timezone.localtime().isoformat(),
                    "email": email,
                    "records": [
                        {name: getattr(r, name) for name in RECORD_FIELDS} for r in records
                    ],
                },
                cls=PersonalDataEncoder,
                ensure_ascii=False,
                indent=2,
            ).encode()
            return _attachment(
                content, content_type="application/json; charset=utf-8", filename=filename
            )
    return render(
        request,
        "members/consent_records.html",
        {
            "form": form,
            "records": records,
        },
    )
