"""Work through a queryset's rows in batches, one transaction each."""

from collections.abc import Callable

from django.db import models, transaction


def in_locked_batches(
    rows: models.QuerySet, act: Callable[[list], None], *, batch_size: int
) -> int:
    """Lock up to ``batch_size`` of ``rows`` (skipping rows another worker
    holds), hand them to ``act`` in the same transaction, and repeat until
    ``rows`` has none left; ``act`` must make the rows it got leave ``rows``.
    Returns how many rows were handed over. ``rows`` needs an order, and
    only the columns ``act`` reads (``only``) for a light lock."""
    total = 0
    while True:
        with transaction.atomic():
            batch = list(rows.select_for_update(skip_locked=True, of=("self",))[:batch_size])
            if not batch:
                return total
            act(batch)
        total += len(batch)
