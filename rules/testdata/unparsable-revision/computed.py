import os

revision = "c1"
down_revision = os.environ.get("PARENT", "b1")  # want: unparsable-revision
