revision = "ab12cd"
down_revision = None
branch_labels = ("core",)
