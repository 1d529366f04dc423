# retort's Alembic driver. Embedded in the retort binary and run once per
# replay with the project's interpreter. It reads one JSON request per line
# on stdin and answers with JSON lines on the original stdout; everything
# else (env.py prints, logging, C-level writes to fd 1) goes to stderr.
import faulthandler
import json
import os
import re
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


def _jsonable(o):
    # alembic >= 1.16 hands out pathlib.Path objects (version locations,
    # script paths); anything else unexpected is sent as its text
    try:
        return os.fspath(o)
    except TypeError:
        return str(o)


def send(msg):
    _chan.write(json.dumps(msg, default=_jsonable) + "\n")
    _chan.flush()


def frames_of(exc):
    out = []
    tb = exc.__traceback__
    while tb is not None:
        f = tb.tb_frame
        out.append({"file": os.path.abspath(f.f_code.co_filename), "line": tb.tb_lineno, "func": f.f_code.co_name})
        tb = tb.tb_next
    return out


def _driver_error(exc):
    # sqlalchemy.exc.DBAPIError wraps the driver's error; with asyncpg the
    # wrapped one is SQLAlchemy's adapter, whose cause is asyncpg's own
    orig = getattr(exc, "orig", None)
    while orig is not None and type(orig).__module__.startswith("sqlalchemy") and orig.__cause__ is not None:
        orig = orig.__cause__
    return orig


def describe(exc):
    orig = _driver_error(exc)
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
    send({"done": True, "ok": False, "stage": "import", "error": describe(e), "python": sys.version.split()[0]})
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


# --- Lock and rewrite trace ------------------------------------------------
# Every statement the migration connection runs inside a revision step is
# recorded: its SQL and duration, the innermost revision-file frame that ran
# it, the locks this backend took in the step and still holds after it
# (relation locks on the user's tables, indexes and materialized views,
# stronger than ACCESS SHARE), and the relations it rewrote (a relfilenode
# change). The step also records which tables existed, and which held rows,
# before it ran, and the lock_timeout and statement_timeout in force.
# One query after each statement (a second one only when relations appear
# that it has not named yet), two or three per step. They run on a raw
# DBAPI cursor, so they are never traced themselves. RETORT_TRACE=0 turns
# it off. A relation is named "table" in schema public, else "schema.table".
# RETORT_TRACE=sql records the statements alone, without a query (retort
# sets it for the full plan, whose one transaction over every revision
# leaves little to attribute, to keep it fast).
_trace = {"on": os.environ.get("RETORT_TRACE") != "0", "sql_only": os.environ.get("RETORT_TRACE") == "sql",
          "step": None, "files": {}, "revfiles": set()}
_TRACE_MAX_SQL = 10000
_TRACE_KINDS = "('r','p','i','m')"
# a digest of the relfilenodes of all tables and indexes: a rewrite gives a
# relation a new one, so the digest changes; only then are they read
_TRACE_FP = ("(select count(*)::text || ':' || coalesce(sum(c.oid::int8), 0)::text || ':' || coalesce(sum(c.relfilenode::int8), 0)::text "
             "from pg_class c where c.relkind in ('r','i','m') and c.oid >= 16384)")
_TRACE_FILES = ("(select coalesce(json_agg(json_build_array(c.oid, c.relfilenode)), '[]')::text "
                "from pg_class c where c.relkind in ('r','i','m') and c.oid >= 16384)")
_TRACE_LOCKS = ("(select coalesce(json_agg(json_build_array(l.relation, l.mode)), '[]')::text from pg_locks l "
                "where l.pid = pg_backend_pid() and l.locktype = 'relation' and l.granted and l.relation >= 16384 "
                "and l.mode <> 'AccessShareLock'{held})")
_TRACE_NAMES = ("(select coalesce(json_agg(json_build_array(c.oid, n.nspname, c.relname, c.relkind)), '[]')::text "
                "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                "where c.relkind in " + _TRACE_KINDS + " and c.oid >= 16384 and n.nspname not like 'pg\\_%%'{only})")
_TRACE_SETTINGS = "current_setting('lock_timeout'), current_setting('statement_timeout')"
_TRACE_BEGIN = ("select " + _TRACE_FP + ", " + _TRACE_FILES + ", " + _TRACE_LOCKS.replace("{held}", "") + ", " +
                _TRACE_NAMES.replace("{only}", "").replace("%%", "%") + ", " + _TRACE_SETTINGS)
