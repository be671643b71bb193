"""The strategy app's API routes, included under /api/v1/ (namespace ``api``)."""

urlpatterns: list = []
