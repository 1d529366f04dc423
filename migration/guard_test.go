package migration

import "testing"

func TestGuardTruthTable(t *testing.T) {
	for _, c := range []struct {
		test string
		want tri
	}{
		{`conn.dialect.name == "mysql"`, tFalse},
		{`conn.dialect.name == "postgresql"`, tTrue},
		{`conn.dialect.name != "postgresql"`, tFalse},
		{`not is_sqlite`, tTrue},
		{`is_sqlite`, tFalse},
		{`is_postgres`, tTrue},
		{`not is_postgresql and x`, tFalse},
		{`url.startswith("sqlite") is False`, tTrue},
		{`url.startswith("sqlite") is not False`, tFalse},
		{`url.startswith("sqlite") == False`, tTrue},
		{`url.startswith("postgres")`, tTrue},
		{`not dialect == "sqlite"`, tTrue},
		{`not (dialect == "sqlite" or dialect == "mysql")`, tTrue},
		{`dialect == "sqlite" and not context.is_offline_mode()`, tFalse},
		{`dialect.name == "postgresql" and not context.is_offline_mode()`, tUnknown},
		{`not context.is_offline_mode() and dialect.name == "postgresql"`, tUnknown},
		{`dialect.name == "postgresql" or not context.is_offline_mode()`, tTrue},
		{`bind.engine.name in ["postgresql", "sqlite"]`, tTrue},
		{`bind.engine.name in ("mysql", "sqlite")`, tFalse},
		{`bind.engine.name not in ("mysql", "sqlite")`, tTrue},
		{`"sqlite" in str(bind.url)`, tFalse},
		{`"sqlite" not in str(bind.url)`, tTrue},
		{`op.get_bind().dialect.name == 'sqlite'`, tFalse},
		{`op.get_context().dialect.name.lower() != "mysql"`, tTrue},
		{`isinstance(bind.dialect, SQLiteDialect)`, tFalse},
		{`not isinstance(bind.dialect, postgresql.dialect)`, tFalse},
		{`is_not_sqlite`, tTrue},
		{`settings.DB == "default"`, tUnknown},
		{`not bind.execute(sa.text("SELECT 1 FROM sqlite_master")).first()`, tUnknown},
		{`is_sqlite is True`, tFalse},
		{`(is_sqlite)`, tFalse},
	} {
		if got := evalOnPG(c.test); got != c.want {
			t.Errorf("evalOnPG(%s) = %d, want %d", c.test, got, c.want)
		}
	}
}
