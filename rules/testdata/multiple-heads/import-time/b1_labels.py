"""labels and parents from another module: read the docstring instead

Revision ID: b1
Revises: a0
"""
from myapp.migrations import constants
from myapp.migrations.constants import CORE

revision = "b1"
down_revision = constants.BASE_REVISION
branch_labels = (CORE,)
depends_on = None
