"""constraints

Revision ID: h1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "h1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])  # want: constraint-without-not-valid
    op.create_check_constraint("ck_orders_total", "orders", "total >= 0")  # want: constraint-without-not-valid
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_foreign_key("fk_orders_shop", "shops", ["shop_id"], ["id"], ondelete="CASCADE")  # want: constraint-without-not-valid
        batch_op.create_check_constraint("ck_orders_qty", "qty > 0")  # want: constraint-without-not-valid
    op.add_column(
        "orders",
        sa.Column("coupon_id", sa.Integer(), sa.ForeignKey("coupons.id"), nullable=True),  # want: constraint-without-not-valid
    )
    op.execute("ALTER TABLE orders ADD CONSTRAINT fk_orders_cart FOREIGN KEY (cart_id) REFERENCES carts (id)")  # want: constraint-without-not-valid
    op.execute("ALTER TABLE orders ADD CONSTRAINT ck_orders_day CHECK (day > '2000-01-01')")  # want: constraint-without-not-valid
    op.execute("ALTER TABLE orders ADD COLUMN voucher_id int REFERENCES vouchers (id)")  # want: constraint-without-not-valid

    # quiet: NOT VALID now, VALIDATE later; or a table created here
    op.create_foreign_key("fk_orders_agent", "orders", "agents", ["agent_id"], ["id"], postgresql_not_valid=True)
    op.create_check_constraint("ck_orders_fee", "orders", "fee >= 0", postgresql_not_valid=True)
    op.execute("ALTER TABLE orders ADD CONSTRAINT fk_orders_zone FOREIGN KEY (zone_id) REFERENCES zones (id) NOT VALID")
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_agent")
    op.create_table(
        "refunds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id")),
    )
    op.create_foreign_key("fk_refunds_user", "refunds", "users", ["user_id"], ["id"])
    op.create_check_constraint("ck_refunds_amount", "refunds", sa.column("amount") > 0)


def downgrade():
    op.drop_constraint("fk_orders_user", "orders", type_="foreignkey")
