"""What an app's API fuzzing needs (tests/api/test_schema.py)."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class SchemaTargets:
    # {path template: path parameters}: half of a path's cases name these
    # existing objects instead of random ids and slugs.
    paths: dict = field(default_factory=dict)
    # {(METHOD, path template): cast member whose token calls it}; the firm A
    # editor's token is used otherwise. Members: firm_a_editor, firm_a_admin,
    # firm_b_admin, coordinator.
    acting: dict = field(default_factory=dict)
    # Runs before every fuzzed case, to undo what an earlier case changed.
    reset: Callable[[], None] = lambda: None
