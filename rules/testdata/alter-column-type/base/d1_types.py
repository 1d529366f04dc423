"""change types

Revision ID: d1
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "d1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("users", "age", type_=sa.BigInteger(), existing_type=sa.Integer())  # want: alter-column-type
    op.alter_column("users", "code", type_=sa.String(10))  # want: alter-column-type
    op.alter_column(
        "users",
        "name",
        existing_type=sa.String(length=200),
        type_=sa.String(length=100),  # want: alter-column-type
        existing_nullable=True,
    )
    op.alter_column("users", "price", type_=sa.Numeric(12, 4), existing_type=sa.Numeric(10, 2))  # want: alter-column-type
    op.alter_column("users", "born", type_=sa.Date(), existing_type=sa.Text(), postgresql_using="born::date")  # want: alter-column-type
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("status", type_=sa.Integer(), existing_type=sa.String(20))  # want: alter-column-type
    op.execute("ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2) USING total::numeric")  # want: alter-column-type
    op.alter_column("orders", "tags", type_=postgresql.ARRAY(sa.Text()), existing_type=postgresql.ARRAY(sa.String(20)))  # want: alter-column-type

    # quiet: PostgreSQL keeps the data as it is
    op.alter_column("users", "email", type_=sa.String(320), existing_type=sa.String(255))
    op.alter_column("users", "bio", type_=sa.Text(), existing_type=sa.VARCHAR(length=500))
    op.alter_column("users", "title", type_=sa.String(), existing_type=sa.String(80))
    op.alter_column("users", "amount", type_=sa.Numeric(14, 2), existing_type=sa.Numeric(10, 2))
    op.alter_column("users", "net", type_=postgresql.INET(), existing_type=postgresql.CIDR())
    op.alter_column("users", "nick", type_=sa.String(40), existing_type=sa.String(40), nullable=True)
    # quiet: new table
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("v", sa.Integer()))
    op.alter_column("t", "v", type_=sa.BigInteger())


def downgrade():
    op.alter_column("users", "age", type_=sa.Integer(), existing_type=sa.BigInteger())
