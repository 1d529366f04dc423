"""expand: additive changes, run before the deploy"""
revision = "e1"
down_revision = "a0"
branch_labels = ("expand",)
