"""audit log, typed template, dialect-specific SQL and run-time strings

Revision ID: f5c0d3e4a6f5
Revises: e4b9c2d3f5e4
Create Date: 2024-04-10 15:45:00.000000

"""
from typing import Sequence, Union

from alembic import context, op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "f5c0d3e4a6f5"
down_revision: Union[str, Sequence[str], None] = "e4b9c2d3f5e4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

AUDITED = ("users", "orders")


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True),
        sa.Column("table_name", sa.Text(), nullable=False),
        sa.Column("row_id", sa.BigInteger(), nullable=False),
        sa.Column("payload", postgresql.JSONB(), server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("clock_timestamp()"), nullable=False),
    )
    op.create_index("ix_audit_log_row", "audit_log", ["table_name", "row_id"])
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.add_column(sa.Column("actor", sa.Text(), nullable=False))
        batch_op.create_unique_constraint("uq_audit_log_id_at", ["id", "at"])
    for name in AUDITED:
        op.execute(f"COMMENT ON TABLE {name} IS 'audited'")
    if context.get_context().dialect.name == "sqlite":
        op.execute("PRAGMA foreign_keys = ON")
    op.execute(sa.text("DELETE FROM audit_log WHERE at < now() - interval '90 days'"))
    op.create_table_comment("audit_log", "who changed what")


def downgrade() -> None:
    raise NotImplementedError("the audit log is kept on downgrade")
