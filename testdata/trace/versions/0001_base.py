"""tables with rows

Revision ID: 0001
Revises:
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    orders = op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("note", getattr(sa, "String")(50)),  # a type the static reader cannot name
    )
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.Text()))
    op.create_table("events", sa.Column("id", sa.Integer(), primary_key=True))
    op.bulk_insert(orders, [{"id": 1, "amount": 10, "note": "a"}, {"id": 2, "amount": 20, "note": "b"}])
    op.execute("INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob')")
    op.execute("INSERT INTO events (id) VALUES (1), (2), (3)")
    op.create_table("empty", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("n", sa.Integer()))


def downgrade():
    op.drop_table("empty")
    op.drop_table("events")
    op.drop_table("users")
    op.drop_table("orders")
