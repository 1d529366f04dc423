package report

import (
	"bytes"
	"testing"

	"github.com/retortdev/retort/replay"
)

func TestProgress(t *testing.T) {
	if Progress(nil) != nil {
		t.Error("Progress(nil) is not nil: a replay without --progress would still format")
	}
	var b bytes.Buffer
	p := Progress(&b)
	var s replay.Summary
	s.Python = replay.Interpreter{Version: "3.11.2", Path: "/usr/bin/python3", Source: "PATH"}
	s.Alembic, s.SQLAlchemy, s.Driver, s.DriverReason = "1.8.1", "1.4.46", "psycopg2", "psycopg2 is importable"
	p(replay.Started{Summary: s})
	p(replay.Jumped{Revisions: 4, Seconds: 1.234})
	p(replay.StepDone{Done: 1, Total: 3, Action: "upgrade", Revision: "0001", Doc: "create users", Seconds: 0.5, OK: true})
	p(replay.StepDone{Done: 2, Total: 3, Action: "downgrade", Revision: "0002", Seconds: 0.0049, OK: false})
	want := "replay: python 3.11.2 /usr/bin/python3 (PATH), alembic 1.8.1, SQLAlchemy 1.4.46, driver psycopg2 (psycopg2 is importable)\n" +
		"upgraded to the start of the slice (4 revisions) in 1.23s\n" +
		"[1/3] upgrade 0001 create users 0.50s\n" +
		"[2/3] downgrade 0002  0.00s FAILED\n"
	if b.String() != want {
		t.Errorf("progress:\n%q\nwant:\n%q", b.String(), want)
	}
}

func TestStack(t *testing.T) {
	var s replay.Summary
	s.Python = replay.Interpreter{Version: "3.12.1", Path: "/venv/bin/python", Source: "$VIRTUAL_ENV"}
	if got, want := Stack(s), "python 3.12.1 /venv/bin/python ($VIRTUAL_ENV)"; got != want {
		t.Errorf("Stack = %q, want %q", got, want)
	}
	s.Alembic, s.Driver = "1.19.1", "asyncpg"
	if got, want := Stack(s), "python 3.12.1 /venv/bin/python ($VIRTUAL_ENV), alembic 1.19.1, driver asyncpg"; got != want {
		t.Errorf("Stack = %q, want %q", got, want)
	}
}

// ReplayNote words every kind of note, after a note read back from JSON.
func TestReplayNote(t *testing.T) {
	s := replay.Summary{Note: "from a shard", Notes: []replay.Note{
		{Kind: replay.NoteLocalFallback, Err: "docker does not answer"},
		{Kind: replay.NoteDriftBaseline, Path: "/elsewhere/drift.json", N: 4},
		{Kind: replay.NoteSeedSQL, Path: "/elsewhere/seed.sql", Err: "relation \"t\" does not exist"},
		{Kind: replay.NoteJumpFailed, Revision: "ab12"},
	}}
	want := `from a shard; replayed on a local cluster: docker does not answer; wrote drift baseline /elsewhere/drift.json (4 entries); commit it; seed-sql /elsewhere/seed.sql failed at the last seeding: relation "t" does not exist; upgrade of "ab12", before this shard's slice, fails: its shard reports it`
	if got := ReplayNote(s); got != want {
		t.Errorf("ReplayNote:\n got %s\nwant %s", got, want)
	}
	if got := ReplayNote(replay.Summary{}); got != "" {
		t.Errorf("no notes: %q", got)
	}
}
