"""modern syntax is fine"""
revision = "g1"
down_revision = "f1"

type Point = tuple[float, float]


def upgrade():
    match op_kind():
        case "a" | "b":
            x = f"{'nested'} {f'{1+1}'}"
        case _:
            pass
    async def helper(*, a, **kw) -> None:
        async with ctx() as c:
            await c.run()
    lam = lambda x, /, y=2, *a, **k: (x, y)
    nums = [1_000, 0x1F, 1e-5, 3j, 0o17, .5]
    items = {**{}, "a": 1}
    s = {1, 2}
    t = x if (y := 3) else z
    print(*nums, sep="")
    del nums[0]
    assert True, "ok"
    global G
    @decorator(arg)
    def inner():
        return (yield)
    for i, (a, b) in enumerate([]): continue
    while False: break
    try:
        pass
    except* ValueError as e:
        raise RuntimeError() from e
    finally:
        pass
    with (open("a") as a, open("b") as b):
        pass