# catalog reads (SQLAlchemy's reflection, has_table, enum checks) change
# no lock, file or setting worth a query
_TRACE_CATALOG = re.compile(r"^\s*select\b(?![^;]*\bfor\s+(update|share|no\s+key|key)\b)[^;]*\b(pg_catalog\.|information_schema\.|pg_class\b|pg_type\b|pg_namespace\b|pg_attribute\b|pg_index\b|pg_enum\b)", re.I | re.S)


def _trace_query(dbapi, sql):
    cur = dbapi.cursor()
    try:
        cur.execute(sql)
        return cur.fetchall() if cur.description is not None else None
    finally:
        try:
            cur.close()
        except Exception:
            pass


def _trace_rev_frame():
    f = sys._getframe(2)
    files = _trace["files"]
    while f is not None:
        fn = f.f_code.co_filename
        hit = files.get(fn)
        if hit is None:
            hit = os.path.abspath(fn) if os.path.abspath(fn) in _trace["revfiles"] else ""
            files[fn] = hit
        if hit:
            return hit, f.f_lineno
        f = f.f_back
    return "", 0


def _trace_name(ns, rel):
    return rel if ns == "public" else ns + "." + rel


def _trace_quote(ns, rel):
    return '"%s"."%s"' % (ns.replace('"', '""'), rel.replace('"', '""'))


def _trace_learn(st, names_json):
    for oid, ns, rel, kind in json.loads(names_json):
        st["names"][oid] = (_trace_name(ns, rel), kind, ns, rel)


def _trace_begin(conn, rev, action):
    # what the database holds before the step: tables (with rows or not),
    # relfilenodes, locks and timeouts
    _trace["step"] = _trace["done"] = None
    if not _trace["on"] or conn is None:
        return
    st = {"rev": rev, "action": action, "statements": [], "t0": {}, "rows": [], "tables": [], "prev": None, "names": {}}
    if _trace["sql_only"]:
        _trace["step"] = st
        return
    try:
        db = conn.connection  # the pool's proxy of the DBAPI connection
        fp, files, locks, names, lt, stt = _trace_query(db, _TRACE_BEGIN)[0]
        st["fp"] = fp
        st["files"] = dict(json.loads(files))
        st["held"] = {"%s:%s" % (o, m) for o, m in json.loads(locks)}
        st["lock_timeout"], st["statement_timeout"] = lt, stt
        _trace_learn(st, names)
        vt = _state.get("version_table") or "alembic_version"
        tables = sorted((v for v in st["names"].values() if v[1] in ("r", "p") and v[3] != vt), key=lambda v: v[0])
        st["tables"] = [v[0] for v in tables]
        if action == "upgrade":  # the findings are about upgrades
            st["rows"] = _trace_rows(db, tables)
    except Exception as e:  # never fail a migration because of the trace
        sys.stderr.write("retort: trace of %s off: %s\n" % (rev, e))
        return
    _trace["step"] = st


def _trace_rows(db, tables):
    # which tables hold at least one row; reading them takes ACCESS SHARE
    # locks, so it runs in a savepoint that is rolled back (which releases
    # them) when a transaction is open
    if not tables:
        return []
    autocommit = bool(getattr(db, "autocommit", False))
    # psycopg2 sends several statements in one round trip; the others
    # prepare each statement, so they get one at a time
    multi = type(getattr(db, "dbapi_connection", None) or getattr(db, "connection", None)).__module__.startswith("psycopg2")
    out = []
    savepoint = "" if autocommit else "savepoint retort_trace; "
    if savepoint and not multi:
        _trace_query(db, "savepoint retort_trace")
        savepoint = ""
    try:
        for i in range(0, len(tables), 200):
            chunk = tables[i:i + 200]
            sql = savepoint + "select array[" + ", ".join("exists (select 1 from %s)" % _trace_quote(v[2], v[3]) for v in chunk) + "]"
            savepoint = ""
            got = _trace_query(db, sql)[0][0]
            if isinstance(got, str):  # an array as text: {t,f}
                got = [x == "t" for x in got.strip("{}").split(",")]
            out.extend(v[0] for v, has in zip(chunk, got) if has)
    finally:
        if not autocommit and multi:
            _trace_query(db, "rollback to savepoint retort_trace; release savepoint retort_trace")
        elif not autocommit:
            _trace_query(db, "rollback to savepoint retort_trace")
            _trace_query(db, "release savepoint retort_trace")
    return out


