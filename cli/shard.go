package cli

import (
	"fmt"
	"os"

	"github.com/retortdev/retort/migration"
	"github.com/retortdev/retort/replay"
)

// window reads --shard, --timings, --from and --to; --from and --to must
// name revisions of the project (an id or a unique prefix, or base and
// heads).
func (rf *replayFlags) window(l *loaded, plan replay.Plan) (replay.Window, error) {
	var w replay.Window
	if rf.shard == "" && rf.timings == "" && rf.from == "" && rf.to == "" {
		return w, nil
	}
	if !plan.Windowed() {
		return w, fmt.Errorf("--shard, --timings, --from and --to go with the full and stairway plans, not %s", plan)
	}
	if rf.shard != "" {
		i, n, err := replay.ParseShard(rf.shard)
		if err != nil {
			return w, err
		}
		w.Shard, w.Shards = i, n
	}
	if rf.timings != "" {
		if w.Shards == 0 {
			return w, fmt.Errorf("--timings balances shards: it goes with --shard i/n")
		}
		f, err := os.Open(rf.timings)
		if err != nil {
			return w, fmt.Errorf("--timings: %v", err)
		}
		defer f.Close()
		if w.Timings, err = replay.ReadTimings(rf.timings, f); err != nil {
			return w, err
		}
	}
	if w.Shards > 1 && w.Timings == nil {
		w.Objects = migration.ProjectObjects(l.proj)
	}
	var err error
	if w.From, err = knownRevision(l, "--from", rf.from); err != nil {
		return w, err
	}
	w.To, err = knownRevision(l, "--to", rf.to)
	return w, err
}

// knownRevision finds a revision by id or unique prefix among the
// project's files.
func knownRevision(l *loaded, flag, id string) (string, error) {
	var ids []string
	for _, f := range l.proj.Files {
		if f.HasRevision {
			ids = append(ids, f.Revision)
		}
	}
	return replay.ResolveRevision(flag, id, ids, fmt.Sprintf("the %d files of %s", len(l.proj.Files), l.proj.Root))
}
