"""validate the check, then set NOT NULL without a table scan

Revision ID: 4d9a2b3c5e34
Revises: 3c8f1a2b4d23
Create Date: 2024-01-23 08:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "4d9a2b3c5e34"
down_revision = "3c8f1a2b4d23"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_plan_not_null")
    op.alter_column("users", "plan", existing_type=sa.String(length=20), nullable=False)
    op.drop_constraint("ck_users_plan_not_null", "users", type_="check")


def downgrade():
    op.alter_column("users", "plan", existing_type=sa.String(length=20), nullable=True)
    op.create_check_constraint("ck_users_plan_not_null", "users", "plan IS NOT NULL", postgresql_not_valid=True)
