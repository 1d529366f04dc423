"""create events

Revision ID: d3
Revises: d2
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "d3"
down_revision = "d2"


def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("code", sa.Integer()),
    )
    op.execute("CREATE TABLE audits (id serial PRIMARY KEY, title varchar(80), score numeric(6, 2))")


def downgrade():
    op.drop_table("audits")
    op.drop_table("events")
