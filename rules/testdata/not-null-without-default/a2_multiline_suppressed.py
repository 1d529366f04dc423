"""suppressions on a call black split over several lines

Revision ID: a2b2c3d4e5f6
Revises: a1b2c3d4e5f6
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "a2b2c3d4e5f6"
down_revision = "a1b2c3d4e5f6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # on the closing line, where black puts a trailing comment
    op.add_column(
        "accounts",
        sa.Column("email", sa.String(length=255), nullable=False),
    )  # retort: ignore[not-null-without-default] the table is empty until the launch
    # on an inner line of the call
    op.add_column(
        "accounts",  # retort: ignore[not-null-without-default] the table is empty until the launch
        sa.Column("plan", sa.String(20), nullable=False),
    )
    # on the line above the call, as before
    # retort: ignore[not-null-without-default] the table is empty until the launch
    op.add_column(
        "accounts",
        sa.Column("uid", sa.String(36), nullable=False),
    )
    # the next statement is not covered
    op.add_column(
        "accounts",
        sa.Column("rank", sa.Integer(), nullable=False),  # want: not-null-without-default
    )
