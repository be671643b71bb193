"""The API fuzzing targets of this app (tests/api/test_schema.py)."""

from tests.api.schema_targets import SchemaTargets

# How many operations (method + path) this app's API documents.
OPERATIONS = 0


def prepare(*, firm_a, firm_b, firm_a_admin, firm_a_editor, firm_b_admin, coordinator):
    """Create the objects the fuzzing should find; return the targets."""
    return SchemaTargets()