def _trace_before(conn, cursor, statement, parameters, context, executemany):
    st = _trace["step"]
    if st is not None:
        st["t0"][id(cursor)] = time.perf_counter()


def _trace_after(conn, cursor, statement, parameters, context, executemany):
    st = _trace["step"]
    if st is None:
        return
    t0 = st["t0"].pop(id(cursor), None)
    secs = time.perf_counter() - t0 if t0 is not None else 0.0
    path, line = _trace_rev_frame()
    rec = {"path": path, "line": line, "sql": statement if len(statement) <= _TRACE_MAX_SQL else statement[:_TRACE_MAX_SQL], "seconds": secs}
    if _trace["sql_only"]:
        st["statements"].append(rec)
        return
    prev = st["prev"]
    if prev is not None and _TRACE_CATALOG.match(statement):
        rec.update(locks=prev["locks"], lock_timeout=prev["lock_timeout"], statement_timeout=prev["statement_timeout"])
        st["statements"].append(rec)
        return
    try:
        db = conn.connection
        held = ""
        if st["held"]:
            held = " and (l.relation::text || ':' || l.mode) <> all('{%s}'::text[])" % ",".join(sorted(st["held"]))
        sql = ("select fp.v, case when fp.v <> '" + st["fp"] + "' then " + _TRACE_FILES + " end, " +
               _TRACE_LOCKS.replace("{held}", held) + ", " + _TRACE_SETTINGS + " from (select " + _TRACE_FP + " as v) fp")
        fp, files, locks, lt, stt = _trace_query(db, sql)[0]
        locks = json.loads(locks)
        rewrote = []
        if files is not None:
            st["fp"] = fp
            now = dict(json.loads(files))
            old = st["files"]
            rewrote = [o for o, n in now.items() if o in old and old[o] != n and n != 0]
            st["files"] = now
        names = st["names"]
        unknown = {o for o, _ in locks if o not in names} | {o for o in rewrote if o not in names}
        if unknown:
            only = " and c.oid in (%s)" % ",".join(str(int(o)) for o in sorted(unknown))
            _trace_learn(st, _trace_query(db, "select " + _TRACE_NAMES.replace("{only}", only).replace("%%", "%"))[0][0])
            for o in unknown:  # gone (the new heap of a rewrite), a sequence, TOAST
                names.setdefault(o, None)
        rec["locks"] = [{"relation": names[o][0], "mode": m} for o, m in locks if names.get(o)]
        rec["rewrote"] = sorted(names[o][0] for o in rewrote if names.get(o))
        rec["lock_timeout"], rec["statement_timeout"] = lt, stt
    except Exception as e:  # keep what was traced, trace no further
        sys.stderr.write("retort: trace after a statement of %s: %s\n" % (st["rev"], e))
        st["statements"].append(rec)
        _trace["done"] = _trace_end()
        return
    st["statements"].append(rec)
    st["prev"] = rec


def _trace_end():
    st = _trace["step"]
    _trace["step"] = None
    if st is None:
        done, _trace["done"] = _trace.get("done"), None
        return done
    return {"statements": st["statements"], "tables": st["tables"], "rows": st["rows"],
            "lock_timeout": st.get("lock_timeout", ""), "statement_timeout": st.get("statement_timeout", "")}


def _trace_attach(conn):
    if not _trace["on"] or conn is None:
        return
    try:
        from sqlalchemy import event
        eng = conn.engine
        if getattr(eng, "_retort_traced", False):
            return
        event.listen(eng, "before_cursor_execute", _trace_before)
        event.listen(eng, "after_cursor_execute", _trace_after)
        eng._retort_traced = True
    except Exception as e:
        sys.stderr.write("retort: no statement trace: %s\n" % e)


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
        _trace_begin(_state.get("conn"), rev, action)
        t0 = time.perf_counter()
        try:
            fn(*args, **kw)
        except BaseException as e:
            secs = time.perf_counter() - t0
            err = describe(e)
            _state["failed"] = rev
            send({"event": "step", "action": action, "revision": rev, "seconds": secs, "ok": False, "error": err, "trace": _trace_end()})
            raise
        secs = time.perf_counter() - t0
        send({"event": "step", "action": action, "revision": rev, "seconds": secs, "ok": True, "trace": _trace_end()})

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
        _state["conn"] = self.connection
        _trace_attach(self.connection)
    try:
        return _orig_run(self, **kw)
    finally:
        _state["conn"] = None


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
            src = f.read()
    except OSError:
        return False
    return any(s in src for s in ("sqlalchemy.ext.asyncio", "async_engine_from_config", "create_async_engine"))


