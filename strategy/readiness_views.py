"""The coordinator's readiness report, its export and its drill-downs."""

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone

from members.permissions import coordinator_required
from strategy.readiness import detail_label, detail_rows, export_csv, export_xlsx, readiness_report

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return formats.localize(value)


@coordinator_required
def readiness(request):
    report = readiness_report(timezone.localdate())
    return render(
        request,
        "strategy/readiness_report.html",
        {
            "report": report,
        },
    )


@coordinator_required
def readiness_export(request, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404
    today = timezone.localdate()
    report = readiness_report(today)
    name = f"chemster-readiness-{today.isoformat()}.{file_format}"
    if file_format == "xlsx":
        response = HttpResponse(export_xlsx(report), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(export_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@coordinator_required
def readiness_detail(request, figure):
    today = timezone.localdate()
    label = detail_label(figure, today)
    rows = detail_rows(figure, today) if label is not None else None
    if rows is None:
        raise Http404
    return render(
        request,
        "strategy/readiness_detail.html",
        {
            "label": label,
            "today": today,
            "columns": rows.columns,
            "rows": [[_cell(value) for value in row] for row in rows.rows],
            "total": rows.total,
            "truncated": rows.truncated,
        },
    )
