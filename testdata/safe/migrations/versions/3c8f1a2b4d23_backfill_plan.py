"""backfill users.plan in batches and prove NOT NULL with a check

Revision ID: 3c8f1a2b4d23
Revises: 2b7e4d9a0c12
Create Date: 2024-01-16 10:21:37.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "3c8f1a2b4d23"
down_revision = "2b7e4d9a0c12"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade():
    op.alter_column("users", "plan", server_default="free")
    # commit the schema change before the data change: the backfill must
    # not run under the ALTER's ACCESS EXCLUSIVE lock
    with op.get_context().autocommit_block():
        conn = op.get_bind()
        conn.execute(
            sa.text(
                """
                UPDATE users
                   SET plan = 'free'
                 WHERE id IN (SELECT id FROM users WHERE plan IS NULL LIMIT :batch)
                """
            ),
            {"batch": BATCH},
        )
    op.create_check_constraint(
        "ck_users_plan_not_null",
        "users",
        "plan IS NOT NULL",
        postgresql_not_valid=True,
    )


def downgrade():
    op.drop_constraint("ck_users_plan_not_null", "users", type_="check")
    op.alter_column("users", "plan", server_default=None)
