package cli

import (
	"bufio"
	"fmt"
	"sort"
	"strings"

	"github.com/retortdev/retort/report"
)

// writers maps each --format of lint and check to the function writing it.
var writers = map[string]func(e *Env, res *report.Result) error{
	"text":   func(e *Env, res *report.Result) error { return report.Text(e.Stdout, res, e.Color) },
	"json":   func(e *Env, res *report.Result) error { return report.JSON(e.Stdout, res) },
	"github": writeGitHub,
	"sarif":  func(e *Env, res *report.Result) error { return writeSARIF(e, e.Stdout, res) },
}

// formatNames lists the known --format values.
func formatNames() string {
	names := make([]string, 0, len(writers))
	for n := range writers {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// checkFormat validates a --format value.
func checkFormat(format string) error {
	if _, ok := writers[format]; !ok {
		return fmt.Errorf("unknown --format %q (want %s)", format, formatNames())
	}
	return nil
}

// writeResult writes res in the chosen format, through a buffer: the text
// and github formats write a few lines per finding, and a long history's
// findings would otherwise cost a write system call each.
func writeResult(e *Env, format string, res *report.Result) error {
	return buffered(e, func(e *Env) error { return writers[format](e, res) })
}

// buffered calls write with an Env whose Stdout is a buffer over e's, and
// flushes it.
func buffered(e *Env, write func(*Env) error) error {
	out := bufio.NewWriterSize(e.Stdout, 64<<10)
	b := *e
	b.Stdout = out
	err := write(&b)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return err
}
