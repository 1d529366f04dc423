"""widen columns: PostgreSQL keeps the data, no rewrite

Revision ID: 9c4f7a8b0d89
Revises: 8b3e6f7a9c78
Create Date: 2024-02-20 10:10:10.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "9c4f7a8b0d89"
down_revision = "8b3e6f7a9c78"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column(
        "users",
        "email",
        existing_type=sa.String(length=255),
        type_=sa.String(length=320),
        existing_nullable=False,
    )
    op.alter_column("users", "name", existing_type=sa.VARCHAR(length=100), type_=sa.Text(), existing_nullable=True)
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.alter_column(
            "total",
            existing_type=sa.Numeric(precision=10, scale=2),
            type_=sa.Numeric(precision=14, scale=2),
            existing_nullable=False,
        )
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("note")
        batch_op.alter_column(
            "total",
            existing_type=sa.Numeric(precision=14, scale=2),
            type_=sa.Numeric(precision=10, scale=2),
            existing_nullable=False,
        )
    op.alter_column("users", "name", existing_type=sa.Text(), type_=sa.VARCHAR(length=100), existing_nullable=True)
    op.alter_column("users", "email", existing_type=sa.String(length=320), type_=sa.String(length=255), existing_nullable=False)