def _version(mod):
    try:
        return __import__(mod).__version__
    except Exception:
        return ""


def _sa_major():
    try:
        return int(_version("sqlalchemy").split(".")[0])
    except ValueError:
        return 0


def _importable(mod):
    try:
        __import__(mod)
        return True
    except Exception:  # ImportError, or a driver whose C library is missing
        return False


# The PostgreSQL drivers SQLAlchemy knows, in the order retort picks one
# when the project names none: (driver, module, oldest SQLAlchemy major).
_SYNC_DRIVERS = [("psycopg2", "psycopg2", 1), ("psycopg", "psycopg", 2), ("pg8000", "pg8000", 1)]
_ASYNC_DRIVERS = [("asyncpg", "asyncpg", 1), ("psycopg_async", "psycopg", 2)]
_SYNC_ONLY = {"psycopg2", "psycopg2cffi", "pg8000", "pygresql"}


def _url_driver(url):
    # "postgresql+psycopg://..." -> "psycopg", "postgresql://..." -> "",
    # None when it is no PostgreSQL URL (alembic's template placeholder
    # "driver://user:pass@localhost/dbname", an unset interpolation, ...)
    if not url or "://" not in url:
        return None
    dialect, _, drv = url.split("://", 1)[0].strip().lower().partition("+")
    if dialect not in ("postgresql", "postgres"):
        return None
    return drv


def _choose_driver(project, is_async):
    """The driver of the scratch URL and why: the one the project's own URL
    names, else one that this interpreter can import. project is a list of
    (where, url) in order of precedence."""
    why = ""
    for where, url in project:
        drv = _url_driver(url)
        if drv is None:
            continue
        if drv and not (is_async and drv in _SYNC_ONLY):
            return drv, "named by " + where
        if drv:
            why = "%s names %s but env.py uses SQLAlchemy's asyncio extension; " % (where, drv)
        else:
            why = "%s names no driver; " % where
        break
    cands = _ASYNC_DRIVERS if is_async else _SYNC_DRIVERS
    tried = []
    for drv, mod, sa in cands:
        if _sa_major() < sa:
            tried.append("%s (needs SQLAlchemy %d)" % (mod, sa))
        elif _importable(mod):
            if tried:
                why += "%s %s not importable, %s is" % (", ".join(tried), "is" if len(tried) == 1 else "are", mod)
            else:
                why += "%s is importable" % mod
            return drv, why
        else:
            tried.append(mod)
    kind = "async PostgreSQL driver (env.py uses SQLAlchemy's asyncio extension)" if is_async else "PostgreSQL driver"
    raise RuntimeError("no %s is importable in %s: tried %s; install one into the project's environment" % (kind, sys.executable, ", ".join(tried)))


def _scratch_url(url):
    # retort's postgresql://user@host/db?params, with the chosen driver
    drv = _state.get("driver") or ""
    base, _, query = url.partition("?")
    rest = base.split("://", 1)[1]
    params = [p for p in query.split("&") if p]
    if drv in ("asyncpg", "pg8000"):
        # they take no libpq sslmode (asyncpg negotiates)
        params = [p for p in params if not p.startswith("sslmode=")]
    if drv == "pg8000":
        kv = dict(p.partition("=")[::2] for p in params)
        if kv.get("host", "").startswith("/"):  # a unix socket directory
            sock = "%s/.s.PGSQL.%s" % (kv["host"], kv.get("port") or "5432")
            params = [p for p in params if not p.startswith(("host=", "port="))] + ["unix_sock=" + sock]
    scheme = "postgresql+" + drv if drv else "postgresql"
    return scheme + "://" + rest + ("?" + "&".join(params) if params else "")


def _use_url(url):
    url = _scratch_url(url)
    os.environ[_state["url_env"]] = url
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))


