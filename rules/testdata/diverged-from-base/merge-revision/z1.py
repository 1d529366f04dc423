revision = "z1"
down_revision = "a0"  # branches off, and m2 merges it back: m2 is where the fix goes
