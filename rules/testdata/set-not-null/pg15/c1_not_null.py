"""backfill then not null

Revision ID: c1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "c1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE users SET email = '' WHERE email IS NULL")
    op.alter_column("users", "email", nullable=False)  # want: set-not-null
    op.alter_column(
        "users",
        "name",
        existing_type=sa.String(50),
        nullable=False,  # want: set-not-null
    )
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("total", nullable=False)  # want: set-not-null
    op.execute("ALTER TABLE invoices ALTER COLUMN number SET NOT NULL")  # want: set-not-null

    # quiet: no change of nullability, or made nullable
    op.alter_column("users", "age", existing_nullable=False, nullable=False, type_=sa.BigInteger(), existing_type=sa.Integer())
    op.alter_column("users", "nick", nullable=True)

    # quiet: a validated CHECK (col IS NOT NULL) proves it (PostgreSQL 12+)
    op.create_check_constraint("ck_users_phone_nn", "users", "phone IS NOT NULL", postgresql_not_valid=True)
    op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_phone_nn")
    op.alter_column("users", "phone", nullable=False)
    op.drop_constraint("ck_users_phone_nn", "users", type_="check")

    # quiet: new table
    op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("label", sa.Text()))
    op.alter_column("tags", "label", nullable=False)


def downgrade():
    op.alter_column("users", "email", nullable=True)
