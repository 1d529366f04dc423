"""renames

Revision ID: k1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "k1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "name", new_column_name="full_name")  # want: rename-column
    op.alter_column(
        "users",
        "mail",
        existing_type=sa.String(255),
        new_column_name="email",  # want: rename-column
    )
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("amount", new_column_name="total")  # want: rename-column
    op.execute("ALTER TABLE orders RENAME COLUMN ref TO reference")  # want: rename-column

    # quiet
    op.create_table("drafts", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("txt", sa.Text()))
    op.alter_column("drafts", "txt", new_column_name="body")
    op.execute("ALTER INDEX ix_old RENAME TO ix_new")
    op.alter_column("users", "nick", server_default="")


def downgrade():
    op.alter_column("users", "full_name", new_column_name="name")
