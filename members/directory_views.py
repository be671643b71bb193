"""The public member directory and firm pages."""

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chemster.lib.cache import cached
from members.forms import DirectoryFilterForm, directory_cursor
from members.models import Firm
from members.permissions import can_edit_firm, can_manage_firm_users, get_firm_for_user
from members.selectors import (
    directory_facets,
    firm_competence_groups,
    search_firms,
    visible_contacts,
    visible_profile,
)

# One of members.services.DIRECTORY_CACHE_KEYS, which the firm services drop.
FACETS_CACHE_KEY = "members:directory-facets"


def _query_string(params, **changes) -> str:
    """``params`` (a QueryDict) with ``changes``; a value of None drops a key."""
    params = params.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()


def _web_address(url: str) -> str:
    """``url`` when it is safe to link (http or https), else ""."""
    return url if urlsplit(url).scheme in ("http", "https") else ""


@login_not_required
@require_GET
def directory(request):
    # The filters' choices are the same for every viewer; only the firms
    # listed depend on the request.
    facets = cached(FACETS_CACHE_KEY, directory_facets)
    form = DirectoryFilterForm(request.GET, facets=facets)
    page, next_url = None, ""
    if form.is_valid():
        data = form.cleaned_data
        page = search_firms(
            data["q"],
            competences=data["competence"],
            kind=data["kind"],
            size_class=data["size_class"],
            city=data["city"],
            order=data["sort"],
            after=data["after"],
            page_size=data["size"],
        )
        if page.next_key:
            cursor = directory_cursor(page.order, page.next_key)
            next_url = "?" + _query_string(request.GET, after=cursor)
    rows = [
        {"firm": firm, "show_description": visible_profile(firm, request.user)["description"]}
        for firm in (page.firms if page else [])
    ]
    selected = set(form.cleaned_data.get("competence", ()))
    return render(
        request,
        "members/directory.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "competence_groups": [
                (group, [(pk, name, pk in selected) for pk, name in competences])
                for group, competences in facets["competence_groups"]
            ],
            "filtered": bool(request.GET),
            "next_url": next_url,
            "first_url": "?" + _query_string(request.GET, after=None),
            "is_later_page": bool(form.cleaned_data.get("after")),
        },
    )


@login_not_required
@require_GET
def firm_detail(request, slug):
    firm = get_firm_for_user(request, slug)
    contacts, contact_fields = visible_contacts(firm, request.user)
    can_edit = can_edit_firm(request.user, firm)
    return render(
        request,
        "members/firm_detail.html",
        {
            "firm": firm,
            "is_active": firm.status == Firm.Status.ACTIVE,
            "visible": visible_profile(firm, request.user),
            "competence_groups": firm_competence_groups(firm),
            "contacts": contacts,
            "contact_fields": contact_fields,
            "website_url": _web_address(firm.website),
            "can_edit": can_edit,
            "can_manage_users": can_edit and can_manage_firm_users(request.user, firm),
        },
    )
