"""drop tables

Revision ID: n1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "n1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index(op.f("ix_sessions_user_id"), table_name="sessions")
    op.drop_table("sessions")  # want: drop-table
    op.drop_table("audit", schema="archive")  # want: drop-table
    op.execute("DROP TABLE IF EXISTS tmp_users, tmp_orders CASCADE")  # want: drop-table, drop-table

    # quiet
    op.create_table("staging", sa.Column("id", sa.Integer(), primary_key=True))
    op.drop_table("staging")
    op.execute("DROP VIEW IF EXISTS v_users")


def downgrade():
    op.create_table("sessions", sa.Column("id", sa.Integer(), primary_key=True))
