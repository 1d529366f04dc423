package replay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/retortdev/retort/lint"
)

// ModelLoc is where a model class is defined.
type ModelLoc struct {
	Path string `json:"path"`
	Line int    `json:"line"`
}

// driftBaseline is the file of accepted drift: one key per object.
type driftBaseline struct {
	Comment string   `json:"comment"`
	Drift   []string `json:"drift"`
}

// driftKey names a difference stably across runs.
func driftKey(ch Change) string {
	o, state := ch.Got, "changed"
	switch {
	case ch.Want == nil:
		state = "only in the models"
	case ch.Got == nil:
		o, state = ch.Want, "only in the migrations"
	}
	return fmt.Sprintf("%s: %s", o.Describe(), state)
}

// driftCheck runs modelDrift unless the configuration turns model-drift
// off. The plan has completed: a drift check that cannot run (a snapshot,
// the scratch database, the baseline file) is one finding naming the
// reason, not a failed replay.
func (r *runner) driftCheck() error {
	if r.c.SkipModelDrift {
		return nil
	}
	err := r.modelDrift()
	if err == nil || r.ctx.Err() != nil {
		return err
	}
	envPy := r.envPy
	d := lint.Diagnostic{Rule: RuleModelDrift, Severity: lint.Warning, Column: 1,
		Message: "the models were not compared with the migrations: " + err.Error(),
		Hint:    "fix the cause and replay again, or turn model-drift off in the configuration"}
	if envPy != "" {
		d.Path, d.Line = envPy, r.metadataLine(envPy)
	}
	r.res.Diagnostics = append(r.res.Diagnostics, d)
	return nil
}

// driftBaseSnapshot is the schema at the base of the changed plan: drift
// on objects the revisions under test leave as they were is a notice
// there, not a failure of every pull request. nil when there is none.
func (r *runner) driftBaseSnapshot() Snapshot {
	if r.c.SkipModelDrift {
		return nil
	}
	s, err := r.snapshot()
	if err != nil {
		return nil
	}
	return s
}

// touchedBy reports whether ch concerns an object the revisions under
// test changed (base to head): the object itself, or its table created or
// dropped. Without a base snapshot every object counts as touched.
func touchedBy(base, head Snapshot) func(Change) bool {
	if base == nil {
		return func(Change) bool { return true }
	}
	objs, tables := map[string]bool{}, map[string]bool{}
	for _, ch := range Diff(base, head) {
		for _, o := range []*Object{ch.Want, ch.Got} {
			if o == nil {
				continue
			}
			objs[o.Describe()] = true
			if o.Kind == "table" {
				tables[o.Schema+"."+o.Name] = true
			}
		}
	}
	return func(ch Change) bool {
		o := ch.Got
		if o == nil {
			o = ch.Want
		}
		return objs[o.Describe()] || o.Table != "" && tables[o.Schema+"."+o.Table]
	}
}

