"""Pages where firms keep their profile, contacts and users (being built)."""

from django.http import Http404


def firm_edit(request, slug):
    raise Http404


def contact_list(request, slug):
    raise Http404


def contact_edit(request, slug, pk):
    raise Http404


def contact_delete(request, slug, pk):
    raise Http404


def firm_users(request, slug):
    raise Http404


def firm_user_role(request, slug, pk):
    raise Http404


def firm_user_remove(request, slug, pk):
    raise Http404


def competence_list(request):
    raise Http404


def competence_edit(request, pk):
    raise Http404
