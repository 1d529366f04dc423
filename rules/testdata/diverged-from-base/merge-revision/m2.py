revision = "m2"
down_revision = ("b1", "z1")  # want: diverged-from-base
