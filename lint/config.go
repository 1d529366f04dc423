package lint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/retortdev/retort/revision"
)

// Config is [tool.retort] in pyproject.toml, or retort.toml.
type Config struct {
	Path string `toml:"-"` // where it was read from; "" for the defaults

	Disable []string `toml:"disable"`
	// Enable lists rules to run even when Disable names them (or a
	// wildcard group in Disable covers them).
	Enable   []string            `toml:"enable"`
	Severity map[string]Severity `toml:"severity"`
	// PostgresVersion is the major version production runs (default 15).
	PostgresVersion int      `toml:"postgres-version"`
	IgnoreRevisions []string `toml:"ignore-revisions"`
	// AllowedHeads lists heads (ids or branch labels) that may coexist, for
	// projects that keep several trees on purpose.
	AllowedHeads  []string `toml:"allowed-heads"`
	LintDowngrade bool     `toml:"lint-downgrade"`
	FailOn        string   `toml:"fail-on"`
	// Dialect is the database the migrations run on ("postgresql",
	// "sqlite", ...); "" means read it from the project.
	Dialect string `toml:"dialect"`

	// Types maps custom column types (a dotted import path or a class
	// name) to the PostgreSQL type they are: "myapp.types.GUID" = "uuid".
	Types map[string]string `toml:"types"`

	// SeedSkip lists tables (name or schema.name) the replay leaves
	// empty; SeedSQL is an SQL file (relative to this file) run after
	// each seeding.
	SeedSkip []string `toml:"seed-skip"`
	SeedSQL  string   `toml:"seed-sql"`

	// LockTimeout says where lock_timeout is set when neither the
	// revisions nor env.py set it ("set by the role"): any value silences
	// missing-lock-timeout.
	LockTimeout string `toml:"lock-timeout"`
}

// DefaultConfig is used when no configuration file exists.
func DefaultConfig() *Config { return &Config{PostgresVersion: 15} }

// LoadConfig reads explicit (when set) or finds retort.toml or a
// pyproject.toml with [tool.retort] in dirs, first match wins.
func LoadConfig(explicit string, dirs ...string) (*Config, error) {
	if explicit != "" {
		if filepath.Base(explicit) == "pyproject.toml" {
			c, found, err := readPyproject(explicit)
			if err == nil && !found {
				return nil, fmt.Errorf("%s: no [tool.retort] table", explicit)
			}
			return c, err
		}
		return readRetortToml(explicit)
	}
	seen := map[string]bool{}
	for _, d := range dirs {
		abs, _ := filepath.Abs(d)
		if seen[abs] {
			continue
		}
		seen[abs] = true
		if p := filepath.Join(d, "retort.toml"); fileExists(p) {
			return readRetortToml(p)
		}
		if p := filepath.Join(d, "pyproject.toml"); fileExists(p) {
			c, found, err := readPyproject(p)
			if err != nil || found {
				return c, err
			}
		}
	}
	return DefaultConfig(), nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func readRetortToml(path string) (*Config, error) {
	c := DefaultConfig()
	md, err := toml.DecodeFile(path, c)
	if err != nil {
		return nil, tomlError(path, err)
	}
	c.Path = path
	return c, checkUndecoded(path, md, "")
}

func readPyproject(path string) (*Config, bool, error) {
	var doc struct {
		Tool struct {
			Retort Config `toml:"retort"`
		} `toml:"tool"`
	}
	doc.Tool.Retort = *DefaultConfig()
	md, err := toml.DecodeFile(path, &doc)
	if err != nil {
		return nil, false, tomlError(path, err)
	}
	if !md.IsDefined("tool", "retort") {
		return nil, false, nil
	}
	c := &doc.Tool.Retort
	c.Path = path
	return c, true, checkUndecoded(path, md, "tool.retort.")
}

func tomlError(path string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %s", path, pe.Position.Line, pe.Message)
	}
	return fmt.Errorf("%s: %v", path, err)
}

func checkUndecoded(path string, md toml.MetaData, prefix string) error {
	var unknown []string
	for _, k := range md.Undecoded() {
		s := k.String()
		if prefix == "" || strings.HasPrefix(s, prefix) {
			unknown = append(unknown, strings.TrimPrefix(s, prefix))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("%s: unknown setting %q (known: disable, enable, severity, postgres-version, ignore-revisions, allowed-heads, lint-downgrade, fail-on, dialect, types, seed-skip, seed-sql, lock-timeout)", path, unknown[0])
	}
	return nil
}

// Validate checks rule ids against the known ones.
func (c *Config) Validate(known map[string]bool) error {
	where := c.Path
	if where == "" {
		where = "config"
	}
	check := func(field string, ids []string) error {
		for _, id := range ids {
			if !known[id] {
				return fmt.Errorf("%s: %s names unknown rule %q (see `retort rules`)", where, field, id)
			}
		}
		return nil
	}
	if err := check("disable", c.Disable); err != nil {
		return err
	}
	if err := check("enable", c.Enable); err != nil {
		return err
	}
	for id := range c.Severity {
		if !known[id] {
			return fmt.Errorf("%s: severity names unknown rule %q (see `retort rules`)", where, id)
		}
	}
	if c.FailOn != "" {
		if _, err := ParseSeverity(c.FailOn); err != nil {
			return fmt.Errorf("%s: fail-on: %v", where, err)
		}
	}
	if c.Dialect != "" {
		d := revision.DialectName(c.Dialect)
		if d == "" {
			return fmt.Errorf("%s: dialect %q is not a database retort knows (known: %s)", where, c.Dialect, strings.Join(revision.DialectNames(), ", "))
		}
		c.Dialect = d
	}
	if c.PostgresVersion != 0 && (c.PostgresVersion < 9 || c.PostgresVersion > 30) {
		return fmt.Errorf("%s: postgres-version %d is not a PostgreSQL major version", where, c.PostgresVersion)
	}
	return nil
}

// Enabled reports whether a rule runs.
func (c *Config) Enabled(r *Rule) bool { return c.enabled(r.ID) }

// enabled is Enabled by rule id.
func (c *Config) enabled(rule string) bool {
	for _, id := range c.Enable {
		if id == rule {
			return true
		}
	}
	for _, id := range c.Disable {
		if id == rule {
			return false
		}
	}
	return true
}

// SeverityOf returns the configured severity of a rule.
func (c *Config) SeverityOf(r *Rule) Severity {
	if s, ok := c.Severity[r.ID]; ok {
		return s
	}
	return r.Severity
}

// IgnoresRevision reports whether findings on revision id are ignored.
func (c *Config) IgnoresRevision(id string) bool {
	for _, r := range c.IgnoreRevisions {
		if r == id {
			return true
		}
	}
	return false
}

// PG returns the configured PostgreSQL major version.
func (c *Config) PG() int {
	if c.PostgresVersion == 0 {
		return 15
	}
	return c.PostgresVersion
}
