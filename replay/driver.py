# retort's Alembic driver. Embedded in the retort binary and run once per
# replay with the project's interpreter. It reads one JSON request per line
# on stdin and answers with JSON lines on the original stdout; everything
# else (env.py prints, logging, C-level writes to fd 1) goes to stderr.
import faulthandler
import json
import os
import signal
import sys
import time
import traceback

_chan = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr
# Requests come on a private copy of stdin; env.py sees an empty stdin, so
# an input() fails at once instead of eating a request or hanging.
_requests = os.fdopen(os.dup(0), "r")
_devnull = os.open(os.devnull, os.O_RDONLY)
os.dup2(_devnull, 0)
sys.stdin = open(os.devnull)
# On SIGUSR1 (a step timed out) dump where Python is, even inside a C call.
if hasattr(signal, "SIGUSR1") and hasattr(faulthandler, "register"):
    faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=False)


def send(msg):
    _chan.write(json.dumps(msg) + "\n")
    _chan.flush()


def frames_of(exc):
    out = []
    tb = exc.__traceback__
    while tb is not None:
        f = tb.tb_frame
        out.append({"file": os.path.abspath(f.f_code.co_filename), "line": tb.tb_lineno, "func": f.f_code.co_name})
        tb = tb.tb_next
    return out


def describe(exc):
    orig = getattr(exc, "orig", None)  # sqlalchemy.exc.DBAPIError wraps the driver error
    text = str(orig if orig is not None else exc).strip()
    first = text.splitlines()[0].strip() if text else type(exc).__name__
    err = {
        "type": type(exc).__module__ + "." + type(exc).__name__,
        "message": first,
        "detail": text,
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        "frames": frames_of(exc),
        "not_implemented": isinstance(exc, NotImplementedError),
    }
    if isinstance(exc, SyntaxError) and exc.filename:
        # the file that does not parse is not a frame of the traceback
        err["frames"].append({"file": os.path.abspath(exc.filename), "line": exc.lineno or 0, "func": "<module>"})
    pgcode = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
    if pgcode:
        err["sqlstate"] = pgcode
    return err


try:
    from alembic import command
    from alembic.config import Config
    from alembic.runtime import migration
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory
    import alembic
except BaseException as e:  # noqa: B902 - report anything, never hang
    send({"done": True, "ok": False, "stage": "import", "error": describe(e), "python": sys.version.split()[0], "executable": sys.executable})
    sys.exit(0)

# One ScriptDirectory per Config: alembic.command builds a new one (and
# re-reads every revision file) on each call; a replay makes hundreds.
_scripts = {}
_orig_from_config = ScriptDirectory.from_config.__func__


def _cached_from_config(cls, config):
    key = id(config)
    if key not in _scripts:
        _scripts[key] = _orig_from_config(cls, config)
    return _scripts[key]


ScriptDirectory.from_config = classmethod(_cached_from_config)

# Time every revision step and name the one that is running.
_state = {"version_table": "alembic_version", "version_schema": None, "failed": None, "version_locations": []}
_orig_step_init = migration.RevisionStep.__init__


def _step_init(self, revision_map, revision, is_upgrade):
    _orig_step_init(self, revision_map, revision, is_upgrade)
    fn = self.migration_fn
    rev = revision.revision
    action = "upgrade" if is_upgrade else "downgrade"

    def timed(*args, **kw):
        send({"event": "start", "action": action, "revision": rev})
        t0 = time.perf_counter()
        try:
            fn(*args, **kw)
        except BaseException as e:
            err = describe(e)
            _state["failed"] = rev
            send({"event": "step", "action": action, "revision": rev, "seconds": time.perf_counter() - t0, "ok": False, "error": err})
            raise
        send({"event": "step", "action": action, "revision": rev, "seconds": time.perf_counter() - t0, "ok": True})

    self.migration_fn = timed


migration.RevisionStep.__init__ = _step_init

_orig_run = migration.MigrationContext.run_migrations


def _check_database(context):
    # env.py must migrate retort's scratch database, never one it found in
    # other settings (DB_HOST, a settings module, ...).
    want = _state.get("database")
    conn = getattr(context, "connection", None)
    if not want or conn is None:
        return
    try:
        got = conn.exec_driver_sql("select current_database()").scalar()
    except AttributeError:  # SQLAlchemy < 1.4
        got = conn.execute("select current_database()").scalar()
    if got != want:
        raise RuntimeError(
            "env.py connected to database %s, not to retort's scratch database %s; "
            "make env.py take its URL from sqlalchemy.url or $%s" % (json.dumps(got), json.dumps(want), _state.get("url_env")))


