package history

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// parseSumByScanner is ParseSum as it was, reading lines with a
// bufio.Scanner and splitting them with strings.Fields (the header is
// checked as it still is).
func parseSumByScanner(path string, data []byte) ([]SumEntry, error) {
	var out []SumEntry
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	header := false
	seen := map[string]int{}
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		skip, err := notAnEntry(path, n, line, &header)
		if err != nil {
			return nil, err
		}
		if skip {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 || !strings.HasPrefix(f[len(f)-1], "h1:") {
			return nil, fmt.Errorf("%s:%d: want \"<revision> <path> <hash>\", found %q", path, n, line)
		}
		e := SumEntry{ID: f[0], Path: strings.Join(f[1:len(f)-1], " "), Hash: f[len(f)-1], Line: n}
		if prev, dup := seen[e.ID]; dup {
			return nil, fmt.Errorf("%s:%d: revision %q is listed twice (first on line %d)", path, n, e.ID, prev)
		}
		seen[e.ID] = n
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if !header && n > 0 {
		return nil, fmt.Errorf("%s: not a retort.sum file: the first line must be %q", path, SumHeader)
	}
	return out, nil
}

// TestParseSumAsByScanner: ParseSum reads what the scanner read, entries
// and errors alike, on files of random lines: odd whitespace, Unicode
// spaces, CRLF, comments, bad and duplicate lines, lines too long.
func TestParseSumAsByScanner(t *testing.T) {
	pieces := []string{"a0", "b1", "versions/a0.py", "a b.py", "h1:x", "h1:y=", "deadbeef", "#", "# c", "é", " ", "  ", "\t", "\r", "\v", "\f", "\u00a0", "\u2003", "\u0085", ""}
	line := func(rnd *rand.Rand) string {
		var b strings.Builder
		for k := rnd.Intn(6); k > 0; k-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
			if rnd.Intn(3) > 0 {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	long := strings.Repeat("x", maxSumLine-2)
	files := []string{"", "\n", SumHeader, SumHeader + "\r\n", "\n\n" + SumHeader + "\n",
		SumHeader + "\na0 " + long + " h1:x\n", SumHeader + "\na0 " + long + "  h1:x\n", SumHeader + "\na0 " + long + " h1:x\r\n",
		SumHeader + "\na0 " + long + "xh1:x", SumHeader + "\na0 " + long + "x h1:x"}
	rnd := rand.New(rand.NewSource(1))
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		if rnd.Intn(10) > 0 {
			b.WriteString(SumHeader + []string{"\n", "\r\n", " \n"}[rnd.Intn(3)])
		}
		for k := rnd.Intn(6); k > 0; k-- {
			b.WriteString(line(rnd))
			if rnd.Intn(2) == 0 {
				b.WriteString(pieces[rnd.Intn(2)] + " p" + fmt.Sprint(rnd.Intn(3)) + ".py h1:" + fmt.Sprint(n))
			}
			b.WriteString([]string{"\n", "\r\n", "\n\n"}[rnd.Intn(3)])
		}
		if rnd.Intn(4) == 0 {
			b.WriteString(line(rnd)) // no final newline
		}
		files = append(files, b.String())
	}
	entries := 0
	for _, f := range files {
		got, gerr := ParseSum("retort.sum", []byte(f))
		want, werr := parseSumByScanner("retort.sum", []byte(f))
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || (len(got) > 0 || len(want) > 0) && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\ngot  %+v, %v\nwant %+v, %v", f[:min(len(f), 300)], got, gerr, want, werr)
		}
		entries += len(got)
	}
	if entries < 500 {
		t.Errorf("only %d entries read: the files test little", entries)
	}
}
