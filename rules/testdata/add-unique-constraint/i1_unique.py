"""unique

Revision ID: i1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "i1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_unique_constraint("uq_users_email", "users", ["email"])  # want: add-unique-constraint
    op.create_unique_constraint(None, "users", ["handle", "tenant_id"])  # want: add-unique-constraint "adding a unique constraint"
    with op.batch_alter_table("users") as batch_op:
        batch_op.create_unique_constraint("uq_users_phone", ["phone"])  # want: add-unique-constraint
    op.add_column("users", sa.Column("ssn", sa.String(11), unique=True))  # want: add-unique-constraint "with unique=True"
    op.execute("ALTER TABLE users ADD CONSTRAINT uq_users_login UNIQUE (login)")  # want: add-unique-constraint

    # quiet: build the index concurrently, then attach it
    with op.get_context().autocommit_block():
        op.create_index("uq_users_code", "users", ["code"], unique=True, postgresql_concurrently=True)
    op.execute("ALTER TABLE users ADD CONSTRAINT uq_users_code UNIQUE USING INDEX uq_users_code")
    op.create_table("badges", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("slug", sa.Text()))
    op.create_unique_constraint("uq_badges_slug", "badges", ["slug"])


def downgrade():
    op.drop_constraint("uq_users_email", "users", type_="unique")
