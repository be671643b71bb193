from members.permissions import is_coordinator


def roles(request):
    """Flags for the menu; views pass their own flags for page content."""
    return {"is_coordinator": is_coordinator(request.user)}
