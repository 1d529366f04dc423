"""widen without existing_type: the old type comes from the history

Revision ID: d4
Revises: d3
Create Date: 2024-03-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "d4"
down_revision = "d3"


def upgrade():
    op.alter_column("events", "name", type_=sa.String(200))
    op.alter_column("events", "code", type_=sa.BigInteger())  # want: alter-column-type
    op.execute("ALTER TABLE audits ALTER COLUMN title TYPE text")
    op.execute("ALTER TABLE audits ALTER COLUMN score TYPE numeric(8, 2)")
    op.add_column("events", sa.Column("tag", sa.String(10), nullable=True))
    op.alter_column("events", "tag", type_=sa.String(20))
    op.alter_column("events", "tag", type_=sa.String(15))  # want: alter-column-type


def downgrade():
    pass