def _make_config(req):
    import inspect
    ini = req.get("config") or ""
    takes_toml = "toml_file" in inspect.signature(Config.__init__).parameters
    toml = os.path.join(req.get("dir") or os.getcwd(), "pyproject.toml")
    if ini.endswith(".toml"):
        toml, ini = ini, ""
    if not takes_toml or not os.path.exists(toml):
        toml = None
    if ini or toml:
        # as alembic's command line: alembic.ini and, from 1.16, pyproject.toml
        kw = {"toml_file": toml} if toml else {}
        c = Config(file_=ini or None, ini_section="alembic", **kw)
    else:
        c = Config()  # pyproject.toml that this alembic cannot read, or no config at all
    if req.get("script_location") and not _option_of(c, "script_location"):
        c.set_main_option("script_location", req["script_location"])
        if req.get("version_locations") and not _option_of(c, "version_locations"):
            # path_separator from alembic 1.16, version_path_separator before
            c.set_main_option("path_separator", "os")
            c.set_main_option("version_path_separator", "os")
            c.set_main_option("version_locations", os.pathsep.join(req["version_locations"]))
    return c


def _option_of(c, name):
    get = getattr(c, "get_alembic_option", None) or c.get_main_option
    try:
        return get(name)
    except Exception:
        return None


def init(req):
    global cfg
    # what runs the replay, also in the answer when init fails
    _state["info"] = {"alembic": alembic.__version__, "python": sys.version.split()[0]}
    url = req["url"]
    _state["database"] = req.get("database")
    _state["url_env"] = req.get("url_env") or "DATABASE_URL"
    os.environ[_state["url_env"]] = url  # also for imports that read it early
    cfg = _make_config(req)
    project = []
    if req.get("env_url_scheme"):
        project.append(("$" + _state["url_env"], req["env_url_scheme"] + "://"))
    try:
        project.append(("sqlalchemy.url", cfg.get_main_option("sqlalchemy.url")))
    except Exception:  # an interpolation that does not resolve
        pass
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    script = ScriptDirectory.from_config(cfg)
    _state["async"] = _env_is_async(script)
    info = _state["info"]
    info.update({"sqlalchemy": _version("sqlalchemy"), "env_py": str(script.env_py_location)})
    try:
        _state["driver"], info["driver_reason"] = _choose_driver(project, _state["async"])
    except RuntimeError as e:
        info.update({"done": True, "ok": False, "stage": "driver", "error": describe(e)})
        return info
    info["driver"] = _state["driver"]
    info = dict(info)
    _use_url(url)
    try:
        _state["version_locations"] = [str(p) for p in script._version_locations]
    except Exception:
        pass
    revs = []
    for sc in script.walk_revisions():
        mod = sc.module
        up = getattr(mod, "upgrade", None)
        down = getattr(mod, "downgrade", None)
        doc = (sc.doc or "").strip()
        revs.append({
            "id": sc.revision,
            "parents": list(sc._normalized_down_revisions),
            "path": os.path.abspath(str(sc.path)),
            "doc": doc.splitlines()[0] if doc else "",
            "upgrade_line": up.__code__.co_firstlineno if hasattr(up, "__code__") else 0,
            "downgrade_line": down.__code__.co_firstlineno if hasattr(down, "__code__") else 0,
        })
    revs.reverse()
    _trace["revfiles"] = {r["path"] for r in revs}
    _trace["files"] = {}
    info["revisions"] = revs
    return info


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
                # "untraced" (a shard's jump to its slice, whose steps are
                # not reported) saves the queries around each statement
                traced = _trace["on"]
                _trace["on"] = traced and not req.get("untraced")
                try:
                    command.upgrade(cfg, req["target"])
                finally:
                    _trace["on"] = traced
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
            else:
                raise ValueError("unknown op %r" % op)
            if "ok" not in res:
                res.update({"done": True, "ok": True})
        except BaseException as e:  # noqa: B902
            if isinstance(e, KeyboardInterrupt):
                raise
            res = {"done": True, "ok": False, "error": describe(e), "revision": _state["failed"]}
            if op == "init":
                res.update(_state.get("info") or {})
        res["seconds"] = time.perf_counter() - t0
        res["version_table"] = _state["version_table"]
        res["version_schema"] = _state["version_schema"]
        res["version_locations"] = _state["version_locations"]
        send(res)


main()
