package revision

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

var interpRE = regexp.MustCompile(`%%|%\(([^)]+)\)s`)

// interpolate expands %(name)s, the name lowercased and given to lookup,
// and %% to %, as configparser's interpolation and Alembic's toml reader
// do. A name lookup does not know stays as it is.
func interpolate(v string, lookup func(string) (string, bool)) string {
	if !strings.Contains(v, "%") {
		return v
	}
	return interpRE.ReplaceAllStringFunc(v, func(m string) string {
		if m == "%%" {
			return "%"
		}
		if x, ok := lookup(strings.ToLower(m[2 : len(m)-2])); ok {
			return x
		}
		return m
	})
}

// Settings are the project's Alembic options: alembic.ini's sections,
// then pyproject.toml's [tool.alembic], as Alembic 1.16+ looks them up
// (older versions read only the ini file).
type Settings struct {
	Root     string
	IniPath  string // "" when there is no alembic.ini
	TomlPath string // "" when there is no pyproject.toml
	ini      map[string]*iniSection
	toml     map[string]any
}

// Settings returns the project's options, from what Discover read where it
// read the files: alembic.ini (the config, or the one beside a
// pyproject.toml) and pyproject.toml (the config, or the one beside).
func (p *Project) Settings() (*Settings, error) {
	s := &Settings{Root: p.Root}
	ini := ""
	switch {
	case p.Config != "" && !strings.HasSuffix(p.Config, ".toml"):
		ini = p.Config
	case isFile(filepath.Join(p.Root, "alembic.ini")):
		ini = filepath.Join(p.Root, "alembic.ini")
	}
	if ini != "" {
		secs := p.ini
		if ini != p.Config || secs == nil {
			var err error
			if secs, err = readIni(ini); err != nil {
				return nil, err
			}
		}
		s.ini, s.IniPath = secs, ini
	}
	pyproject := filepath.Join(p.Root, "pyproject.toml")
	if strings.HasSuffix(p.Config, ".toml") {
		pyproject = p.Config
	}
	if p.toml != nil && p.tomlPath == pyproject {
		s.toml, s.TomlPath = p.toml, pyproject
	} else if isFile(pyproject) {
		var doc struct {
			Tool struct {
				Alembic map[string]any `toml:"alembic"`
			} `toml:"tool"`
		}
		if _, err := toml.DecodeFile(pyproject, &doc); err != nil {
			return nil, err
		}
		s.toml, s.TomlPath = doc.Tool.Alembic, pyproject
	}
	return s, nil
}

func (s *Settings) vals(sec string) map[string]string {
	if x := s.ini[sec]; x != nil {
		return x.vals
	}
	return nil
}

// Option returns an option of an ini section with configparser's
// interpolation (%(here)s, the section's and DEFAULT's values, %%).
func (s *Settings) Option(sec, name string) (string, bool) {
	vals, defaults := s.vals(sec), s.vals("DEFAULT")
	v, ok := vals[strings.ToLower(name)]
	if !ok {
		v, ok = defaults[strings.ToLower(name)]
	}
	if !ok {
		return "", false
	}
	depth := 0
	var lookup func(string) (string, bool)
	lookup = func(k string) (string, bool) {
		if k == "here" {
			return s.Root, true
		}
		raw, ok := vals[k]
		if !ok {
			raw, ok = defaults[k]
		}
		if !ok || depth > 10 {
			return "", false
		}
		depth++
		defer func() { depth-- }()
		return interpolate(raw, lookup), true
	}
	return interpolate(v, lookup), true
}

// MainOption is Option of the [alembic] section, Alembic's
// get_main_option.
func (s *Settings) MainOption(name string) (string, bool) { return s.Option("alembic", name) }

// Section returns the options of an ini section, interpolated; false when
// there is no such section.
func (s *Settings) Section(sec string) (map[string]string, bool) {
	if _, ok := s.ini[sec]; !ok {
		return nil, false
	}
	out := map[string]string{}
	for k := range s.vals(sec) {
		out[k], _ = s.Option(sec, k)
	}
	return out, true
}

// AlembicOption returns an Alembic option: the ini's [alembic] section,
// then [tool.alembic], Alembic's get_alembic_option.
func (s *Settings) AlembicOption(name string) (string, bool) {
	if v, ok := s.MainOption(name); ok {
		return v, true
	}
	switch v := s.toml[name].(type) {
	case string:
		return interpolate(v, s.here), true
	case int64:
		return strconv.Itoa(int(v)), true
	}
	return "", false
}

// Tool returns a raw value of pyproject.toml's [tool.alembic].
func (s *Settings) Tool(name string) (any, bool) {
	v, ok := s.toml[name]
	return v, ok
}

func (s *Settings) here(k string) (string, bool) {
	if k == "here" {
		return s.Root, true
	}
	return "", false
}
