"""every common type, keys, a foreign-key cycle, checks

Revision ID: 0001
Revises: None
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    mood = postgresql.ENUM("happy", "sad", "meh", name="mood")
    op.create_table(
        "accounts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), primary_key=True),
        sa.Column("account_id", sa.BigInteger(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("nickname", sa.String(20), nullable=True),
        sa.Column("login", sa.String(16), nullable=False, unique=True),
    )
    op.create_foreign_key("fk_accounts_owner", "accounts", "people", ["owner_id"], ["id"])
    op.create_table(
        "kinds",
        sa.Column("id", sa.Integer(), primary_key=True),  # serial
        sa.Column("small", sa.SmallInteger(), nullable=False),
        sa.Column("big", sa.BigInteger()),
        sa.Column("amount", sa.Numeric(7, 2), nullable=False),
        sa.Column("ratio", sa.Float()),
        sa.Column("title", sa.String(12), nullable=False),
        sa.Column("body", sa.Text()),
        sa.Column("code", sa.CHAR(3)),
        sa.Column("flag", sa.Boolean(), nullable=False),
        sa.Column("born", sa.Date()),
        sa.Column("seen", sa.DateTime(timezone=True)),
        sa.Column("at", sa.Time()),
        sa.Column("span", sa.Interval()),
        sa.Column("uid", postgresql.UUID(), nullable=False, unique=True),
        sa.Column("doc", postgresql.JSONB()),
        sa.Column("raw", sa.JSON()),
        sa.Column("mood", mood, nullable=False),
        sa.Column("moods", postgresql.ARRAY(mood)),
        sa.Column("tags", postgresql.ARRAY(sa.Text())),
        sa.Column("scores", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("blob", sa.LargeBinary()),
        sa.Column("status", sa.Text(), nullable=False, server_default="new"),
        sa.Column("email", sa.String(40)),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id")),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, unique=True),
        sa.CheckConstraint("seq <> 2", name="ck_orders_seq"),
    )
    op.create_table("skipped_queue", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table(
        "app_settings",
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade():
    op.drop_table("app_settings")
    op.drop_table("skipped_queue")
    op.drop_table("orders")
    op.drop_table("kinds")
    op.drop_constraint("fk_accounts_owner", "accounts")
    op.drop_table("people")
    op.drop_table("accounts")
    postgresql.ENUM(name="mood").drop(op.get_bind())
