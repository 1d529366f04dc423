package revision

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Postgres is the dialect name of PostgreSQL, the database retort's
// operation rules are about.
const Postgres = "postgresql"

// dialects maps SQLAlchemy dialect names (the part of a URL scheme before
// "+driver") and common aliases to the name retort uses.
var dialects = map[string]string{
	"postgresql": Postgres, "postgres": Postgres, "pgsql": Postgres, "pg": Postgres,
	"sqlite": "sqlite",
	"mysql":  "mysql", "mariadb": "mariadb",
	"mssql": "mssql", "sqlserver": "mssql",
	"oracle":      "oracle",
	"cockroachdb": "cockroachdb",
	"redshift":    "redshift",
	"snowflake":   "snowflake",
	"bigquery":    "bigquery",
	"duckdb":      "duckdb",
	"clickhouse":  "clickhouse",
	"db2":         "db2", "ibm_db_sa": "db2",
	"firebird":   "firebird",
	"sybase":     "sybase",
	"trino":      "trino",
	"spanner":    "spanner",
	"databricks": "databricks",
}

// DialectName returns the dialect a name or a URL scheme ("postgres",
// "postgresql+psycopg", "sqlite") stands for, or "" when it names none.
func DialectName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexByte(s, '+'); i >= 0 {
		s = s[:i]
	}
	return dialects[s]
}

// DialectNames lists the dialect names DialectName knows, sorted.
func DialectNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range dialects {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return out
}

// Dialect is the database a project's migrations run on, and where retort
// read that.
type Dialect struct {
	Name string // "postgresql", "sqlite", ...
	// From says where Name was read ("alembic.ini sqlalchemy.url",
	// "env.py"); "" when it was assumed.
	From string
	// Because says why PostgreSQL was assumed when the project names
	// another database only as a fallback; "" otherwise.
	Because string
}

// Assumed reports whether nothing in the project named the dialect.
func (d Dialect) Assumed() bool { return d.From == "" }

// urlRE finds a database URL's scheme: "postgresql+psycopg://",
// "sqlite:///". The scheme must be one DialectName knows, so that
// "driver://user:pass@localhost/dbname" (alembic init's placeholder) and
// "https://" name nothing.
var urlRE = regexp.MustCompile(`(?i)\b([a-z][a-z0-9_]*)(\+[a-z0-9_]+)?://`)

// quotedURLRE finds a URL that starts a Python string literal (with an
// f, r or b prefix or none).
var quotedURLRE = regexp.MustCompile(`(?i)(?:^|[^a-z0-9_])[rbuf]{0,2}["']{1,3}([a-z][a-z0-9_]*)(\+[a-z0-9_]+)?://`)

// pgUseRE finds what only PostgreSQL migrations use: the postgresql
// dialect's types and keyword arguments.
var pgUseRE = regexp.MustCompile(`\bdialects\.postgresql\b|\bdialects import postgresql\b|\bpostgresql_(using|where|concurrently|include|ops|with|ondelete|not_valid)\b`)

var postgresqlWord = []byte("postgresql")

// envURLRE finds an env.py that takes its URL from outside the files: the
// environment, a dotenv file or the application's settings. The URLs
// written in the files are then fallbacks for local runs.
var envURLRE = regexp.MustCompile(`\bos\.environ\b|\bgetenv\s*\(|\benviron\s*[\[.]|\bdotenv\b|\bsettings\.|\bget_settings\s*\(|\bSettings\s*\(`)

// otherUses finds, per database, what only its migrations use: SQLite's
// PRAGMA and sqlite_ options, MySQL's mysql_ table options. They confirm
// a URL of that database that env.py may override; alone they prove
// nothing (a project for several databases guards them).
var otherUses = []struct {
	name string
	re   *regexp.Regexp
	// word is a text every match holds, looked for first; nil when the
	// regexp folds case
	word []byte
}{
	{"sqlite", regexp.MustCompile(`(?i)\bPRAGMA\s+[a-z_]+|\bsqlite_[a-z_]+\s*=`), nil},
	{"mysql", regexp.MustCompile(`\bmysql_[a-z_]+\s*=|\bdialects\.mysql\b|\bdialects import mysql\b`), []byte("mysql")},
}

