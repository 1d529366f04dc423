"""seed a lookup table

Revision ID: c2f7a0b1d3c2
Revises: a0d5e8f9b1a0
Create Date: 2024-03-05 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import column, table

# revision identifiers, used by Alembic.
revision = "c2f7a0b1d3c2"
down_revision = "a0d5e8f9b1a0"
branch_labels = ("geo",)
depends_on = None

countries = table("countries", column("code", sa.String), column("name", sa.String))


def _create_countries():
    op.create_table(
        "countries",
        sa.Column("code", sa.String(length=2), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
    )
    op.create_index("ix_countries_name", "countries", ["name"], unique=True)


def upgrade():
    _create_countries()
    op.bulk_insert(
        countries,
        [
            {"code": "DE", "name": "Germany"},
            {"code": "FR", "name": "France"},
        ],
    )
    op.add_column("users", sa.Column("country_code", sa.String(length=2), nullable=True))
    op.create_foreign_key(
        "fk_users_country_code", "users", "countries", ["country_code"], ["code"], postgresql_not_valid=True
    )


def downgrade():
    op.drop_constraint("fk_users_country_code", "users", type_="foreignkey")
    op.drop_column("users", "country_code")
    op.drop_index("ix_countries_name", table_name="countries")
    op.drop_table("countries")
