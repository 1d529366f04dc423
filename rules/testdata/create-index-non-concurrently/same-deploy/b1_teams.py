"""create teams (new in this change)

Revision ID: b1
Revises: a0
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "b1"
down_revision = "a0"


def upgrade():
    op.create_table("teams", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.Text()))


def downgrade():
    op.drop_table("teams")
