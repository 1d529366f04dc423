"""a skipped table, a new table, a nullable column made NOT NULL

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("skipped_queue", sa.Column("topic", sa.Text(), nullable=False))
    op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("body", sa.Text()))
    op.alter_column("people", "nickname", nullable=False, existing_type=sa.String(20))


def downgrade():
    op.alter_column("people", "nickname", nullable=True, existing_type=sa.String(20))
    op.drop_table("notes")
    op.drop_column("skipped_queue", "topic")
