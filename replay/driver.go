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

// op is a driver command.
type op string

const (
	opInit         op = "init"
	opProbe        op = "probe"
	opUpgrade      op = "upgrade"
	opDowngrade    op = "downgrade"
	opDowngradeOne op = "downgrade_one" // revert exactly one revision
	opSwitch       op = "switch"
	opCreateAll    op = "create_all"
)

// action is what a migration command does to revisions, as steps and
// findings name it: upgrade or downgrade.
func (o op) action() string {
	if o == opDowngradeOne {
		return string(opDowngrade)
	}
	return string(o)
}

// The requests, one JSON line each (driver.py's main reads them).
type (
	initRequest struct {
		Op               op       `json:"op"`
		URL              string   `json:"url"`
		URLEnv           string   `json:"url_env"`
		Config           string   `json:"config"`
		ScriptLocation   string   `json:"script_location"`
		VersionLocations []string `json:"version_locations"`
		Database         string   `json:"database"`
		Dir              string   `json:"dir"`
		EnvURLScheme     string   `json:"env_url_scheme"`
	}
	// opProbe
	bareRequest struct {
		Op op `json:"op"`
	}
	// opUpgrade, opDowngrade: to a revision, "heads" or "base"
	targetRequest struct {
		Op     op     `json:"op"`
		Target string `json:"target"`
		// Untraced (opUpgrade): no statement trace, for a shard's jump
		Untraced bool `json:"untraced,omitempty"`
	}
	// opDowngradeOne
	revisionRequest struct {
		Op       op     `json:"op"`
		Revision string `json:"revision"`
	}
	// opSwitch, opCreateAll (Database "")
	urlRequest struct {
		Op       op     `json:"op"`
		URL      string `json:"url"`
		Database string `json:"database,omitempty"`
	}
)

// driverLine is any line the driver writes: a per-revision event, or the
// answer that ends a request (Done), which call decodes again into the
// request's own reply type.
type driverLine struct {
	Event    string   `json:"event"` // "start", "step" or "" for the answer
	Action   string   `json:"action"`
	Revision string   `json:"revision"`
	Seconds  float64  `json:"seconds"`
	OK       bool     `json:"ok"`
	Error    *PyError `json:"error"`
	Trace    *Trace   `json:"trace"` // of a step: its statements (trace.go)

	Done          bool   `json:"done"`
	VersionTable  string `json:"version_table"`
	VersionSchema string `json:"version_schema"`
}

// Reply is the driver's answer to a command.
type Reply struct {
	OK bool `json:"ok"`
	// Revision is the revision whose step failed; "" when none failed, or
	// the command failed outside a step.
	Revision string   `json:"revision"`
	Error    *PyError `json:"error"`
}

// DriverInfo is what the driver says of itself and of the project at init.
type DriverInfo struct {
	Libraries
	Python    string      `json:"python"`
	EnvPy     string      `json:"env_py"`
	Revisions []DriverRev `json:"revisions"`
}

// initReply is the answer to init.
type initReply struct {
	Reply
	DriverInfo
	Stage       string   `json:"stage"` // where a failed init failed: import, driver or init
	VersionDirs []string `json:"version_locations"`
}

