"""Placeholder views: replaced as the issue is built."""

from django.http import Http404


def join(request, **kwargs):
    raise Http404


def participation_list(request, **kwargs):
    raise Http404


def invite(request, **kwargs):
    raise Http404


def participation_accept(request, **kwargs):
    raise Http404


def participation_decline(request, **kwargs):
    raise Http404


def participation_withdraw(request, **kwargs):
    raise Http404
