package replay

// NoteKind is what a note of the summary tells.
type NoteKind uint8

const (
	// NoteLocalFallback: no container could be started (Err says why),
	// and the replay ran on a local cluster instead.
	NoteLocalFallback NoteKind = iota + 1
	// NoteDriftBaseline: the model-drift baseline Path was written, with
	// N entries, to be committed.
	NoteDriftBaseline
	// NoteSeedSQL: the seed-sql file Path failed at the last seeding (Err);
	// its tables may not have existed at the earlier ones.
	NoteSeedSQL
	// NoteJumpFailed: the upgrade of Revision, before this shard's slice,
	// fails; the shard whose slice holds it reports it.
	NoteJumpFailed
)

// Note is something the summary tells beside the findings, as data: the
// report words it.
type Note struct {
	Kind     NoteKind
	Path     string // a file, as given
	Revision string
	N        int
	Err      string
}

func (r *runner) note(n Note) { r.res.Summary.Notes = append(r.res.Summary.Notes, n) }
