revision = "cd34"
down_revision = None
depends_on = ("core", "ab12")  # want: unknown-depends-on
