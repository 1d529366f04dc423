package replay

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/retortdev/retort/internal/pydeps"
)

// TestTraceLocalMatrix replays testdata/trace (its first revision inserts
// rows) on every cell of the compatibility matrix (the async cell with the
// async env.py) and requires the same trace: the rewrites of the tables
// that held rows, the lock held over a backfill, the locks and timeouts of
// the statements, and no finding about a table the revision created or
// that was empty.
func TestTraceLocalMatrix(t *testing.T) {
	needLocal(t)
	srv, err := (&Local{}).Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop(context.Background())
	for i, c := range pydeps.Matrix {
		t.Run(c.Name, func(t *testing.T) {
			py, env := cellOrSkip(t, i, c)
			root, _ := filepath.Abs(filepath.Join("..", "testdata", "trace"))
			if c.Async {
				tmp := t.TempDir()
				if err := os.CopyFS(tmp, os.DirFS(root)); err != nil {
					t.Fatal(err)
				}
				b, _ := os.ReadFile(filepath.Join("..", "testdata", "replay", "async", "env.py"))
				os.WriteFile(filepath.Join(tmp, "env.py"), b, 0o644)
				root = tmp
			}
			p := Project{Root: root, Config: filepath.Join(root, "alembic.ini"), ScriptDir: root}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			res, err := Run(ctx, Config{Provider: shared{srv}, Python: py, PythonEnv: env, Project: p, Plan: "stairway", StepTimeout: time.Minute})
			if err != nil {
				t.Fatalf("replay: %v", err)
			}
			var got []string
			for _, d := range res.Diagnostics {
				got = append(got, filepath.Base(d.Path)+":"+strconv.Itoa(d.Line)+" "+d.Rule)
			}
			want := []string{"0002_bigint.py:19 observed-table-rewrite", "0003_token.py:18 observed-table-rewrite", "0004_backfill.py:18 long-access-exclusive"}
			if strings.Join(got, ", ") != strings.Join(want, ", ") {
				t.Errorf("findings (driver %s):\n got %v\nwant %v", res.Summary.Driver, got, want)
			}
			var alter *Statement
			var step *Step
			for i := range res.Steps {
				st := &res.Steps[i]
				if st.Action != "upgrade" || st.Revision != "0002" {
					continue
				}
				step = st
				for j := range st.Statements {
					if s := &st.Statements[j]; s.Line == 19 {
						alter = s
					}
				}
			}
			if step == nil || alter == nil {
				t.Fatalf("no traced ALTER of 0002 in %+v", res.Steps)
			}
			if step.LockTimeout != "2s" || step.StatementTimeout != "0" || strings.Join(step.RowsBefore, ",") != "events,orders,users" {
				t.Errorf("0002: lock_timeout %q statement_timeout %q rows before %v", step.LockTimeout, step.StatementTimeout, step.RowsBefore)
			}
			if !strings.Contains(alter.SQL, "ALTER TABLE orders ALTER COLUMN amount TYPE BIGINT") || !holds(*alter, "orders") ||
				strings.Join(alter.Rewrote, ",") != "orders,orders_pkey" || filepath.Base(alter.Path) != "0002_bigint.py" {
				t.Errorf("the ALTER of 0002: %+v", *alter)
			}
		})
	}
}
