revision = "d4"
down_revision = "ab12cd"
depends_on = ""
