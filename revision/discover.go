package revision

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/BurntSushi/toml"
)

// Project is an Alembic project found on disk.
type Project struct {
	Root        string // directory of the config file, or of the path given
	Config      string // alembic.ini or pyproject.toml; "" when none
	ScriptDir   string // directory holding env.py; "" when not found
	VersionDirs []string
	Recursive   bool
	Files       []*File // every parsed revision file, sorted by path
	Graph       *Graph
	// Dialect is the database the project targets (see DetectDialect).
	Dialect Dialect
	// EnvPy is the source of the script directory's env.py, read once when
	// the project loads; nil when there is none.
	EnvPy []byte

	// RecursiveGuessed is true when no config said so, but the revision
	// files were found in the sub-folders of the versions folder only, and
	// read recursively.
	RecursiveGuessed bool

	// guessed is true when nothing marked path as an Alembic project (no
	// config, no env.py) and it was taken for a versions folder.
	guessed bool

	// ini holds the sections of Config when it is an alembic.ini, as
	// Discover read them, for DetectDialect and Settings
	ini map[string]*iniSection
	// toml is pyproject.toml's [tool.alembic] when Discover read it (from
	// tomlPath), for Settings
	toml     map[string]any
	tomlPath string
}

// ConfigError is a problem with the project's configuration, with the file
// and line it comes from.
type ConfigError struct {
	Path string
	Line int
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Load discovers the project at path, parses its revision files in
// parallel and builds the graph. path may be "" (the current directory),
// an alembic.ini, a pyproject.toml, a script directory or a versions folder.
func Load(path string) (*Project, error) { return load(path, Parse, LoadOptions{}) }

// LoadWith is Load calling o.Discovered; the other options are
// LoadHeadersWith's alone.
func LoadWith(path string, o LoadOptions) (*Project, error) {
	return load(path, Parse, LoadOptions{Discovered: o.Discovered})
}

// LoadHeaders is Load with the files read by ParseHeaders: the graph and
// everything but the bodies of the functions, which File.Full reads when a
// rule needs them. Lint uses it, so that a long history is never held in
// memory as whole syntax trees.
func LoadHeaders(path string) (*Project, error) { return load(path, ParseHeaders, LoadOptions{}) }

// KeepFiles and KeepBudget bound what LoadHeadersKeeping parses in full at
// load: the syntax trees of a file take about ten times its source. A
// longer history is read by ParseHeaders alone: held as trees, it would
// cost the collector more than the second parse of each file saves.
const (
	KeepFiles  = 10000
	KeepBudget = 16 << 20
)

// LoadHeadersKeeping is LoadHeaders for a caller that will read every
// file in full (lint with every revision in scope): when everyFull says so
// for the discovered project and it has at most KeepFiles revision files,
// they are parsed in full at once, up to KeepBudget bytes of source, so
// that File.Full does not tokenize and parse them a second time. A wrong
// guess costs time, never a result: a full File answers all that a
// partial one does.
func LoadHeadersKeeping(path string, everyFull func(*Project) bool) (*Project, error) {
	return LoadHeadersWith(path, LoadOptions{EveryFull: everyFull})
}

// LoadOptions are what LoadHeadersWith may do beyond LoadHeaders.
type LoadOptions struct {
	// Discovered is called with the discovered project, its versions
	// folders known, before its files are read: a caller can start work
	// that needs no file (git's, for a base ref) while they load.
	Discovered func(*Project)
	// EveryFull is LoadHeadersKeeping's: it says, for the discovered
	// project, whether the caller will read every file in full.
	EveryFull func(*Project) bool
	// Tokens, when it returns a function for the discovered project, has
	// that function called with each file and its tokens as the file is
	// parsed, on the parsing goroutines: a caller that reads every file's
	// tokens (hashing a history for retort.sum) does not tokenize the
	// files again. The tokens are reused once it returns.
	Tokens func(*Project) func(*File, []Token)
	// Visit, when it returns a function for the discovered project, has
	// each file parsed in full once and that function called with it on
	// the parsing goroutine (EveryFull is not asked then);
	// the project keeps what ParseHeaders would have read of the file:
	// the same *File, trimmed to that in place once the function returns,
	// so the function must keep nothing of it as a full parse. It
	// is for a caller that reads every file in full once (lint, with every
	// revision in scope, runs the per-file rules there): each file is then
	// parsed once, not for the graph and again for the rules, and no
	// history is held as syntax trees.
	Visit func(*Project) func(*File)
}

// LoadHeadersWith is LoadHeaders with the options o.
func LoadHeadersWith(path string, o LoadOptions) (*Project, error) {
	return load(path, ParseHeaders, o)
}

func load(path string, parse func(string, []byte) *File, o LoadOptions) (*Project, error) {
	p, err := Discover(path)
	if err != nil {
		return nil, err
	}
	paths, err := p.RevisionPaths()
	if err != nil {
		return nil, err
	}
	if p.Config == "" && !anyDeclaresRevision(paths) {
		// a parent folder, or a recursive layout that no config describes
		if paths, err = p.guessRecursive(path); err != nil {
			return nil, err
		}
	}
	if len(paths) == 0 {
		return nil, p.noRevisions(path)
	}
	if o.Discovered != nil {
		o.Discovered(p)
	}
	var see func(*File, []Token)
	if o.Tokens != nil {
		see = o.Tokens(p)
	}
	if p.ScriptDir != "" {
		// before the files: a visitor may read it
		p.EnvPy, _ = os.ReadFile(filepath.Join(p.ScriptDir, "env.py"))
	}
	var visit func(*File)
	if o.Visit != nil {
		visit = o.Visit(p)
	}
	keep := visit == nil && o.EveryFull != nil && len(paths) <= KeepFiles && o.EveryFull(p)
	switch {
	case keep:
		parse = keepingFull(KeepBudget, see)
	case visit != nil:
		parse = func(path string, src []byte) *File {
			// the tree is dropped once visited: its Calls and arguments
			// come from an arena the goroutine's next file reuses
			a := arenaPool.Get().(*arena)
			f := parseIn(path, src, false, see, a)
			visit(f)
			h := headersOf(f, src)
			a.reset()
			arenaPool.Put(a)
			return h
		}
	case see != nil:
		parse = func(path string, src []byte) *File { return parseSeeing(path, src, true, see) }
	}
	p.Files = parseFiles(paths, parse)
	p.Graph = NewGraph(p.Files)
	p.Dialect = p.DetectDialect()
	return p, nil
}

// ParseFiles reads and parses files on all cores. A file that cannot be
// read becomes a File with an error, so that nothing else is lost.
func ParseFiles(paths []string) []*File { return parseFiles(paths, Parse) }

// keepingFull returns a parse function for parseFiles that parses files in
// full while the source it has parsed so stays within budget bytes, and
// by ParseHeaders after that. It is safe for concurrent use.
func keepingFull(budget int64, see func(*File, []Token)) func(string, []byte) *File {
	var used atomic.Int64
	return func(path string, src []byte) *File {
		return parseSeeing(path, src, used.Add(int64(len(src))) > budget, see)
	}
}

// parseFiles reads and parses the files on one goroutine per core, each
// reading through its own sourceReader (a scratch buffer, and the
// directories it opens the files in). (Reading on more goroutines
// than cores, with a channel to the parsing ones, cost 7% more
// instructions at 5,000 files, and no wall time on a busy machine.)
func parseFiles(paths []string, parse func(string, []byte) *File) []*File {
	files := make([]*File, len(paths))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var r sourceReader
			defer r.Close()
			for i := int(next.Add(1) - 1); i < len(paths); i = int(next.Add(1) - 1) {
				src, err := r.read(paths[i])
				if err != nil {
					f := Parse(paths[i], nil)
					f.Errors = append(f.Errors, SyntaxError{Pos{1, 1}, "cannot read file: " + err.Error()})
					files[i] = f
					continue
				}
				files[i] = parse(paths[i], src)
			}
		})
	}
	wg.Wait()
	return files
}

