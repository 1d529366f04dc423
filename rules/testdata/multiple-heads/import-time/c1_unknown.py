"""no docstring header to fall back on"""
from myapp.migrations import constants

revision = "c1"
down_revision = constants.B1  # want: multiple-heads "could not evaluate the parents of \"c1\""
