"""add contact columns

Revision ID: a1b2c3d4e5f6
Revises:
Create Date: 2024-03-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision: str = "a1b2c3d4e5f6"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("email", sa.String(length=255), nullable=False))  # want: not-null-without-default "^adding NOT NULL column \"email\" to \"users\" without a server_default fails on a table that has rows$"
    op.add_column(
        "users",
        sa.Column("plan", sa.String(20), nullable=False, default="free"),  # want: not-null-without-default "^adding NOT NULL column \"plan\" to \"users\" without a server_default fails on a table that has rows \(default= is applied by SQLAlchemy on insert, not by the database\)$" "^give it server_default=\"free\" "
    )
    op.add_column(table_name="users", column=sa.Column("uid", sa.String(36), primary_key=True))  # want: not-null-without-default "NOT NULL column \"uid\" to \"users\" without a server_default"
    op.add_column("users", sa.Column("score", sa.Integer(), nullable=False, server_default=None))  # want: not-null-without-default
    op.add_column("users", sa.Column("rank", sa.Integer(), server_default=None, nullable=False), schema="app")  # want: not-null-without-default

    # quiet: nullable, or a server-side default fills existing rows
    op.add_column("users", sa.Column("nickname", sa.String(50)))
    op.add_column("users", sa.Column("bio", sa.Text(), nullable=True))
    op.add_column("users", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("users", sa.Column("visits", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("users", sa.Column("joined", sa.DateTime(), nullable=False, server_default=sa.func.now()))
    op.add_column("users", sa.Column("meta", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")))
    op.add_column("users", sa.Column("seq", sa.BigInteger(), sa.Identity(), nullable=False))
    op.add_column("users", sa.Column("num", sa.Integer(), primary_key=True))  # a SERIAL: volatile-default's business

    # quiet: a table created earlier in this revision has no rows
    op.create_table("teams", sa.Column("id", sa.Integer(), primary_key=True))
    op.add_column("teams", sa.Column("name", sa.String(50), nullable=False))

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("total", sa.Numeric(10, 2), nullable=False))  # want: not-null-without-default
        batch_op.add_column(sa.Column("currency", sa.String(3), nullable=False, server_default="EUR"))

    op.execute("ALTER TABLE invoices ADD COLUMN number integer NOT NULL")  # want: not-null-without-default "^adding NOT NULL column \"number\" to \"invoices\" without a DEFAULT fails on a table that has rows$" "^add it nullable"
    op.execute(sa.text("ALTER TABLE invoices ADD COLUMN paid boolean NOT NULL DEFAULT false"))
    op.execute("ALTER TABLE invoices ADD COLUMN id2 bigserial NOT NULL")
    op.execute(
        """
        CREATE TABLE notes (id serial PRIMARY KEY);
        ALTER TABLE notes ADD COLUMN body text NOT NULL;
        ALTER TABLE invoices
            ADD COLUMN ref text NOT NULL;  -- # want: not-null-without-default
        """
    )


def downgrade() -> None:
    op.add_column("users", sa.Column("legacy", sa.String(), nullable=False))
