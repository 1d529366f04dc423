"""backfill with a temporary table and triggers switched off

Revision ID: o12
Revises: o11
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "o12"
down_revision = "o11"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TEMPORARY TABLE tmp_plans (user_id int, plan text)")
    op.execute("INSERT INTO tmp_plans SELECT id, 'free' FROM users")
    op.execute("ALTER TABLE users DISABLE TRIGGER ALL")
    op.execute("UPDATE users u SET plan = t.plan FROM tmp_plans t WHERE t.user_id = u.id")
    op.execute("ALTER TABLE users ENABLE TRIGGER ALL")
    op.execute("DELETE FROM sessions WHERE expired")
    op.execute("DROP TABLE tmp_plans")
    op.execute("SELECT id INTO TEMP seen FROM users")
    op.create_table("tmp_ids", sa.Column("id", sa.Integer()), prefixes=["TEMPORARY"])
    op.bulk_insert(sa.table("plans", sa.column("name")), [{"name": "free"}])
    op.drop_table("tmp_ids")
    op.execute("TRUNCATE audit_scratch")


def downgrade():
    pass
