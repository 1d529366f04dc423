"""rename tables

Revision ID: l1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "l1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.rename_table("customer", "customers")  # want: rename-table
    op.rename_table(old_table_name="item", new_table_name="items", schema="shop")  # want: rename-table
    op.execute("ALTER TABLE invoice RENAME TO invoices")  # want: rename-table

    # quiet
    op.create_table("tmp_import", sa.Column("id", sa.Integer(), primary_key=True))
    op.rename_table("tmp_import", "imports")
    op.execute("ALTER SEQUENCE invoice_id_seq RENAME TO invoices_id_seq")
    # quiet: a view keeps the old name working for one release
    op.rename_table("vendor", "vendors")
    op.execute("CREATE VIEW vendor AS SELECT * FROM vendors")


def downgrade():
    op.rename_table("customers", "customer")
