package replay

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed driver.py
var driverSource string

// PyError is a Python exception as the driver reports it.
type PyError struct {
	Type           string  `json:"type"`
	Message        string  `json:"message"` // first line of the database's (or Python's) error
	Detail         string  `json:"detail"`
	Traceback      string  `json:"traceback"`
	Frames         []Frame `json:"frames"`
	NotImplemented bool    `json:"not_implemented"`
	SQLState       string  `json:"sqlstate,omitempty"`
}

// Frame is one traceback frame, innermost last.
type Frame struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Func string `json:"func"`
}

// driverMsg is any line the driver writes: a per-revision event or the
// answer that ends a request.
type driverMsg struct {
	Event    string   `json:"event"` // "start", "step" or "" for the answer
	Action   string   `json:"action"`
	Revision string   `json:"revision"`
	Seconds  float64  `json:"seconds"`
	OK       bool     `json:"ok"`
	Error    *PyError `json:"error"`
	Trace    *Trace   `json:"trace"` // of a step: its statements (trace.go)

	Done          bool     `json:"done"`
	Stage         string   `json:"stage"`
	VersionTable  string   `json:"version_table"`
	VersionSchema string   `json:"version_schema"`
	VersionDirs   []string `json:"version_locations"`

	// init
	Libraries
	Python     string      `json:"python"`
	Executable string      `json:"executable"`
	EnvPy      string      `json:"env_py"`
	Revisions  []DriverRev `json:"revisions"`
	Heads      []string    `json:"heads"`

	// create_all: whether env.py configured a target_metadata, and where
	// the models of its tables are
	Metadata bool                `json:"metadata"`
	Models   map[string]ModelLoc `json:"models"`
}

// Libraries are what runs a replay besides the interpreter.
type Libraries struct {
	Alembic      string `json:"alembic"`
	SQLAlchemy   string `json:"sqlalchemy"`
	Driver       string `json:"driver"`                  // of the scratch URL: psycopg2, psycopg, asyncpg, ...
	DriverReason string `json:"driver_reason,omitempty"` // why that one
}

// DriverRev is a revision as Alembic itself loaded it.
type DriverRev struct {
	ID            string   `json:"id"`
	Parents       []string `json:"parents"` // down revisions and depends_on
	Path          string   `json:"path"`    // absolute
	Doc           string   `json:"doc"`
	UpgradeLine   int      `json:"upgrade_line"`
	DowngradeLine int      `json:"downgrade_line"`
}

// StepEvent is one revision applied or reverted inside a driver command.
type StepEvent struct {
	Action   string
	Revision string
	Seconds  float64
	OK       bool
	Error    *PyError
	Trace    *Trace // nil when the driver traced nothing
}

// DriverConfig says how to start Alembic for one project.
type DriverConfig struct {
	Python           string   // interpreter
	Dir              string   // working directory: the project root
	Config           string   // alembic.ini (or pyproject.toml, which alembic 1.8 cannot read)
	ScriptLocation   string   // directory of env.py
	VersionLocations []string // only used without an alembic.ini
	URL              string   // SQLAlchemy URL of the scratch database
	URLEnv           string   // environment variable that also gets URL
	// EnvURLScheme is the scheme ("postgresql+psycopg") of the URL the
	// project itself has in URLEnv, if any: the scratch URL keeps its driver.
	EnvURLScheme string
	Database     string        // name of the scratch database: env.py must connect to it
	Timeout      time.Duration // longest silence of loading the scripts, env.py or a step
	Env          []string      // extra environment
}

// Driver is the one long-lived Python process that runs Alembic.
type Driver struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	lines   chan []byte
	readErr error
	stderr  *tailBuffer
	exited  chan struct{} // closed when the process has been reaped
	exitErr error
	mu      sync.Mutex
	closed  sync.Once

	Info    driverMsg // the answer to init
	Revs    []DriverRev
	Timeout time.Duration // longest silence of one step; 0 is none
	OnStep  func(StepEvent)
	// Untraced turns the statement trace off for the upgrades that
	// follow: a shard's jump to its slice, whose steps it does not report.
	Untraced bool
	running  string // revision whose step started and has not ended

	versionTable, versionSchema string // as env.py configured them
	stack                       []Frame
}

// ErrTimeout is returned when a step stays silent longer than Driver.Timeout.
var ErrTimeout = errors.New("step timed out")

// DriverError is a failure of the driver itself (not of a migration step):
// Python or Alembic missing, env.py raising, the process dying.
type DriverError struct {
	Stage string // "start", "import", "init", "probe", "exit"
	// VersionDirs are Alembic's versions folders, when it got that far.
	VersionDirs []string
	Timeout     bool // env.py stayed silent longer than the step timeout
	// Info is what the driver said of itself (python, alembic, SQLAlchemy,
	// the database driver) before it failed, as far as it got.
	Info   driverMsg
	Err    *PyError
	Stderr string
	msg    string
}

