"""suppressions"""
revision = "a"
down_revision = None  # retort: ignore[multiple-heads] a separate tree on purpose
branch_labels = None  # retort: ignore[multiple-heads]  # want: invalid-suppression
depends_on = None  # retort: ignore  # want: invalid-suppression
# retort: ignore[no-such-rule] typo in the id  # want: invalid-suppression
x = 1
