"""constraints added in a loop

Revision ID: h2
Revises: h1
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op

revision = "h2"
down_revision = "h1"
branch_labels = None
depends_on = None


def upgrade():
    # one variable used twice takes one value: three statements, not nine
    for table in ("orders", "invoices", "refunds"):
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_amount_positive CHECK (amount > 0)")  # want: constraint-without-not-valid, constraint-without-not-valid, constraint-without-not-valid "\"invoices_amount_positive\" to \"invoices\""
    # two loops: every combination
    for shop in ("a", "b"):
        for day in ("mon", "tue"):
            op.execute(f"ALTER TABLE shop_{shop} ADD CONSTRAINT ck_{day} CHECK (opens_{day} < closes_{day})")  # want: constraint-without-not-valid, constraint-without-not-valid, constraint-without-not-valid, constraint-without-not-valid "\"ck_tue\" to \"shop_b\""


def downgrade():
    pass
