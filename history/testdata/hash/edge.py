"""edge cases of the normalization

Revision ID: e1
Revises: a0
"""
from alembic import op; import sqlalchemy as sa
from typing import Union, Sequence
import os, sys

revision: str = "e1"
down_revision: Union[str, None] = 'a0'
branch_labels = None
depends_on: Sequence[str] = ()

N = 0X1_0 + 1_000 + 1E5 + 0o17 + 0B1 + 3.14J
S = "a" 'b' """c""" r"\d" b"x" B'y' f"{N}" rb"z" u"\u00e9" "\x41\N{DASH}"
T = (1,)
U = [(a, b) for a, b in ((1, 2),)]


def upgrade() -> None:
    """Docstring."""
    if N: op.execute("select 1"); pass
    with (op.batch_alter_table("t")) as b:
        b.add_column(sa.Column("c", sa.Integer(), nullable=(True),),)
    for (x, y) in [(1, 2)]:
        ...
    del (T)
    x: int
    y: int = (lambda a, b=(1, 2): a)(1)
    return (None)


def downgrade() -> None:
    op.drop_column("t", "c")  # comment