def _run_migrations(self, **kw):
    _state["version_table"] = self.version_table
    _state["version_schema"] = self.version_table_schema
    if not self.as_sql:
        _check_database(self)
    return _orig_run(self, **kw)


migration.MigrationContext.run_migrations = _run_migrations

# One engine per URL and options: env.py usually builds an engine (often
# with NullPool) on every command, and a replay runs hundreds of commands.
# Reusing the engine, with a pool, saves a connection and SQLAlchemy's
# first-connect queries per command. RETORT_FRESH_ENGINES=1 turns it off.
_engines = {}


def _patch_create_engine():
    try:
        import sqlalchemy
        from sqlalchemy import pool as sa_pool
        from sqlalchemy.engine import create as sa_create
    except Exception:
        return
    orig = sa_create.create_engine

    def create_engine(url, **kw):
        key = (str(url), repr(sorted(kw.items(), key=lambda kv: kv[0])))
        eng = _engines.get(key)
        if eng is None:
            kw2 = dict(kw)
            if kw2.get("poolclass") is sa_pool.NullPool:
                del kw2["poolclass"]
            eng = orig(url, **kw2)
            if getattr(eng.dialect, "is_async", False):
                # an async engine's pool belongs to one event loop, and an
                # async env.py runs a new loop per command: no reuse
                eng.dispose()
                return orig(url, **kw)
            _engines[key] = eng
        return eng

    create_engine.__doc__ = orig.__doc__
    sa_create.create_engine = create_engine
    sqlalchemy.create_engine = create_engine
    try:
        import sqlalchemy.engine as sa_engine
        sa_engine.create_engine = create_engine
    except Exception:
        pass


if os.environ.get("RETORT_FRESH_ENGINES") != "1":
    _patch_create_engine()

# Model drift: remember the target_metadata env.py configures; create_all
# builds it in a second scratch database for retort to compare.
_orig_configure = EnvironmentContext.configure


def _configure(self, *args, **kw):
    _state["metadata"] = kw.get("target_metadata")
    return _orig_configure(self, *args, **kw)


EnvironmentContext.configure = _configure


def create_all(req):
    md = _state.get("metadata")
    mds = [m for m in (md if isinstance(md, (list, tuple)) else [md]) if m is not None and hasattr(m, "create_all")]
    if not mds or not req.get("url"):
        return {"metadata": bool(mds)}
    import sqlalchemy
    from sqlalchemy import pool as sa_pool
    eng = sqlalchemy.create_engine(req["url"], poolclass=sa_pool.NullPool)
    try:
        for m in mds:
            m.create_all(eng)
    finally:
        eng.dispose()
        for k in [k for k, e in _engines.items() if e is eng]:
            del _engines[k]
    return {"metadata": True, "models": _model_locations(mds)}


def _model_locations(mds):
    # file and line of the mapped class of each table, where it can be found
    import importlib
    import inspect
    tables = {id(t) for m in mds for t in m.tables.values()}
    out = {}
    try:
        regs = list(importlib.import_module("sqlalchemy.orm.mapper")._mapper_registries)
    except Exception:
        regs = []
    for reg in regs:
        for mp in list(getattr(reg, "mappers", ())):
            t = getattr(mp, "local_table", None)
            if t is None or id(t) not in tables:
                continue
            try:
                path = os.path.abspath(inspect.getsourcefile(mp.class_))
                lines, first = inspect.getsourcelines(mp.class_)
            except Exception:
                continue
            out[t.fullname] = {"path": path, "line": first}
            # each column on the line of its attribute, when it is written there
            for prop in getattr(mp, "column_attrs", ()):
                for i, text in enumerate(lines):
                    s = text.lstrip()
                    if s.startswith(prop.key) and s[len(prop.key):].lstrip()[:1] in (":", "="):
                        for col in prop.columns:
                            if getattr(col, "table", None) is t:
                                out[t.fullname + "." + col.name] = {"path": path, "line": first + i}
                        break
    return out


cfg = None


def _env_is_async(script):
    try:
        with open(script.env_py_location, encoding="utf-8", errors="replace") as f:
            return "sqlalchemy.ext.asyncio" in f.read()
    except OSError:
        return False


def _async_url(url):
    # An env.py on SQLAlchemy's asyncio extension needs an async driver;
    # asyncpg takes no sslmode (it negotiates).
    if not url.startswith("postgresql://"):
        return url
    try:
        import asyncpg  # noqa: F401
    except ImportError:
        raise RuntimeError("env.py uses SQLAlchemy's asyncio extension but asyncpg is not installed in %s" % sys.executable)
    base, _, query = url.partition("?")
    params = [p for p in query.split("&") if p and not p.startswith("sslmode=")]
    return "postgresql+asyncpg://" + base[len("postgresql://"):] + ("?" + "&".join(params) if params else "")


