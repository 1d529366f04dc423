revision = "c1"
down_revision = "a0"  # want: diverged-from-base
