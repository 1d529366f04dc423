package report

import (
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/retortdev/retort/lint"
)

// JSON writes {"diagnostics":[...],"summary":{...}}; with a replay, the
// summary holds the replay's fields too, and "steps" follows.
func JSON(w io.Writer, r *Result) error {
	r = r.shown()
	diags := r.Diagnostics
	if diags == nil {
		diags = []lint.Diagnostic{}
	}
	if r.Replay != nil {
		return writeReplayJSON(w, r, diags)
	}
	summary, err := json.MarshalIndent(r.Summarize(), "  ", "  ")
	if err != nil {
		return err
	}
	// the findings are written by hand, as encoding/json indents them: a
	// long history's findings would otherwise be encoded, then scanned
	// again byte by byte to indent them
	b := appendDiagnosticsJSON([]byte("{\n  \"diagnostics\": "), diags)
	b = append(b, ",\n  \"summary\": "...)
	b = append(append(b, summary...), "\n}\n"...)
	_, err = w.Write(b)
	return err
}

// appendDiagnosticsJSON appends ds as a JSON array at depth 1 of an
// object indented by two spaces: what json.Encoder with SetIndent("", "  ")
// writes for them there.
func appendDiagnosticsJSON(b []byte, ds []lint.Diagnostic) []byte {
	if len(ds) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, d := range ds {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {\n      \"rule\": "...)
		b = appendJSONString(b, d.Rule)
		b = append(b, ",\n      \"severity\": "...)
		b = appendJSONString(b, d.Severity.String())
		b = append(b, ",\n      \"path\": "...)
		b = appendJSONString(b, d.Path)
		b = append(b, ",\n      \"line\": "...)
		b = strconv.AppendInt(b, int64(d.Line), 10)
		b = append(b, ",\n      \"column\": "...)
		b = strconv.AppendInt(b, int64(d.Column), 10)
		b = append(b, ",\n      \"message\": "...)
		b = appendJSONString(b, d.Message)
		b = append(b, ",\n      \"revision\": "...)
		b = appendJSONString(b, d.Revision)
		b = append(b, ",\n      \"hint\": "...)
		b = appendJSONString(b, d.Hint)
		if d.Replay != "" {
			b = append(b, ",\n      \"replay\": "...)
			b = appendJSONString(b, d.Replay)
		}
		b = append(b, "\n    }"...)
	}
	return append(b, "\n  ]"...)
}

// appendJSONString appends s quoted as encoding/json quotes a string: <, >
// and & escaped, invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