// modelDrift runs with the database at the heads, after a plan that
// completed: when env.py configures target_metadata, create_all builds
// the models in a second scratch database, and every object where the
// two catalogs differ is a model-drift finding, unless the baseline
// (Config.DriftBaseline) accepts it. A missing baseline file is written
// with today's drift.
func (r *runner) modelDrift() error {
	if m, err := r.d.CreateAll(r.ctx, ""); err != nil || !m.OK || !m.Metadata {
		return err // no target_metadata: nothing to compare
	}
	head, err := r.snapshot()
	if err != nil {
		return err
	}
	db, err := r.dbs.open(r.ctx)
	if err != nil {
		return err
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = db.drop(dctx)
	}()
	// what migrations set up and models take for granted: schemas and
	// extensions (gen_random_uuid, citext, postgis)
	for _, o := range head {
		name := o.Name
		if name == "" {
			name = o.Schema
		}
		ident := `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		switch {
		case o.Kind == "schema" && name != "public":
			_ = db.exec(r.ctx, "CREATE SCHEMA IF NOT EXISTS "+ident)
		case o.Kind == "extension":
			_ = db.exec(r.ctx, "CREATE EXTENSION IF NOT EXISTS "+ident)
		}
	}
	t0 := time.Now()
	m, err := r.d.CreateAll(r.ctx, db.pythonURL())
	if err != nil {
		return err
	}
	envPy := r.envPy
	if !m.OK {
		msg := "metadata.create_all() of target_metadata failed, so the models cannot be compared with the migrations"
		if m.Error != nil {
			msg += ": " + m.Error.Message
		}
		r.res.Diagnostics = append(r.res.Diagnostics, lint.Diagnostic{Rule: RuleModelDrift, Severity: lint.Error,
			Path: envPy, Line: r.metadataLine(envPy), Column: 1, Message: msg,
			Hint: "make the models create their schema on an empty database (the extensions and schemas they need included)"})
		return nil
	}
	if !m.Metadata {
		return nil
	}
	r.res.Steps = append(r.res.Steps, Step{Phase: "drift", Action: "create_all", Seconds: time.Since(t0).Seconds(), OK: true})
	vt, vs := r.d.VersionTable()
	models, err := db.snapshot(r.ctx, vt, vs)
	if err != nil {
		return err
	}
	changes := Diff(head, models)
	accepted, write, err := r.readBaseline()
	if err != nil {
		return err
	}
	if write && r.c.CI {
		// in CI a written baseline is thrown away with the runner: the
		// drift would be accepted silently on every run
		p := r.c.DriftBaseline
		r.res.Diagnostics = append(r.res.Diagnostics, lint.Diagnostic{Rule: RuleModelDrift, Severity: lint.Error,
			Path: envPy, Line: r.metadataLine(envPy), Column: 1,
			Message: fmt.Sprintf("drift baseline %s does not exist; run retort replay --drift-baseline %s locally and commit it", p, p),
			Hint:    "record the accepted drift locally and commit the file, or drop --drift-baseline"})
		write = false
	}
	touched := touchedBy(r.baseSnap, head)
	var keys []string
	for _, ch := range changes {
		k := driftKey(ch)
		keys = append(keys, k)
		if accepted[k] || write {
			continue
		}
		d := r.driftDiag(ch, m.Models, envPy)
		if !touched(ch) {
			d.Severity = lint.Notice
			d.Message += " (the revisions under test do not touch it)"
		}
		r.res.Diagnostics = append(r.res.Diagnostics, d)
	}
	if write {
		if err := r.writeBaseline(keys); err != nil {
			return fmt.Errorf("writing the drift baseline: %w", err)
		}
		r.note(Note{Kind: NoteDriftBaseline, Path: r.c.DriftBaseline, N: len(keys)})
	}
	return nil
}

func (r *runner) driftDiag(ch Change, models map[string]ModelLoc, envPy string) lint.Diagnostic {
	var msg, hint string
	switch {
	case ch.Want == nil:
		msg = fmt.Sprintf("the models have %s, which the migrations do not create", ch.Got.Describe())
		hint = "add a migration that creates it, or remove it from the models"
	case ch.Got == nil:
		msg = fmt.Sprintf("the migrations create %s, which the models do not have", ch.Want.Describe())
		hint = "add it to the models, or a migration that drops it"
	default:
		got, want := differing(ch.Got.Def, ch.Want.Def)
		msg = fmt.Sprintf("%s differs between the models and the migrations: the models say %s, the migrations %s", ch.Got.Describe(), got, want)
		hint = "write the migration that makes the database match the models (autogenerate misses server defaults, checks and index options)"
	}
	d := lint.Diagnostic{Rule: RuleModelDrift, Severity: lint.Error, Message: msg, Hint: hint,
		Path: envPy, Line: r.metadataLine(envPy), Column: 1}
	o := ch.Got
	if o == nil {
		o = ch.Want
	}
	table := o.Table
	if o.Kind == "table" {
		table = o.Name
	}
	names := []string{o.Schema + "." + table, table}
	if o.Kind == "column" {
		names = append([]string{o.Schema + "." + table + "." + o.Name, table + "." + o.Name}, names...)
	}
	for _, name := range names {
		if loc, ok := models[name]; ok && table != "" {
			d.Path, d.Line = loc.Path, loc.Line
			d.Column = r.indent(loc.Path, loc.Line)
			break
		}
	}
	return d
}

// metadataLine is the line of env.py that sets target_metadata, or 1.
func (r *runner) metadataLine(envPy string) int {
	for i, l := range r.lines(envPy) {
		if strings.HasPrefix(strings.TrimSpace(l), "target_metadata") {
			return i + 1
		}
	}
	return 1
}

func (r *runner) readBaseline() (map[string]bool, bool, error) {
	p := r.c.DriftBaseline
	if p == "" {
		return nil, false, nil
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	var bl driftBaseline
	if err := json.Unmarshal(b, &bl); err != nil {
		return nil, false, fmt.Errorf("%s: not a drift baseline: %v", p, err)
	}
	out := map[string]bool{}
	for _, k := range bl.Drift {
		out[k] = true
	}
	return out, false, nil
}

func (r *runner) writeBaseline(keys []string) error {
	sort.Strings(keys)
	if keys == nil {
		keys = []string{}
	}
	b, _ := json.MarshalIndent(driftBaseline{
		Comment: "model drift accepted on " + time.Now().UTC().Format("2006-01-02") + "; retort replay --drift-baseline reports only drift not listed here",
		Drift:   keys,
	}, "", "  ")
	if dir := filepath.Dir(r.c.DriftBaseline); dir != "" {
		_ = os.MkdirAll(dir, 0o755)
	}
	return os.WriteFile(r.c.DriftBaseline, append(b, '\n'), 0o644)
}
