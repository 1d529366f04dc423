"""create customers

Revision ID: 1a2b3c4d5e6f
Revises:
Create Date: 2024-03-01 09:12:44.123456

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1a2b3c4d5e6f'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'customers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_customers_email', 'customers', ['email'], unique=True)


def downgrade():
    op.drop_index('ix_customers_email', table_name='customers')
    op.drop_table('customers')
