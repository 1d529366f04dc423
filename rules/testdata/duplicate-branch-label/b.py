revision = "b"
down_revision = None
branch_labels = "reporting"  # want: duplicate-branch-label
