revision = "a"
down_revision = None
branch_labels = ("reporting",)  # want: duplicate-branch-label
