revision = "c2"
down_revision = "c1"  # follows a new revision: only c1 is reported
