// Package cli is retort's command line: it parses arguments and wires the
// packages together. main.go only calls Main.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes.
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitUsage    = 2 // bad usage or configuration
	ExitFailure  = 3 // retort itself failed: a database did not start, git is missing
)

// Version is set at build time with -ldflags "-X github.com/retortdev/retort/cli.Version=...".
var Version = "dev"

// Env is the world a command sees.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Color is true when stdout is a terminal and NO_COLOR is not set.
	Color bool
	// Interactive is true when stderr is a terminal (progress lines).
	Interactive bool
	// loaded, when set (by a test), is called with each project a command
	// loads, as the command got it.
	loaded func(*loaded)
}

type command struct {
	name    string
	args    string
	summary string
	run     func(e *Env, args []string) int
}

// commands is the table of subcommands.
var commands = []*command{
	{"lint", "[PATH | FILE...]", "check revision files statically: graph, history and operation rules", runLint},
	{"replay", "[PATH]", "run the real upgrade/downgrade chain on a disposable PostgreSQL", runReplay},
	{"check", "[PATH]", "lint, then replay: what the GitHub Action runs", runCheck},
	{"sum", "[PATH]", "record the hash of every revision in retort.sum, so that edits are caught without git", runSum},
	{"report", "FILE...", "merge JSON outputs (lint, replay, check, shards) into text, json, sarif, github or a pull request comment", runReport},
	{"fix", "[--diff] [PATH...]", "rewrite risky operations into their safe form (indexes, constraints, NOT NULL columns)", runFix},
	{"merge", "[PATH]", "write the revision that merges the heads, as \"alembic merge heads\" would", runMerge},
	{"graph", "[PATH]", "print the revision graph as text, JSON or Mermaid", runGraph},
	{"rules", "[ID]", "list the rules, or explain one", runRules},
	{"version", "", "print retort's version", runVersion},
}

// Main runs the command in args (without the program name) and returns the
// exit code.
func Main(e *Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.Stdout)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	if args[0] == "--version" || args[0] == "-v" {
		return runVersion(e, nil)
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(e.Stderr, "retort: unknown command %q\n\n", args[0])
	usage(e.Stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "retort guards Alembic migration folders on PostgreSQL.")
	fmt.Fprintln(w, "\nUsage: retort <command> [flags] [PATH]")
	fmt.Fprintln(w, "\nCommands:")
	width := 0
	for _, c := range commands {
		width = max(width, len(strings.TrimSpace(c.name+" "+c.args)))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprintln(w, "\nPATH may be an alembic.ini, a pyproject.toml with [tool.alembic], a script directory")
	fmt.Fprintln(w, "or a versions folder; by default alembic.ini or pyproject.toml in the current directory.")
	fmt.Fprintln(w, "Run `retort <command> -h` for a command's flags.")
}

func runVersion(e *Env, _ []string) int {
	fmt.Fprintf(e.Stdout, "retort %s\n", Version)
	return ExitOK
}

// newFlags makes a flag set that reports errors on e.Stderr.
func newFlags(e *Env, c string, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "Usage: retort %s [flags] %s\n\nFlags:\n", c, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come before or after positional arguments.
// It returns the positional arguments, or an exit code when parsing ended
// the command (-h, a bad flag).
func parse(fs *flag.FlagSet, args []string, maxPositional int) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, ExitOK, false
			}
			return nil, ExitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) > maxPositional {
		fmt.Fprintf(fs.Output(), "retort %s: too many arguments: %s\n", fs.Name(), strings.Join(pos, " "))
		return nil, ExitUsage, false
	}
	return pos, 0, true
}

func first(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// errorf prints "retort: ..." on stderr and returns code.
func errorf(e *Env, code int, format string, args ...any) int {
	fmt.Fprintf(e.Stderr, "retort: "+format+"\n", args...)
	return code
}

// DefaultEnv is the process's environment.
func DefaultEnv() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}
