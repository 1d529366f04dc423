"""a permanent table next to the backfill

Revision ID: o13
Revises: o12
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op

revision = "o13"
down_revision = "o12"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TEMP TABLE tmp_x (id int)")
    op.execute("CREATE TABLE plan_history AS SELECT * FROM tmp_x")
    op.execute("ALTER TABLE users DISABLE TRIGGER ALL, ADD COLUMN note text")


def downgrade():  # want: empty-downgrade
    pass
