revision: str = "e5"
down_revision = "d4"
depends_on: tuple = ()
