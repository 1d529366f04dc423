"""more expand"""
revision = "e2"
down_revision = "e1"  # want: multiple-heads "allowed-heads = [\"contract\", \"expand\"]"
