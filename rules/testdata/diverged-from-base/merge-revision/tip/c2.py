revision = "c2"
down_revision = "b1"
