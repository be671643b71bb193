"""The public member directory and firm pages (being built)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404


@login_not_required
def directory(request):
    raise Http404


@login_not_required
def firm_detail(request, slug):
    raise Http404
