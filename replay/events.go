package replay

// Event is what a replay tells as it goes, to Config.Progress: Started,
// StepDone or Jumped. Package report writes them as text.
type Event interface{ event() }

// Started: the driver said what runs the replay (Summary's Python and
// Libraries are set).
type Started struct{ Summary Summary }

// StepDone: one revision was applied or reverted; Done of Total steps
// (Total grows when the plan finds more to do).
type StepDone struct {
	Done, Total int
	Action      string // upgrade or downgrade
	Revision    string
	Doc         string // the revision's message
	Seconds     float64
	OK          bool
}

// Jumped: a bounded or sharded replay upgraded to the start of its slice,
// outside the steps.
type Jumped struct {
	Revisions int
	Seconds   float64
}

func (Started) event()  {}
func (StepDone) event() {}
func (Jumped) event()   {}
