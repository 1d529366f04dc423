revision = "b1"
down_revision = "a0"
