"""audit log with trigger

Revision ID: 0009c9d0e1f2
Revises: 0008b8c9d0e1
Create Date: 2026-11-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0009c9d0e1f2"
down_revision = "0008b8c9d0e1"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE SEQUENCE audit_seq START 1000")
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), server_default=sa.text("nextval('audit_seq')"), primary_key=True),
        sa.Column("table_name", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), server_default=sa.text("now()"), nullable=False),
    )
    op.execute(
        """
        CREATE FUNCTION audit_posts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO audit_log (table_name) VALUES (TG_TABLE_NAME);
            RETURN NEW;
        END
        $$
        """
    )
    op.execute("CREATE TRIGGER trg_audit_posts AFTER INSERT ON posts FOR EACH ROW EXECUTE FUNCTION audit_posts()")


def downgrade():
    op.execute("DROP TRIGGER trg_audit_posts ON posts")
    op.execute("DROP FUNCTION audit_posts()")
    op.drop_table("audit_log")
    op.execute("DROP SEQUENCE audit_seq")
