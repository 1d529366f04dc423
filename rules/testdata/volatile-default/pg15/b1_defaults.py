"""add defaults

Revision ID: b1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "b1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("uid", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"), nullable=False))  # want: volatile-default
    op.add_column(
        "users",
        sa.Column(
            "token",
            sa.String(36),
            server_default=sa.text("uuid_generate_v4()::text"),  # want: volatile-default
        ),
    )
    op.add_column("users", sa.Column("created", sa.DateTime(), server_default=sa.func.clock_timestamp()))  # want: volatile-default
    op.add_column("users", sa.Column("n", sa.BigInteger(), sa.Identity(always=True)))  # want: volatile-default
    op.add_column("users", sa.Column("shard", sa.Integer(), server_default=sa.text("floor(random() * 16)::int")))  # want: volatile-default
    op.execute("ALTER TABLE users ADD COLUMN legacy_id bigserial")  # want: volatile-default
    op.add_column("users", sa.Column("pk", sa.BigInteger(), primary_key=True))  # want: volatile-default
    op.add_column("users", sa.Column("pk2", sa.Integer(), primary_key=True, autoincrement=False, nullable=True))
    op.execute("ALTER TABLE users ADD COLUMN nonce uuid DEFAULT gen_random_uuid()")  # want: volatile-default

    # quiet: stable or constant defaults are stored once in the catalog (PostgreSQL 11+)
    op.add_column("users", sa.Column("seen", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False))
    op.add_column("users", sa.Column("ts", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP")))
    op.add_column("users", sa.Column("state", sa.String(10), server_default="new", nullable=False))
    op.add_column("users", sa.Column("flag", sa.Boolean(), server_default=sa.false()))
    op.execute("ALTER TABLE users ADD COLUMN born timestamptz NOT NULL DEFAULT now()")
    # quiet: default= is Python-side only, nothing is written to existing rows
    op.add_column("users", sa.Column("ref", sa.String(36), nullable=True, default=sa.func.gen_random_uuid()))

    # quiet: new table
    op.create_table("keys", sa.Column("id", sa.Integer(), primary_key=True))
    op.add_column("keys", sa.Column("k", postgresql.UUID(), server_default=sa.text("gen_random_uuid()")))


def downgrade():
    op.drop_column("users", "uid")
