package scaffold

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/retortdev/retort/revision"
)

// settings are the project's Alembic options: alembic.ini's [alembic]
// section first, then pyproject.toml's [tool.alembic], as Alembic 1.16+
// looks them up (older versions read only the ini file).
type settings struct {
	root     string
	ini      map[string]map[string]string // raw sections
	iniPath  string
	toml     map[string]any
	tomlPath string
}

func loadSettings(p *revision.Project) (*settings, error) {
	s := &settings{root: p.Root}
	ini := ""
	switch {
	case p.Config != "" && !strings.HasSuffix(p.Config, ".toml"):
		ini = p.Config
	case fileExists(filepath.Join(p.Root, "alembic.ini")):
		ini = filepath.Join(p.Root, "alembic.ini")
	}
	if ini != "" {
		secs, err := revision.IniSections(ini)
		if err != nil {
			return nil, err
		}
		s.ini, s.iniPath = secs, ini
	}
	pyproject := filepath.Join(p.Root, "pyproject.toml")
	if strings.HasSuffix(p.Config, ".toml") {
		pyproject = p.Config
	}
	if fileExists(pyproject) {
		var doc struct {
			Tool struct {
				Alembic map[string]any `toml:"alembic"`
			} `toml:"tool"`
		}
		if _, err := toml.DecodeFile(pyproject, &doc); err != nil {
			return nil, err
		}
		s.toml, s.tomlPath = doc.Tool.Alembic, pyproject
	}
	return s, nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

var interpolation = regexp.MustCompile(`%%|%\(([^)]+)\)s`)

// interpolate expands %(name)s and %% as configparser and Alembic's toml
// reader do.
func interpolate(v string, lookup func(string) (string, bool)) string {
	return interpolation.ReplaceAllStringFunc(v, func(m string) string {
		if m == "%%" {
			return "%"
		}
		if x, ok := lookup(strings.ToLower(m[2 : len(m)-2])); ok {
			return x
		}
		return m
	})
}

// section returns an option of an ini section with configparser's
// interpolation (%(here)s, the section's and DEFAULT's values).
func (s *settings) section(sec, name string) (string, bool) {
	vals := s.ini[sec]
	v, ok := vals[strings.ToLower(name)]
	if !ok {
		v, ok = s.ini["DEFAULT"][strings.ToLower(name)]
	}
	if !ok {
		return "", false
	}
	depth := 0
	var lookup func(string) (string, bool)
	lookup = func(k string) (string, bool) {
		if k == "here" {
			return s.root, true
		}
		raw, ok := vals[k]
		if !ok {
			raw, ok = s.ini["DEFAULT"][k]
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

// alembic returns an Alembic option: the ini's [alembic] section, then
// [tool.alembic].
func (s *settings) alembic(name string) (string, bool) {
	if v, ok := s.section("alembic", name); ok {
		return v, true
	}
	switch v := s.toml[name].(type) {
	case string:
		return interpolate(v, func(k string) (string, bool) {
			if k == "here" {
				return s.root, true
			}
			return "", false
		}), true
	case int64:
		return strconv.Itoa(int(v)), true
	}
	return "", false
}

// configObject is the "config" a template sees: Alembic's Config with the
// methods templates call.
func (s *settings) configObject() object {
	opt := func(get func(args []any) (string, bool), nDefault int) callable {
		return func(args []any, kw map[string]any) (any, error) {
			v, ok := get(args)
			if ok {
				return v, nil
			}
			if d, has := kw["default"]; has {
				return d, nil
			}
			if len(args) > nDefault {
				return args[nDefault], nil
			}
			return nil, nil
		}
	}
	arg := func(args []any, i int) string {
		if i < len(args) {
			s, _ := args[i].(string)
			return s
		}
		return ""
	}
	return object{
		"config_file_name": s.iniPath,
		"get_main_option":  opt(func(a []any) (string, bool) { return s.section("alembic", arg(a, 0)) }, 1),
		"get_section_option": opt(func(a []any) (string, bool) {
			return s.section(arg(a, 0), arg(a, 1))
		}, 2),
		"get_alembic_option": opt(func(a []any) (string, bool) { return s.alembic(arg(a, 0)) }, 1),
		"get_section": callable(func(args []any, _ map[string]any) (any, error) {
			name := arg(args, 0)
			if _, ok := s.ini[name]; !ok {
				if len(args) > 1 {
					return args[1], nil
				}
				return nil, nil
			}
			out := dict{}
			for k := range s.ini[name] {
				out[k], _ = s.section(name, k)
			}
			return out, nil
		}),
	}
}
