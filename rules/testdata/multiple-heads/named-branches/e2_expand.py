"""more expand"""
revision = "e2"
down_revision = "e1"  # want: multiple-heads "is one of 2 heads" "allowed-heads = \[\"contract\", \"expand\"\]"
