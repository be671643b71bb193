"""Joining projects: requests, invitations, decisions (services and reads)."""


def panel_context(user, project) -> dict:
    """What the project page's participation panel shows this user."""
    return {}
