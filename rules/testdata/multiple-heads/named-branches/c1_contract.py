"""contract: destructive changes, run after the deploy"""
revision = "c1"
down_revision = "a0"  # want: multiple-heads "is one of 2 heads" "allowed-heads"
branch_labels = "contract"
