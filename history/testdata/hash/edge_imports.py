"""edge cases of the import sorting

Revision ID: e2
Revises: e1
"""
from alembic import op
import sqlalchemy as sa, os.path as osp, sys
from typing import (
    Union,
    Sequence,
    Any as _Any,
)
from . import sibling
from .. import *
from ..pkg.mod import a, b as bb, c  # c unused
import json
import json
from __future__ import annotations
import unused_module
import zlib; import abc

revision = "e2"
down_revision = "e1"
x = 1
import late, later as l8
from late2 import (z,
    y)


def upgrade():
    import inner
    from inner2 import q
    op.execute(osp.join(sibling, a, bb, sys.argv[0], json.dumps(Union), zlib, abc, late, l8, z, q, inner))


if sa:
    import cond
    from cond2 import w
else:
    import other
