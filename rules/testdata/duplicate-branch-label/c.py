revision = "c"
down_revision = "a"
branch_labels = ("billing",)
