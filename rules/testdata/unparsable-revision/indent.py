revision = "d1"
down_revision = "c1"


def upgrade():
    if True:
        pass
      pass  # want: unparsable-revision
