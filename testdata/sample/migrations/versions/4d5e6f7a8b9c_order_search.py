"""order search index

Revision ID: 4d5e6f7a8b9c
Revises: 2b3c4d5e6f7a
Create Date: 2024-03-12 16:30:00.000000

"""
from alembic import op

revision = "4d5e6f7a8b9c"
down_revision = "2b3c4d5e6f7a"
branch_labels = None
depends_on = None

CREATE_INDEX = """
CREATE INDEX ix_orders_status
    ON orders (status)
    WHERE status <> 'shipped';
"""


def upgrade():
    op.execute(CREATE_INDEX)


def downgrade():
    op.execute("DROP INDEX ix_orders_status")