// DisplayPath shows a path relative to the working directory when it
// lies below it, as every path is shown: DisplayPathIn with the working
// directory, for messages that name a file.
func DisplayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	return DisplayPathIn(wd, p)
}

// DisplayPathIn makes a path relative to the working directory wd when it
// is below it, else leaves it as it is. Paths travel as they were found
// (File.Path is the path discovery built, absolute with %(here)s) and are
// shown through this function alone.
func DisplayPathIn(wd, p string) string {
	if wd == "" || p == "" {
		return p
	}
	abs := p
	if !filepath.IsAbs(p) {
		abs = filepath.Join(wd, p)
	}
	rel, ok := RelWithin(wd, abs)
	if !ok {
		return p
	}
	return rel
}

// Discover finds the script directory and versions folders for path.
func Discover(path string) (*Project, error) {
	if path == "" {
		path = "."
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: no such file or directory", path)
	}
	if !st.IsDir() {
		switch {
		case filepath.Base(path) == "pyproject.toml":
			return fromPyproject(path, true)
		case strings.HasSuffix(path, ".ini") || strings.HasSuffix(path, ".cfg"):
			return fromIni(path)
		case strings.HasSuffix(path, ".toml"):
			return fromPyproject(path, true)
		}
		return nil, fmt.Errorf("%s: not an alembic.ini, a pyproject.toml or a directory", path)
	}
	if ini := filepath.Join(path, "alembic.ini"); isFile(ini) {
		return fromIni(ini)
	}
	if pp := filepath.Join(path, "pyproject.toml"); isFile(pp) {
		p, err := fromPyproject(pp, false)
		if err == nil && p != nil {
			return p, nil
		}
		if err != nil {
			return nil, err
		}
	}
	if isFile(filepath.Join(path, "env.py")) {
		p := &Project{Root: path, ScriptDir: path, VersionDirs: []string{filepath.Join(path, "versions")}}
		return p, p.checkDirs("")
	}
	if sub := filepath.Join(path, "migrations", "env.py"); isFile(sub) {
		return Discover(filepath.Dir(sub))
	}
	if sub := filepath.Join(path, "alembic", "env.py"); isFile(sub) {
		return Discover(filepath.Dir(sub))
	}
	// a versions folder
	p := &Project{Root: path, VersionDirs: []string{path}, guessed: true}
	if isFile(filepath.Join(path, "..", "env.py")) {
		p.ScriptDir = filepath.Clean(filepath.Join(path, ".."))
	}
	return p, nil
}

