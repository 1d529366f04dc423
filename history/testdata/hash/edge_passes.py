"""edge cases of the passes that drop tokens

Revision ID: e3
Revises: e2
"""
from alembic import op

revision: str = "e3"
down_revision: "str | None" = "e2"
branch_labels: tuple[str, ...] | None = None
depends_on: dict[str, list[int]]
print: int = 3
lambda_: int = (lambda: 0)()
"a docstring-like statement"
...
pass
"not a statement" + "but an expression"
x = ("parenthesized")
y = ((1, 2),)
z = [1, 2, 3,]
w = f(a, b,)
v = f((a for a in b))
u = {"k": (1), "j": [(2)],}
t = a[1,]
s = a[(1, 2),]
r = (yield)
q = not (a)
p = -(a)
o = (a) if (b) else (c)
n = (a).b
m = (a)(b)
l, k = (1), (2)
assert (a), (b)
del (a), (b)
while (a):
    pass
for (i) in (x):
    ...
with (open(a)) as f, (open(b)) as g:
    "docstring in a block"
    pass


async def upgrade(a: int = (1), *args: "tuple[int, ...]", b: dict[str, int] = {}, **kw: Any) -> "None":
    """Docstring."""
    ...
    def inner(x: int) -> dict[str, (int)]: return (x)
    class C: pass
    if a: b; c;
    return (a, b,)


def downgrade() -> None: pass
