"""drop columns

Revision ID: m1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "m1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("users", "legacy_flag")  # want: drop-column
    op.drop_column(table_name="users", column_name="old_email", schema="app")  # want: drop-column
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("notes")  # want: drop-column
    op.execute("ALTER TABLE orders DROP COLUMN IF EXISTS coupon")  # want: drop-column
    _drop_helpers()

    # quiet
    op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("tmp", sa.Text()))
    op.drop_column("scratch", "tmp")


def _drop_helpers():
    op.drop_column("users", "helper_col")  # want: drop-column


def downgrade():
    op.add_column("users", sa.Column("legacy_flag", sa.Boolean(), nullable=True))
    op.drop_column("users", "new_thing")
