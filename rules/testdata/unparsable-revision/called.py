import os

revision = "k1"
down_revision = "a0"
branch_labels = os.environ.get("LABELS")  # want: unparsable-revision "branch_labels is computed at run time"
