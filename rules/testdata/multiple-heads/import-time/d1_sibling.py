"""a real second head"""
revision = "d1"
down_revision = "b1"  # want: multiple-heads "is one of 2 heads" "merge heads"