func (e *DriverError) Error() string {
	var b strings.Builder
	b.WriteString(e.msg)
	if e.Err != nil {
		fmt.Fprintf(&b, ": %s", e.Err.Message)
	}
	return b.String()
}

// StartDriver starts the interpreter with the embedded driver, loads the
// project's revisions and runs env.py once to prove it works.
func StartDriver(ctx context.Context, c DriverConfig) (*Driver, error) {
	cmd := exec.Command(c.Python, "-c", driverSource)
	cmd.Dir = c.Dir
	urlEnv := c.URLEnv
	if urlEnv == "" {
		urlEnv = "DATABASE_URL"
	}
	cmd.Env = append(append(os.Environ(), c.Env...), urlEnv+"="+c.URL, "PYTHONUNBUFFERED=1", "PYTHONDONTWRITEBYTECODE=1")
	cmd.SysProcAttr = procAttr(nil, false)
	d := &Driver{Timeout: c.Timeout, cmd: cmd, stderr: newTailBuffer(64 << 10), lines: make(chan []byte, 64), exited: make(chan struct{})}
	cmd.Stderr = d.stderr
	var err error
	if d.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, &DriverError{Stage: "start", msg: fmt.Sprintf("cannot start %s: %v", c.Python, err)}
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			d.lines <- append([]byte(nil), sc.Bytes()...)
		}
		d.readErr = sc.Err()
		close(d.lines)
	}()
	go func() { d.exitErr = cmd.Wait(); close(d.exited) }()

	init := map[string]any{
		"op": "init", "url": c.URL, "url_env": urlEnv, "config": c.Config,
		"script_location": c.ScriptLocation, "version_locations": c.VersionLocations,
		"database": c.Database, "dir": c.Dir, "env_url_scheme": c.EnvURLScheme,
	}
	m, err := d.call(ctx, init)
	if err != nil {
		d.Close()
		return nil, err
	}
	if !m.OK {
		d.Close()
		stage := m.Stage
		if stage == "" {
			stage = "init"
		}
		msg := "alembic could not load the migration scripts"
		switch stage {
		case "import":
			msg = fmt.Sprintf("%s (python %s) cannot import alembic", c.Python, m.Python)
		case "driver":
			msg = fmt.Sprintf("%s (python %s) has no PostgreSQL driver for SQLAlchemy", c.Python, m.Python)
		}
		return nil, &DriverError{Stage: stage, Err: m.Error, Stderr: d.stderr.String(), msg: msg, VersionDirs: m.VersionDirs, Info: m}
	}
	d.Info = m
	d.Revs = m.Revisions
	m, err = d.call(ctx, map[string]any{"op": "probe"})
	if errors.Is(err, ErrTimeout) {
		d.Close()
		return nil, &DriverError{Stage: "probe", Err: &PyError{Type: "timeout", Frames: d.stack,
			Message: fmt.Sprintf("did not finish within %s", d.Timeout)}, Stderr: d.stderr.String(), msg: "env.py hangs before any migration runs", Timeout: true, Info: d.Info}
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	if !m.OK {
		d.Close()
		where := "env.py"
		if d.Info.EnvPy != "" {
			where = d.Info.EnvPy
		}
		return nil, &DriverError{Stage: "probe", Err: m.Error, Stderr: d.stderr.String(), msg: fmt.Sprintf("%s fails before any migration runs", where), Info: d.Info}
	}
	return d, nil
}

// Upgrade runs alembic upgrade to target ("heads", a revision id).
func (d *Driver) Upgrade(ctx context.Context, target string) (driverMsg, error) {
	req := map[string]any{"op": "upgrade", "target": target}
	if d.Untraced {
		req["trace"] = false
	}
	return d.call(ctx, req)
}

// Downgrade runs alembic downgrade to target ("base", a revision id).
func (d *Driver) Downgrade(ctx context.Context, target string) (driverMsg, error) {
	return d.call(ctx, map[string]any{"op": "downgrade", "target": target})
}

// DowngradeOne reverts exactly one applied revision (a head).
func (d *Driver) DowngradeOne(ctx context.Context, rev string) (driverMsg, error) {
	return d.call(ctx, map[string]any{"op": "downgrade_one", "revision": rev})
}

// Switch points the driver at another (fresh) scratch database.
func (d *Driver) Switch(ctx context.Context, url, database string) error {
	m, err := d.call(ctx, map[string]any{"op": "switch", "url": url, "database": database})
	if err == nil && !m.OK {
		err = fmt.Errorf("switch database: %s", errText(m.Error))
	}
	return err
}

