"""separate reporting tree"""
revision = "r0"
down_revision = None
branch_labels = ("reporting",)
