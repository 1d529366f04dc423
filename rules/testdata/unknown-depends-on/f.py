revision = "f6"
down_revision = "e5"
depends_on = ("",)  # want: unknown-depends-on
