"""suppressions on a call black split over several lines are used

Revision ID: u2
Revises: u1
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "u2"
down_revision = "u1"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "accounts",
        sa.Column("email", sa.String(length=255), nullable=False),
    )  # retort: ignore[not-null-without-default] the table is empty until the launch
    op.add_column(
        "accounts",  # retort: ignore[not-null-without-default] the table is empty until the launch
        sa.Column("plan", sa.String(20), nullable=False),
    )
    op.add_column(
        "accounts",
        sa.Column("score", sa.Integer(), nullable=True),
    )  # retort: ignore[not-null-without-default] nothing to silence  # want: unused-suppression
    op.add_column(
        "accounts",
        sa.Column("rank", sa.Integer(), nullable=False),
    )  # retort: ignore[drop-column, not-null-without-default] half stale  # want: unused-suppression "\"drop-column\""


def downgrade():
    pass
