package revision

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// declaresRevisionRE finds the module-level assignment of a revision id.
var declaresRevisionRE = regexp.MustCompile(`(?m)^revision\s*(?::[^=\n]*)?=`)

// anyDeclaresRevision reports whether one of the files assigns a
// revision id at module level.
func anyDeclaresRevision(paths []string) bool {
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil && declaresRevisionRE.Match(src) {
			return true
		}
	}
	return false
}

// skipDir reports whether a folder is never part of an Alembic project:
// hidden folders, caches, virtual environments, installed packages.
func skipDir(name string) bool {
	switch name {
	case "__pycache__", "node_modules", "site-packages", "venv", "env", "build", "dist":
		return true
	}
	return strings.HasPrefix(name, ".")
}

// markerDepth is how deep below a folder retort looks for a project.
const markerDepth = 4

// projectsBelow lists the folders below dir that hold an Alembic project:
// an alembic.ini, a pyproject.toml with [tool.alembic], a script
// directory (env.py importing alembic) or a versions folder of revision
// files. A project inside another one's folder is left out.
func projectsBelow(dir string) []string {
	var found []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if path != dir {
			rel, _ := filepath.Rel(dir, path)
			if skipDir(d.Name()) || strings.Count(rel, string(filepath.Separator)) >= markerDepth {
				return filepath.SkipDir
			}
		}
		if path == dir {
			return nil
		}
		if isFile(filepath.Join(path, "alembic.ini")) || pyprojectHasAlembic(filepath.Join(path, "pyproject.toml")) || isScriptDir(path) {
			found = append(found, path)
			return filepath.SkipDir
		}
		if d.Name() == "versions" {
			if paths, _ := (&Project{VersionDirs: []string{path}}).RevisionPaths(); anyDeclaresRevision(paths) {
				found = append(found, path)
				return filepath.SkipDir
			}
		}
		return nil
	})
	sort.Strings(found)
	return found
}

func pyprojectHasAlembic(path string) bool {
	data, err := os.ReadFile(path)
	return err == nil && bytes.Contains(data, []byte("[tool.alembic]"))
}

// isScriptDir reports whether dir holds an Alembic env.py.
func isScriptDir(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "env.py"))
	return err == nil && (bytes.Contains(data, []byte("alembic")) || isDir(filepath.Join(dir, "versions")))
}

// guessRecursive handles a project without a config whose versions
// folder has no *.py file that declares a revision: a parent folder of a
// project is an error that names the projects below it; a folder whose
// sub-folders hold the revision files is read recursively, as
// recursive_version_locations would.
func (p *Project) guessRecursive(path string) ([]string, error) {
	if p.guessed && len(projectsBelow(p.VersionDirs[0])) > 0 {
		return nil, p.noRevisions(path)
	}
	deep := *p
	deep.Recursive = true
	paths, err := deep.RevisionPaths()
	if err != nil {
		return nil, err
	}
	if !anyDeclaresRevision(paths) {
		return nil, p.noRevisions(path)
	}
	p.Recursive, p.RecursiveGuessed = true, true
	return paths, nil
}

// noRevisions explains why path yields no revision files: each place
// looked at and what was found there, and the projects found below it.
func (p *Project) noRevisions(path string) error {
	if path == "" {
		path = "."
	}
	var why []string
	switch {
	case p.Config != "":
		for _, d := range p.VersionDirs {
			why = append(why, fmt.Sprintf("versions folder %s (from %s) holds no *.py revision files%s", d, p.Config, p.subfolderHint(d)))
		}
	case !p.guessed:
		for _, d := range p.VersionDirs {
			why = append(why, fmt.Sprintf("the script directory's versions folder %s holds no *.py revision files%s", d, p.subfolderHint(d)))
		}
	default:
		why = append(why, "no alembic.ini or pyproject.toml with [tool.alembic] in it", "not a script directory (no env.py)")
		below := projectsBelow(p.VersionDirs[0])
		sub := ""
		if len(below) == 0 {
			sub = " or, recursively, in its sub-folders"
		}
		if paths, _ := p.RevisionPaths(); len(paths) > 0 {
			why = append(why, fmt.Sprintf("%s in it but no revision id%s", countFiles(len(paths), "*.py file"), strings.Replace(sub, " or,", " nor,", 1)))
		} else {
			why = append(why, "no *.py revision files in it"+sub)
		}
		more := ""
		if len(below) > 5 {
			more = fmt.Sprintf(" (or %d more)", len(below)-5)
			below = below[:5]
		}
		if len(below) > 0 {
			why = append(why, "did you mean "+strings.Join(below, " or ")+more+"?")
		}
	}
	msg := fmt.Sprintf("no revision files found under %q: %s", path, strings.Join(why, "; "))
	return errors.New(msg)
}

// subfolderHint says, for a versions folder read without recursion, how
// many *.py files its sub-folders hold.
func (p *Project) subfolderHint(dir string) string {
	if p.Recursive {
		return ""
	}
	deep := &Project{VersionDirs: []string{dir}, Recursive: true}
	paths, _ := deep.RevisionPaths()
	if len(paths) == 0 {
		return ""
	}
	fix := "pass the alembic.ini that sets recursive_version_locations = true"
	if p.Config != "" {
		fix = "set recursive_version_locations = true in " + p.Config
	}
	return fmt.Sprintf(", but its sub-folders hold %s: %s", countFiles(len(paths), "*.py file"), fix)
}

func countFiles(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