// absDir is the absolute directory of a file, as Alembic's %(here)s.
func absDir(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return filepath.Dir(abs)
	}
	return filepath.Dir(path)
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func (p *Project) checkDirs(config string) error {
	for _, d := range p.VersionDirs {
		if !isDir(d) {
			if config == "" {
				config = d
			}
			return &ConfigError{Path: config, Msg: fmt.Sprintf("versions folder %s does not exist", d)}
		}
	}
	return nil
}

// iniSection is the [alembic] section of an ini file: values with the line
// each was set on.
type iniSection struct {
	vals  map[string]string
	lines map[string]int
}

// readIni reads a configparser-style file: sections, key = value or
// key: value, continuation lines indented, comments with # or ;.
func readIni(path string) (map[string]*iniSection, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	secs := map[string]*iniSection{}
	var cur *iniSection
	var key string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';' {
			key = ""
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && cur != nil && key != "" {
			cur.vals[key] += "\n" + trimmed
			continue
		}
		if trimmed[0] == '[' && strings.HasSuffix(trimmed, "]") {
			name := strings.TrimSpace(trimmed[1 : len(trimmed)-1])
			cur = &iniSection{vals: map[string]string{}, lines: map[string]int{}}
			secs[name] = cur
			key = ""
			continue
		}
		if cur == nil {
			return nil, &ConfigError{Path: path, Line: n, Msg: "a value before any [section]"}
		}
		i := strings.IndexAny(trimmed, "=:")
		if i < 0 {
			key = ""
			continue
		}
		key = strings.ToLower(strings.TrimSpace(trimmed[:i]))
		cur.vals[key] = strings.TrimSpace(trimmed[i+1:])
		cur.lines[key] = n
	}
	return secs, sc.Err()
}

