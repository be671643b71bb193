from functools import partial

from members.permissions import is_coordinator, is_member


def roles(request):
    """Flags for the menu; views pass their own flags for page content.

    ``is_member`` is a callable, which templates call only when they ask
    (a coordinator's menu never needs it).
    """
    return {
        "is_coordinator": is_coordinator(request.user),
        "is_member": partial(is_member, request.user),
    }
