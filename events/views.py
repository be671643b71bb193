"""Placeholder views: replaced as the issue is built."""

from django.http import Http404


def calendar(request, **kwargs):
    raise Http404


def archive(request, **kwargs):
    raise Http404


def guest_confirm(request, **kwargs):
    raise Http404


def guest_cancel(request, **kwargs):
    raise Http404


def event_detail(request, **kwargs):
    raise Http404


def register(request, **kwargs):
    raise Http404


def register_colleagues(request, **kwargs):
    raise Http404


def register_guest(request, **kwargs):
    raise Http404


def registration_cancel(request, **kwargs):
    raise Http404
