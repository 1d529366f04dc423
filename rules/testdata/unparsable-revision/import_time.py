"""graph variables read from another module at import time are not unparsable

Revision ID: i1
Revises: a0
"""
from myapp import labels
from myapp.labels import REPORTING

revision = "i1"
down_revision = labels.PARENT
branch_labels = (REPORTING, "extra")
depends_on = [labels.CORE]