func fromIni(path string) (*Project, error) {
	secs, err := readIni(path)
	if err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) {
			return nil, ce
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	root := absDir(path)
	sec := secs["alembic"]
	missing := "[alembic] has no script_location"
	if sec == nil {
		sec, missing = &iniSection{vals: map[string]string{}, lines: map[string]int{}}, "no [alembic] section"
	}
	defaults := map[string]string{"here": root}
	if d := secs["DEFAULT"]; d != nil {
		for k, v := range d.vals {
			defaults[k] = v
		}
	}
	get := func(k string) (string, bool) {
		v, ok := sec.vals[k]
		if !ok {
			return "", false
		}
		return interpolate(v, func(name string) (string, bool) {
			if x, ok := defaults[name]; ok {
				return x, true
			}
			x, ok := sec.vals[name]
			return x, ok
		}), true
	}
	loc, ok := get("script_location")
	if !ok || loc == "" {
		// alembic 1.16+: alembic.ini keeps the runtime settings (the URL,
		// logging) and pyproject.toml beside it the script location
		if pp := filepath.Join(root, "pyproject.toml"); isFile(pp) {
			p, err := fromPyproject(pp, false)
			if err != nil || p != nil {
				if p != nil {
					p.Config, p.ini = path, secs
				}
				return p, err
			}
		}
		return nil, &ConfigError{Path: path, Msg: missing + " (and no pyproject.toml beside it with [tool.alembic])"}
	}
	p := &Project{Root: root, Config: path, ScriptDir: resolveLocation(root, loc), ini: secs}
	if v, ok := get("version_locations"); ok && strings.TrimSpace(v) != "" {
		sep, _ := get("version_path_separator")
		for _, d := range splitVersionLocations(v, sep) {
			p.VersionDirs = append(p.VersionDirs, resolveLocation(root, d))
		}
	} else {
		p.VersionDirs = []string{filepath.Join(p.ScriptDir, "versions")}
	}
	if v, ok := get("recursive_version_locations"); ok {
		p.Recursive = isTrue(v)
	}
	if !isFile(filepath.Join(p.ScriptDir, "env.py")) && !isDir(p.ScriptDir) {
		return nil, &ConfigError{Path: path, Line: sec.lines["script_location"], Msg: fmt.Sprintf("script_location %s does not exist", p.ScriptDir)}
	}
	return p, p.checkDirs(fmt.Sprintf("%s:%d", path, sec.lines["version_locations"]))
}

// splitVersionLocations splits as Alembic does: by the configured
// separator, or by spaces and commas for the legacy default.
func splitVersionLocations(v, sep string) []string {
	var parts []string
	switch strings.TrimSpace(sep) {
	case "os":
		parts = strings.Split(v, string(os.PathListSeparator))
	case ":", ";":
		parts = strings.Split(v, strings.TrimSpace(sep))
	case "space":
		parts = strings.Split(v, " ")
	case "newline":
		parts = strings.Split(v, "\n")
	case "comma":
		parts = strings.Split(v, ",")
	default:
		parts = strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' })
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// resolveLocation turns a script_location into a directory: relative paths
// are relative to the config file, "package:path" is looked up below the
// project root.
func resolveLocation(root, loc string) string {
	loc = strings.TrimSpace(loc)
	if i := strings.IndexByte(loc, ':'); i > 0 && !filepath.IsAbs(loc) && !(runtime.GOOS == "windows" && i == 1) {
		pkg := strings.ReplaceAll(loc[:i], ".", string(filepath.Separator))
		loc = filepath.Join(pkg, loc[i+1:])
		for _, base := range []string{root, filepath.Join(root, "src")} {
			if isDir(filepath.Join(base, loc)) {
				return filepath.Join(base, loc)
			}
		}
	}
	if filepath.IsAbs(loc) {
		return filepath.Clean(loc)
	}
	// Alembic resolves relative paths against the working directory; users
	// run it next to alembic.ini, so that is the directory to use.
	return filepath.Join(root, loc)
}

func isTrue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on", "1":
		return true
	}
	return false
}

