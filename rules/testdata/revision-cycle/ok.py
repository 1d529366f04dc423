revision = "o"
down_revision = None
