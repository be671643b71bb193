"""Placeholder views: replaced as the issue is built."""

from django.http import Http404


def opportunity_list(request, **kwargs):
    raise Http404


def opportunity_queue(request, **kwargs):
    raise Http404


def firm_opportunities(request, **kwargs):
    raise Http404


def opportunity_create(request, **kwargs):
    raise Http404


def opportunity_detail(request, **kwargs):
    raise Http404


def opportunity_edit(request, **kwargs):
    raise Http404


def opportunity_submit(request, **kwargs):
    raise Http404


def opportunity_review(request, **kwargs):
    raise Http404


def opportunity_renew(request, **kwargs):
    raise Http404


def opportunity_withdraw(request, **kwargs):
    raise Http404


def opportunity_interest(request, **kwargs):
    raise Http404