// fromPyproject reads [tool.alembic]. When the file has none and it was not
// named explicitly, it returns nil and no error.
func fromPyproject(path string, explicit bool) (*Project, error) {
	var doc struct {
		Tool struct {
			Alembic *struct {
				ScriptLocation            string   `toml:"script_location"`
				VersionLocations          []string `toml:"version_locations"`
				RecursiveVersionLocations bool     `toml:"recursive_version_locations"`
			} `toml:"alembic"`
		} `toml:"tool"`
	}
	data, err := os.ReadFile(path)
	if err == nil {
		_, err = toml.Decode(string(data), &doc)
	}
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &ConfigError{Path: path, Line: pe.Position.Line, Msg: pe.Message}
		}
		return nil, &ConfigError{Path: path, Msg: err.Error()}
	}
	a := doc.Tool.Alembic
	if a == nil {
		if !explicit {
			return nil, nil
		}
		return nil, &ConfigError{Path: path, Msg: "no [tool.alembic] table"}
	}
	root := absDir(path)
	here := func(s string) string {
		return interpolate(s, func(k string) (string, bool) { return root, k == "here" })
	}
	if a.ScriptLocation == "" {
		return nil, &ConfigError{Path: path, Msg: "[tool.alembic] has no script_location"}
	}
	p := &Project{Root: root, Config: path, ScriptDir: resolveLocation(root, here(a.ScriptLocation)), Recursive: a.RecursiveVersionLocations}
	// the whole table, for Settings: the same text decoded again, which
	// cannot fail once it decoded above
	var raw struct {
		Tool struct {
			Alembic map[string]any `toml:"alembic"`
		} `toml:"tool"`
	}
	if _, err := toml.Decode(string(data), &raw); err == nil {
		p.toml, p.tomlPath = raw.Tool.Alembic, path
	}
	for _, d := range a.VersionLocations {
		p.VersionDirs = append(p.VersionDirs, resolveLocation(root, here(d)))
	}
	if len(p.VersionDirs) == 0 {
		p.VersionDirs = []string{filepath.Join(p.ScriptDir, "versions")}
	}
	return p, p.checkDirs(path)
}

// RevisionPaths lists the revision files in the versions folders, as
// Alembic would load them: .py files, not __init__.py, not editor lock
// files, and subfolders only with recursive_version_locations (not
// __pycache__ nor hidden ones). The paths are filepath.Join of a versions
// folder and the names below it, sorted. A versions folder that is not a
// directory itself (a symbolic link included) is taken for a file, as
// filepath.WalkDir takes it.
func (p *Project) RevisionPaths() ([]string, error) {
	var out []string
	for _, dir := range p.VersionDirs {
		var err error
		if out, err = p.appendRevisionPaths(out, dir); err != nil {
			return nil, fmt.Errorf("reading versions folder: %v", err)
		}
	}
	sort.Strings(out)
	if len(p.VersionDirs) > 1 {
		out = slices.Compact(out) // folders that overlap
	}
	return out, nil
}

func isRevisionName(name []byte) bool {
	return bytes.HasSuffix(name, []byte(".py")) && string(name) != "__init__.py" && !bytes.HasPrefix(name, []byte(".#"))
}

func (p *Project) appendRevisionPaths(out []string, root string) ([]string, error) {
	st, err := os.Lstat(root)
	if err != nil {
		return out, err
	}
	if !st.IsDir() {
		if isRevisionName([]byte(st.Name())) {
			out = append(out, root)
		}
		return out, nil
	}
	return p.appendDir(out, root)
}

// appendDir appends the revision files of the directory dir to out, and
// those of its subdirectories when the project is recursive, these in
// name order, so that the error of the first unreadable one is the one
// filepath.WalkDir would report.
func (p *Project) appendDir(out []string, dir string) ([]string, error) {
	// filepath.Join(dir, name) is prefix+name for every name in dir
	prefix := filepath.Join(dir, "x")
	prefix = prefix[:len(prefix)-1]
	var subdirs []string
	err := readDir(dir, func(name []byte, isDir bool) error {
		switch {
		case isDir:
			if p.Recursive && string(name) != "__pycache__" && !bytes.HasPrefix(name, []byte(".")) {
				subdirs = append(subdirs, string(name))
			}
		case isRevisionName(name):
			out = append(out, prefix+string(name))
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	sort.Strings(subdirs)
	for _, s := range subdirs {
		if out, err = p.appendDir(out, prefix+s); err != nil {
			return out, err
		}
	}
	return out, nil
}

// FilesByAbsPath maps the absolute path of each of the project's revision
// files to the file, for matching paths that other tools (git, Alembic's
// tracebacks, the replay) name in another form.
func (p *Project) FilesByAbsPath() map[string]*File {
	m := make(map[string]*File, len(p.Files))
	wd, wdErr := os.Getwd() // once: filepath.Abs would ask for each file
	for _, f := range p.Files {
		switch {
		case filepath.IsAbs(f.Path):
			m[filepath.Clean(f.Path)] = f
		case wdErr == nil:
			m[filepath.Join(wd, f.Path)] = f
		}
	}
	return m
}