def _use_url(url):
    if _state.get("async"):
        url = _async_url(url)
    os.environ[_state["url_env"]] = url
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))


def init(req):
    global cfg
    url = req["url"]
    _state["database"] = req.get("database")
    _state["url_env"] = req.get("url_env") or "DATABASE_URL"
    os.environ[_state["url_env"]] = url  # also for imports that read it early
    ini = req.get("config") or ""
    import inspect
    if ini.endswith(".ini"):
        cfg = Config(file_=ini, ini_section=req.get("section") or "alembic")
    elif ini.endswith(".toml") and "toml_file" in inspect.signature(Config.__init__).parameters:
        cfg = Config(toml_file=ini)  # alembic >= 1.16 reads [tool.alembic]
    else:
        # pyproject.toml that this alembic cannot read, or no config at all
        cfg = Config()
        cfg.set_main_option("script_location", req["script_location"])
        if req.get("version_locations"):
            cfg.set_main_option("version_path_separator", "os")
            cfg.set_main_option("version_locations", os.pathsep.join(req["version_locations"]))
    if req.get("script_location") and not cfg.get_main_option("script_location"):
        cfg.set_main_option("script_location", req["script_location"])
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    script = ScriptDirectory.from_config(cfg)
    _state["async"] = _env_is_async(script)
    _use_url(url)
    try:
        _state["version_locations"] = list(script._version_locations)
    except Exception:
        pass
    revs = []
    for sc in script.walk_revisions():
        mod = sc.module
        up = getattr(mod, "upgrade", None)
        down = getattr(mod, "downgrade", None)
        revs.append({
            "id": sc.revision,
            "parents": list(sc._normalized_down_revisions),
            "path": os.path.abspath(sc.path),
            "doc": (sc.doc or "").strip().splitlines()[0] if sc.doc else "",
            "upgrade_line": up.__code__.co_firstlineno if hasattr(up, "__code__") else 0,
            "downgrade_line": down.__code__.co_firstlineno if hasattr(down, "__code__") else 0,
        })
    revs.reverse()
    return {"alembic": alembic.__version__, "python": sys.version.split()[0], "executable": sys.executable,
            "env_py": script.env_py_location, "revisions": revs, "heads": list(script.get_heads())}


def probe(req):
    # Runs env.py once without migrating anything: an env.py that raises or
    # cannot connect fails here, before any step.
    script = ScriptDirectory.from_config(cfg)
    def fn(rev, context):
        _check_database(context)
        return []

    with EnvironmentContext(cfg, script, fn=fn, as_sql=False, starting_rev=None,
                            destination_rev="heads", tag=None, dont_mutate=True):
        script.run_env()
    return {}


def downgrade_one(rev_id):
    script = ScriptDirectory.from_config(cfg)
    rev = script.get_revision(rev_id)

    def fn(heads, context):
        return [migration.RevisionStep(script.revision_map, rev, False)]

    dest = ",".join(rev._normalized_down_revisions) or "base"
    with EnvironmentContext(cfg, script, fn=fn, as_sql=False, starting_rev=None, destination_rev=dest, tag=None):
        script.run_env()


def main():
    for line in _requests:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        op = req.get("op")
        _state["failed"] = None
        t0 = time.perf_counter()
        try:
            if op == "init":
                res = init(req)
            elif op == "probe":
                res = probe(req)
            elif op == "upgrade":
                command.upgrade(cfg, req["target"])
                res = {}
            elif op == "downgrade":
                command.downgrade(cfg, req["target"])
                res = {}
            elif op == "downgrade_one":
                downgrade_one(req["revision"])
                res = {}
            elif op == "switch":
                # replay goes on in a fresh scratch database
                for eng in _engines.values():
                    eng.dispose()
                _engines.clear()
                _state["database"] = req["database"]
                _use_url(req["url"])
                res = {}
            elif op == "create_all":
                res = create_all(req)
            elif op == "quit":
                for eng in _engines.values():
                    eng.dispose()
                send({"done": True, "ok": True})
                return
            else:
                raise ValueError("unknown op %r" % op)
            res.update({"done": True, "ok": True})
        except BaseException as e:  # noqa: B902
            if isinstance(e, KeyboardInterrupt):
                raise
            res = {"done": True, "ok": False, "error": describe(e), "revision": _state["failed"]}
        res["seconds"] = time.perf_counter() - t0
        res["version_table"] = _state["version_table"]
        res["version_schema"] = _state["version_schema"]
        res["version_locations"] = _state["version_locations"]
        send(res)


main()