// ModelsReply is the answer to create_all: whether env.py configured a
// target_metadata, and where the models of its tables are.
type ModelsReply struct {
	Reply
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

	Info    DriverInfo    // the answer to init
	Timeout time.Duration // longest silence of one step; 0 is none
	OnStep  func(StepEvent)
	// untraced: the statement trace is off for the upgrades that follow
	// (SetUntraced)
	untraced bool
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
	Info   DriverInfo
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

	init := initRequest{
		Op: opInit, URL: c.URL, URLEnv: urlEnv, Config: c.Config,
		ScriptLocation: c.ScriptLocation, VersionLocations: c.VersionLocations,
		Database: c.Database, Dir: c.Dir, EnvURLScheme: c.EnvURLScheme,
	}
	var m initReply
	if err := d.call(ctx, init, &m); err != nil {
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
		return nil, &DriverError{Stage: stage, Err: m.Error, Stderr: d.stderr.String(), msg: msg, VersionDirs: m.VersionDirs, Info: m.DriverInfo}
	}
	d.Info = m.DriverInfo
	var probe Reply
	err = d.call(ctx, bareRequest{Op: opProbe}, &probe)
	if errors.Is(err, ErrTimeout) {
		d.Close()
		return nil, &DriverError{Stage: "probe", Err: &PyError{Type: "timeout", Frames: d.stack,
			Message: fmt.Sprintf("did not finish within %s", d.Timeout)}, Stderr: d.stderr.String(), msg: "env.py hangs before any migration runs", Timeout: true, Info: d.Info}
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	if !probe.OK {
		d.Close()
		where := "env.py"
		if d.Info.EnvPy != "" {
			where = d.Info.EnvPy
		}
		return nil, &DriverError{Stage: "probe", Err: probe.Error, Stderr: d.stderr.String(), msg: fmt.Sprintf("%s fails before any migration runs", where), Info: d.Info}
	}
	return d, nil
}

// Upgrade runs alembic upgrade to target ("heads", a revision id).
func (d *Driver) Upgrade(ctx context.Context, target string) (Reply, error) {
	return d.command(ctx, targetRequest{Op: opUpgrade, Target: target, Untraced: d.untraced})
}

// SetUntraced turns the statement trace off (or on again) for the
// upgrades that follow: a shard's jump to its slice, whose steps it does
// not report.
func (d *Driver) SetUntraced(on bool) { d.untraced = on }

// Downgrade runs alembic downgrade to target ("base", a revision id).
func (d *Driver) Downgrade(ctx context.Context, target string) (Reply, error) {
	return d.command(ctx, targetRequest{Op: opDowngrade, Target: target})
}

// DowngradeOne reverts exactly one applied revision (a head).
func (d *Driver) DowngradeOne(ctx context.Context, rev string) (Reply, error) {
	return d.command(ctx, revisionRequest{Op: opDowngradeOne, Revision: rev})
}

// Switch points the driver at another (fresh) scratch database.
func (d *Driver) Switch(ctx context.Context, url, database string) error {
	m, err := d.command(ctx, urlRequest{Op: opSwitch, URL: url, Database: database})
	if err == nil && !m.OK {
		err = fmt.Errorf("switch database: %s", errText(m.Error))
	}
	return err
}

// CreateAll builds the target_metadata env.py configured in the database
// at url; the answer says whether there was one, and where its models are.
func (d *Driver) CreateAll(ctx context.Context, url string) (ModelsReply, error) {
	var m ModelsReply
	err := d.call(ctx, urlRequest{Op: opCreateAll, URL: url}, &m)
	return m, err
}

// Running is the revision whose step started last and has not finished.
func (d *Driver) Running() string { return d.running }

// VersionTable is alembic's version table and its schema ("" for the
// search path's first), as env.py configured them.
func (d *Driver) VersionTable() (name, schema string) { return d.versionTable, d.versionSchema }

func (d *Driver) command(ctx context.Context, req any) (Reply, error) {
	var m Reply
	err := d.call(ctx, req, &m)
	return m, err
}

// call sends req and decodes the answer into reply, passing the step
// events on to OnStep as they come.
func (d *Driver) call(ctx context.Context, req, reply any) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, _ := json.Marshal(req)
	if _, err := d.stdin.Write(append(b, '\n')); err != nil {
		return d.died(fmt.Errorf("write to driver: %w", err))
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
			return ctx.Err()
		case <-timer:
			d.dumpStack()
			d.kill()
			return ErrTimeout
		case line, ok := <-d.lines:
			if !ok {
				return d.died(d.readErr)
			}
			var m driverLine
			if err := json.Unmarshal(line, &m); err != nil {
				return d.notJSON(line)
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
				if err := json.Unmarshal(line, reply); err != nil {
					return d.notJSON(line)
				}
				return nil
			}
		}
	}
}

func (d *Driver) notJSON(line []byte) error {
	return &DriverError{Stage: "exit", Stderr: d.stderr.String(), msg: fmt.Sprintf("driver wrote a line that is not JSON: %.200q", line)}
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
// stderr and keeps the frames: TimeoutStack tells where a step hung.
func (d *Driver) dumpStack() {
	d.stack = nil
	if d.cmd.Process == nil {
		return
	}
	mark := d.stderr.written()
	if !dumpSignal(d.cmd.Process) {
		return
	}
	d.stack = awaitDump(d.stderr, mark, time.Second)
}

// awaitDump waits up to wait for a faulthandler dump written to stderr
// after mark (a count of bytes written) and returns its frames, innermost
// last; nil when none came. An older dump still in the buffer is not it.
func awaitDump(stderr *tailBuffer, mark int64, wait time.Duration) []Frame {
	const head = "most recent call first"
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		if strings.Contains(stderr.since(mark), head) {
			time.Sleep(20 * time.Millisecond) // the frames follow the head
			break
		}
	}
	s := stderr.since(mark)
	i := strings.LastIndex(s, head)
	if i < 0 {
		return nil
	}
	var stack []Frame
	for _, line := range strings.Split(s[i:], "\n")[1:] {
		m := faultFrame.FindStringSubmatch(line)
		if m == nil {
			break
		}
		n, _ := strconv.Atoi(m[2])
		stack = append([]Frame{{File: m[1], Line: n, Func: m[3]}}, stack...) // innermost last
	}
	return stack
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

// tailBuffer keeps the last n bytes written to it, and counts them all.
type tailBuffer struct {
	mu    sync.Mutex
	n     int
	buf   []byte
	total int64 // bytes ever written
}

func newTailBuffer(n int) *tailBuffer { return &tailBuffer{n: n} }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.total += int64(len(p))
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

// written is how many bytes were ever written: a mark for since.
func (t *tailBuffer) written() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.total
}

// since is what was written after mark, as far as the buffer still holds it.
func (t *tailBuffer) since(mark int64) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.total - mark
	if n <= 0 {
		return ""
	}
	if n > int64(len(t.buf)) {
		n = int64(len(t.buf))
	}
	return string(t.buf[int64(len(t.buf))-n:])
}
