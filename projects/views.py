"""Placeholder views: replaced as the issue is built."""

from django.http import Http404


def project_list(request, **kwargs):
    raise Http404


def firm_projects(request, **kwargs):
    raise Http404


def project_create(request, **kwargs):
    raise Http404


def project_detail(request, **kwargs):
    raise Http404


def combined_offer(request, **kwargs):
    raise Http404


def project_edit(request, **kwargs):
    raise Http404


def project_submit(request, **kwargs):
    raise Http404


def project_state(request, **kwargs):
    raise Http404


def external_partners(request, **kwargs):
    raise Http404


def external_partner_delete(request, **kwargs):
    raise Http404


def documents(request, **kwargs):
    raise Http404


def document_download(request, **kwargs):
    raise Http404


def document_delete(request, **kwargs):
    raise Http404


def update_add(request, **kwargs):
    raise Http404