// DetectDialect reads which database the project targets: the
// sqlalchemy.url of alembic.ini (its [alembic] section first, then the
// sections of a multi-database setup), of pyproject.toml's
// [tool.alembic], then the URLs written as string literals in env.py. A
// project whose URLs name PostgreSQL anywhere targets PostgreSQL, and so
// does one whose revisions use PostgreSQL's own types or options even
// though its URLs name another database (a SQLite default for tests).
// A URL of another database counts only when env.py does not take the
// real URL from the environment or the application's settings (then the
// written one is a local fallback) or when the revisions use that
// database's own options too. With nothing found it assumes PostgreSQL.
func (p *Project) DetectDialect() Dialect {
	type found struct{ name, from string }
	var all []found
	add := func(name, from string) {
		if name != "" {
			all = append(all, found{name, from})
		}
	}
	ini := p.Config
	if p.Config != "" && strings.HasSuffix(p.Config, ".toml") {
		table := p.toml // as discovery decoded it
		if p.tomlPath != p.Config {
			table = readToolAlembic(p.Config)
		}
		add(tableURLDialect(table), filepath.Base(p.Config)+" [tool.alembic] sqlalchemy.url")
		// Alembic 1.16 keeps the database URL in an alembic.ini beside it
		ini = filepath.Join(filepath.Dir(p.Config), "alembic.ini")
		if !isFile(ini) {
			ini = ""
		}
	}
	if ini != "" {
		base := filepath.Base(ini)
		secs, err := p.ini, error(nil)
		if ini != p.Config || secs == nil {
			secs, err = readIni(ini)
		}
		if err == nil {
			names := make([]string, 0, len(secs))
			for n := range secs {
				names = append(names, n)
			}
			sort.Slice(names, func(i, j int) bool {
				// [alembic] first, then the others by name
				if (names[i] == "alembic") != (names[j] == "alembic") {
					return names[i] == "alembic"
				}
				return names[i] < names[j]
			})
			for _, n := range names {
				if u, ok := secs[n].vals["sqlalchemy.url"]; ok {
					where := base + " sqlalchemy.url"
					if n != "alembic" {
						where = base + " [" + n + "] sqlalchemy.url"
					}
					add(urlDialect(u), where)
				}
			}
		}
	}
	fromEnv := false
	if p.EnvPy != nil {
		for _, m := range quotedURLRE.FindAllSubmatch(p.EnvPy, -1) {
			add(DialectName(string(m[1])), "env.py")
		}
		fromEnv = envURLRE.Match(p.EnvPy)
	}
	for _, f := range all {
		if f.name == Postgres {
			return Dialect{Name: Postgres, From: f.from}
		}
	}
	for _, f := range p.Files {
		// every alternative of pgUseRE names postgresql: most files are
		// ruled out by a byte search, without running the regexp
		if bytes.Contains(f.Src, postgresqlWord) && pgUseRE.Match(f.Src) {
			return Dialect{Name: Postgres, From: DisplayPath(f.Path) + " (postgresql types or options)"}
		}
	}
	if len(all) > 0 {
		first := all[0]
		if !fromEnv {
			return Dialect{Name: first.name, From: first.from}
		}
		if used := p.usesOf(first.name); used != "" {
			return Dialect{Name: first.name, From: first.from + " and " + used}
		}
		return Dialect{Name: Postgres, Because: first.from + " names " + first.name +
			", but env.py takes the real URL from the environment or the settings; set dialect in the retort configuration if production is not PostgreSQL"}
	}
	return Dialect{Name: Postgres}
}

// usesOf names the first revision file that uses the options only the
// database name has ("versions/a1.py (sqlite options or PRAGMA)"), or "".
func (p *Project) usesOf(name string) string {
	for _, u := range otherUses {
		if u.name != name {
			continue
		}
		for _, f := range p.Files {
			if (u.word == nil || bytes.Contains(f.Src, u.word)) && u.re.Match(f.Src) {
				return DisplayPath(f.Path) + " (" + name + " options or statements)"
			}
		}
	}
	return ""
}

func urlDialect(s string) string {
	if m := urlRE.FindStringSubmatch(s); m != nil {
		return DialectName(m[1])
	}
	return ""
}

// readToolAlembic reads pyproject.toml's [tool.alembic] table; nil when
// it cannot.
func readToolAlembic(path string) map[string]any {
	data, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(data, []byte("sqlalchemy")) {
		return nil
	}
	var doc struct {
		Tool struct {
			Alembic map[string]any `toml:"alembic"`
		} `toml:"tool"`
	}
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return nil
	}
	return doc.Tool.Alembic
}

// tableURLDialect reads sqlalchemy.url from a [tool.alembic] table.
func tableURLDialect(table map[string]any) string {
	if u, ok := table["sqlalchemy.url"].(string); ok {
		return urlDialect(u)
	}
	if sa, ok := table["sqlalchemy"].(map[string]any); ok {
		if u, ok := sa["url"].(string); ok {
			return urlDialect(u)
		}
	}
	return ""
}
