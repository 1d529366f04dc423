package revision

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSettingsPercent: %% reads as %, as configparser reads it, and
// %(here)s, the section's and DEFAULT's values expand, in the ini and in
// the script_location Discover reads.
func TestSettingsPercent(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "mig", "versions"), 0o755); err != nil {
		t.Fatal(err)
	}
	ini := filepath.Join(dir, "alembic.ini")
	if err := os.WriteFile(ini, []byte("[DEFAULT]\nbase = mig\n\n[alembic]\n"+
		"script_location = %(here)s/%(base)s\n"+
		"file_template = %%(rev)s_%%(slug)s\n"+
		"sub = %(base)s/100%%\n\n[other]\nx = %(here)s %%\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Discover(ini)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "mig"); p.ScriptDir != want {
		t.Errorf("script dir %q, want %q", p.ScriptDir, want)
	}
	s, err := p.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := s.MainOption("file_template"); !ok || v != "%(rev)s_%(slug)s" {
		t.Errorf("file_template %q %v, want %%(rev)s_%%(slug)s", v, ok)
	}
	if v, _ := s.AlembicOption("sub"); v != "mig/100%" {
		t.Errorf("sub %q", v)
	}
	if sec, ok := s.Section("other"); !ok || sec["x"] != p.Root+" %" {
		t.Errorf("[other] %q %v", sec, ok)
	}
	if _, ok := s.MainOption("nothing"); ok {
		t.Error("an option that is not there")
	}
}

// TestSettingsToml: [tool.alembic] options, after the ini's, with %% and
// %(here)s.
func TestSettingsToml(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "mig", "versions"), 0o755); err != nil {
		t.Fatal(err)
	}
	pp := filepath.Join(dir, "pyproject.toml")
	if err := os.WriteFile(pp, []byte("[tool.alembic]\nscript_location = \"%(here)s/mig\"\n"+
		"file_template = \"%%(rev)s_%%(slug)s\"\ntruncate_slug_length = 20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.AlembicOption("file_template"); v != "%(rev)s_%(slug)s" {
		t.Errorf("file_template %q", v)
	}
	if v, _ := s.AlembicOption("truncate_slug_length"); v != "20" {
		t.Errorf("truncate_slug_length %q", v)
	}
	if _, ok := s.Tool("script_location"); !ok || s.TomlPath != pp {
		t.Errorf("[tool.alembic] not kept from Discover: %q", s.TomlPath)
	}
}
