"""add orders.shop_id with a foreign key added NOT VALID

Revision ID: 6f1c4d5e7a56
Revises: 5e0b3c4d6f45
Create Date: 2024-02-05 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "6f1c4d5e7a56"
down_revision = "5e0b3c4d6f45"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shops",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
    )
    op.add_column("orders", sa.Column("shop_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key(
        "fk_orders_shop_id_shops",
        "orders",
        "shops",
        ["shop_id"],
        ["id"],
        postgresql_not_valid=True,
    )
    op.create_check_constraint(
        "ck_orders_status_known",
        "orders",
        "status IN ('new', 'paid', 'done')",
        postgresql_not_valid=True,
    )


def downgrade():
    op.drop_constraint("ck_orders_status_known", "orders", type_="check")
    op.drop_constraint("fk_orders_shop_id_shops", "orders", type_="foreignkey")
    op.drop_column("orders", "shop_id")
    op.drop_table("shops")