// Running is the revision whose step started last and has not finished.
func (d *Driver) Running() string { return d.running }

// Stderr is the tail of what Python wrote to stderr.
func (d *Driver) Stderr() string { return d.stderr.String() }

func (d *Driver) call(ctx context.Context, req map[string]any) (driverMsg, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, _ := json.Marshal(req)
	if _, err := d.stdin.Write(append(b, '\n')); err != nil {
		return driverMsg{}, d.died(fmt.Errorf("write to driver: %w", err))
	}
	d.running = ""
	var timer <-chan time.Time
	var t *time.Timer
	reset := func() {
		if d.Timeout <= 0 {
			return
		}
		if t == nil {
			t = time.NewTimer(d.Timeout)
			timer = t.C
			return
		}
		t.Stop()
		t.Reset(d.Timeout)
	}
	defer func() {
		if t != nil {
			t.Stop()
		}
	}()
	reset()
	for {
		select {
		case <-ctx.Done():
			d.kill()
			return driverMsg{}, ctx.Err()
		case <-timer:
			d.dumpStack()
			d.kill()
			return driverMsg{}, ErrTimeout
		case line, ok := <-d.lines:
			if !ok {
				return driverMsg{}, d.died(d.readErr)
			}
			var m driverMsg
			if err := json.Unmarshal(line, &m); err != nil {
				return driverMsg{}, &DriverError{Stage: "exit", Stderr: d.stderr.String(), msg: fmt.Sprintf("driver wrote a line that is not JSON: %.200q", line)}
			}
			reset()
			switch m.Event {
			case "start":
				d.running = m.Revision
				continue
			case "step":
				d.running = ""
				if d.OnStep != nil {
					d.OnStep(StepEvent{Action: m.Action, Revision: m.Revision, Seconds: m.Seconds, OK: m.OK, Error: m.Error, Trace: m.Trace})
				}
				continue
			}
			if m.Done {
				if m.VersionTable != "" {
					d.versionTable, d.versionSchema = m.VersionTable, m.VersionSchema
				}
				return m, nil
			}
		}
	}
}

func (d *Driver) died(err error) error {
	var werr error
	select {
	case <-d.exited:
		werr = d.exitErr
	case <-time.After(2 * time.Second):
	}
	msg := "the alembic driver exited unexpectedly"
	if werr != nil {
		msg += " (" + werr.Error() + ")"
	} else if err != nil {
		msg += " (" + err.Error() + ")"
	}
	return &DriverError{Stage: "exit", Stderr: d.stderr.String(), msg: msg}
}

// dumpStack asks Python (faulthandler, SIGUSR1) to write its stack to
// stderr and keeps the frames: TimeoutFrames tells where a step hung.
func (d *Driver) dumpStack() {
	if d.cmd.Process == nil {
		return
	}
	mark := len(d.stderr.String())
	if !dumpSignal(d.cmd.Process) {
		return
	}
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		s := d.stderr.String()
		if len(s) > mark && strings.Contains(s[min(mark, len(s)):], "most recent call first") {
			time.Sleep(20 * time.Millisecond)
			break
		}
	}
	s := d.stderr.String()
	if i := strings.LastIndex(s, "most recent call first"); i >= 0 {
		d.stack = nil
		for _, line := range strings.Split(s[i:], "\n")[1:] {
			m := faultFrame.FindStringSubmatch(line)
			if m == nil {
				break
			}
			n, _ := strconv.Atoi(m[2])
			d.stack = append([]Frame{{File: m[1], Line: n, Func: m[3]}}, d.stack...) // innermost last
		}
	}
}

var faultFrame = regexp.MustCompile(`^\s*File "(.*)", line (\d+) in (\S+)`)

// TimeoutStack is the Python stack when the last step timed out, innermost last.
func (d *Driver) TimeoutStack() []Frame { return d.stack }

func (d *Driver) kill() {
	if d.cmd.Process != nil {
		killGroup(d.cmd.Process)
	}
}

// Close asks the driver to quit and makes sure the process is gone.
func (d *Driver) Close() error {
	if d == nil || d.cmd.Process == nil {
		return nil
	}
	d.closed.Do(func() {
		_ = d.stdin.Close() // EOF ends the driver's loop
		select {
		case <-d.exited:
		case <-time.After(3 * time.Second):
			d.kill()
			<-d.exited
		}
		d.kill() // anything env.py left behind in the group
	})
	return nil
}

// tailBuffer keeps the last n bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	n   int
	buf []byte
}

func newTailBuffer(n int) *tailBuffer { return &tailBuffer{n: n} }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.n {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.n:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
