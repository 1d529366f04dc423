"""suppressions that silence nothing, and ones that do

Revision ID: u1
Revises:
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "u1"
down_revision = None  # retort: ignore[multiple-heads] a project rule: never reported
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("ix_a", "users", ["a"], postgresql_concurrently=True)  # retort: ignore[create-index-non-concurrently] small table  # want: unused-suppression "\"create-index-non-concurrently\""
    # retort: ignore[drop-column] nobody reads it  # want: unused-suppression
    op.add_column("users", sa.Column("b", sa.Text()))
    op.drop_column("users", "c")  # retort: ignore[drop-column, rename-column] unread since v2  # want: unused-suppression "\"rename-column\""
    # retort: ignore[drop-column] unread since v2
    op.drop_column("users", "d")
    op.create_index("ix_e", "users", ["e"])  # retort: ignore[create-index-non-concurrently] 40 rows
    op.create_index("ix_f", "users", ["f"])  # retort: ignore[create-index-non-concurrently]
    op.execute("SELECT 1")  # retort: ignore[upgrade-failed] a replay rule: never reported here
    op.execute("SELECT 2")  # retort: ignore[edited-applied-revision] a history rule: never reported here
    op.add_column("users", sa.Column("g", sa.Text()))  # retort: ignore[no-such-rule] unknown: invalid-suppression says so


def downgrade():
    op.drop_column("users", "b")  # retort: ignore[create-index-non-concurrently] downgrade() is not linted here
