package revision

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// File is one parsed revision file.
type File struct {
	Path string // as shown to users
	Src  []byte
	// tokens are made again on demand (Tokens): a large history would
	// otherwise keep several bytes of tokens per byte of source alive.
	tokens  []Token
	tokOnce sync.Once

	// Revision is the revision id; HasRevision is false when the file
	// assigns none (or assigns something that is not a string).
	Revision      string
	HasRevision   bool
	DownRevisions []string
	BranchLabels  []string
	DependsOn     []string
	// Assigned holds where each module-level name was last assigned:
	// "revision", "down_revision", ...
	Assigned map[string]Pos

	Docstring string
	DocPos    Pos
	Doc       string // Alembic's "doc": the first paragraph of the docstring
	Message   string // the first line of Doc
	Header    Header

	Funcs     map[string]*Func // module-level functions by name
	Upgrade   *Func
	Downgrade *Func
	Consts    map[string]Value // module-level names bound to literals
	// Classes are the module-level classes (custom types such as a
	// TypeDecorator), nil when there are none.
	Classes map[string]*Class
	// Tables maps module names bound to sa.table("name", ...) or
	// sa.Table("name", ...) to the table name.
	Tables   map[string]string
	Imports  map[string]string
	Comments []Comment
	// Errors are syntax errors: the file would not import.
	Errors []SyntaxError
	// Problems are things that import but cannot be understood statically,
	// such as a down_revision computed at run time.
	Problems []SyntaxError
	// Unevaluated lists graph variables that name constants of another
	// module (branch_labels = (BRANCH,)): Python reads them at import time,
	// retort cannot. What could be read (the literal parts) is kept.
	Unevaluated []Unevaluated
	// computed holds the expressions of graph variables that are not
	// literals, until readMetadata has looked at them.
	computed map[string]Value
	// partial: read by ParseHeaders, function bodies not parsed
	partial bool
}

// Header is what the docstring says the revision is.
type Header struct {
	RevisionID  string
	RevisionPos Pos
	Revises     []string
	RevisesPos  Pos
	HasRevises  bool
}

// Func is a module-level function such as upgrade().
type Func struct {
	Name string
	Pos
	EndLine int
	// Calls are the statement-level calls of the body in source order,
	// including those inside with, if, for and try blocks.
	Calls []*Call
	// Stmts counts the statements other than pass, "...", and docstrings.
	Stmts int
	// Raises holds the expressions of raise statements (NotImplementedError).
	Raises    []Value
	Docstring string
	// Tables maps local names bound to sa.table("name", ...) or
	// sa.Table("name", ...) to the table name; nil when there are none.
	Tables map[string]string
}

// Empty reports whether the function does nothing: pass, "..." or only a
// docstring.
func (f *Func) Empty() bool { return f != nil && f.Stmts == 0 && len(f.Calls) == 0 }

// Tokens returns the file's tokens (without comments), tokenizing
// the source again the first time it is called.
func (f *File) Tokens() []Token {
	f.tokOnce.Do(func() {
		f.tokens, _, _ = Tokenize(f.Src)
	})
	return f.tokens
}

// Class is a module-level class: its bases and the values assigned in its
// body (impl = sa.Text).
type Class struct {
	Name  string
	Bases []Value
	Attrs map[string]Value
	Pos
}

// Comment is a comment with its position; Text starts with '#'.
type Comment struct {
	Pos
	Text string
}

// Line returns the text of a 1-based line of the source, without its line
// break, or "".
func (f *File) Line(n int) string {
	if n < 1 {
		return ""
	}
	src := f.Src
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return strings.TrimRight(string(src), "\r")
}

// Text returns the source text of a token.
func (f *File) Text(t Token) string { return string(f.Src[t.Start:t.End]) }

var codingRE = regexp.MustCompile(`^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`)

// sourceEncoding returns the encoding named by a PEP 263 cookie on one of
// the first two lines, lowercased, or "".
func sourceEncoding(src []byte) string {
	for i := 0; i < 2 && len(src) > 0; i++ {
		line := src
		if j := bytes.IndexByte(src, '\n'); j >= 0 {
			line, src = src[:j], src[j+1:]
		} else {
			src = nil
		}
		if m := codingRE.FindSubmatch(line); m != nil {
			return strings.ToLower(string(m[1]))
		}
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			break
		}
	}
	return ""
}

// toUTF8 converts a Latin-1 style source to UTF-8.
func latin1ToUTF8(src []byte) []byte {
	out := make([]byte, 0, len(src)+len(src)/8)
	for _, b := range src {
		out = utf8.AppendRune(out, rune(b))
	}
	return out
}

// firstInvalidUTF8 returns the 1-based line and column of the first byte
// that is not UTF-8.
func firstInvalidUTF8(src []byte) Pos {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return Pos{line, col}
		}
		if src[i] == '\n' {
			line, col = line+1, 1
		} else {
			col += size
		}
		i += size
	}
	return Pos{line, col}
}

// parseHeader reads "Revision ID:" and "Revises:" from the docstring.
func (f *File) parseHeader() {
	if f.Docstring == "" {
		return
	}
	for i, line := range strings.Split(f.Docstring, "\n") {
		t := strings.TrimSpace(line)
		pos := Pos{f.DocPos.Line + i, 1}
		switch {
		case hasPrefixFold(t, "revision id:"):
			f.Header.RevisionID = strings.TrimSpace(t[len("revision id:"):])
			f.Header.RevisionPos = pos
		case hasPrefixFold(t, "revises:"):
			f.Header.HasRevises = true
			f.Header.RevisesPos = pos
			f.Header.Revises = strings.FieldsFunc(t[len("revises:"):], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
			if len(f.Header.Revises) == 1 && f.Header.Revises[0] == "None" {
				f.Header.Revises = nil // old Alembic templates wrote "Revises: None" for a base
			}
		}
	}
	doc := strings.TrimSpace(f.Docstring)
	f.Doc = strings.SplitN(doc, "\n\n", 2)[0]
	f.Message = strings.TrimSpace(strings.SplitN(f.Doc, "\n", 2)[0])
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// readMetadata evaluates revision, down_revision, branch_labels and
// depends_on from the module-level bindings.
func (f *File) readMetadata() {
	if v, ok := f.Consts["revision"]; ok {
		if v.Kind == Str && v.Text != "" {
			f.Revision, f.HasRevision = v.Text, true
		} else if v.Kind != NoneV {
			f.problem(f.Assigned["revision"], "revision is not a string literal")
		}
	} else if pos, ok := f.Assigned["revision"]; ok {
		f.problem(pos, "revision is not a string literal")
	}
	f.DownRevisions = f.strings("down_revision")
	f.BranchLabels = f.strings("branch_labels")
	f.DependsOn = f.strings("depends_on")
	if v := f.Consts["depends_on"]; v.Kind == Str && v.Text == "" {
		f.DependsOn = nil // Alembic skips a false depends_on: "" is no dependency
	}
}

// Unevaluated is a graph variable that names constants of other modules.
type Unevaluated struct {
	Pos
	Var   string   // "down_revision", "branch_labels", "depends_on"
	Names []string // the names it could not evaluate: "labels.BRANCH"
}

// IsUnevaluated reports whether the variable name holds constants of
// another module that retort could not read.
func (f *File) IsUnevaluated(name string) bool {
	for _, u := range f.Unevaluated {
		if u.Var == name {
			return true
		}
	}
	return false
}

// importTime splits a name, or a tuple or list of strings and names, into
// the strings and the names; ok is false for anything else (a call).
func importTime(v Value) (strs, names []string, ok bool) {
	switch v.Kind {
	case Ref:
		return nil, []string{v.Text}, true
	case Tuple, List:
		for _, it := range v.Items() {
			switch it.Kind {
			case Str:
				strs = append(strs, it.Text)
			case Ref:
				names = append(names, it.Text)
			default:
				return nil, nil, false
			}
		}
		return strs, names, len(names) > 0
	}
	return nil, nil, false
}

func (f *File) strings(name string) []string {
	v, ok := f.Consts[name]
	if !ok {
		if pos, assigned := f.Assigned[name]; assigned {
			if strs, names, ok := importTime(f.computed[name]); ok && name != "revision" {
				f.Unevaluated = append(f.Unevaluated, Unevaluated{Pos: pos, Var: name, Names: names})
				return strs
			}
			f.problem(pos, name+" is computed at run time; retort reads only literal strings, tuples, lists and None")
		}
		return nil
	}
	out, ok := v.Strings()
	if !ok {
		f.problem(f.Assigned[name], name+" holds something other than strings; retort reads only literal strings, tuples, lists and None")
	}
	return out
}

func (f *File) problem(pos Pos, msg string) {
	f.Problems = append(f.Problems, SyntaxError{pos, msg})
}

// scratch holds the buffers one Parse uses and drops: the tokens and the
// argument stacks. They go back to scratchPool for the next file, so a
// history of thousands of files does not allocate a token slice per file.
type scratch struct {
	toks  []Token
	args  []Value
	kws   []Kwarg
	names *interner // see parser.intern
	skips []skipped
	// the scanner's stacks
	indents []int
	open    []Pos
}

var scratchPool = sync.Pool{New: func() any { return &scratch{names: newInterner()} }}

// WithTokens calls fn with the tokens of src, as Tokenize returns them,
// from a buffer that is reused once fn returns: fn must not keep them.
// It spares a caller that reads each file's tokens once (hashing a
// history) an allocation per file.
func WithTokens(src []byte, fn func([]Token)) {
	sc := scratchPool.Get().(*scratch)
	toks, _, _ := tokenizeInto(sc.toks, src)
	fn(toks)
	sc.toks = toks[:0]
	scratchPool.Put(sc)
}

// Parse tokenizes and parses one revision file. It never fails: syntax
// errors are in File.Errors and everything around them is still read.
func Parse(path string, src []byte) *File { return parse(path, src, false) }

// ParseHeaders parses a file as Parse does but steps over the bodies of
// its module-level functions: what the graph, the history and the
// project-wide rules read (revision ids, parents, labels, the docstring
// header, module names, comments, where each function begins and ends)
// is all there, the calls and statements of the functions are not, and
// neither are syntax errors inside them. Full parses the file completely
// when a rule needs its operations. A long history keeps only this much
// of each file in memory: Consts, Imports, Classes and Tables are nil too.
func ParseHeaders(path string, src []byte) *File { return parse(path, src, true) }

// Partial reports whether f was read by ParseHeaders.
func (f *File) Partial() bool { return f.partial }

// Full returns f parsed completely: f itself unless it is Partial, else
// a new File parsed from the same source, which the caller drops when it
// is done with it (f does not keep it).
func (f *File) Full() *File {
	if !f.partial {
		return f
	}
	return Parse(f.Path, f.Src)
}

// headersOf returns what ParseHeaders(full.Path, src) returns, from full,
// the File that Parse(full.Path, src) returned, without parsing again:
// the same File less the statements of its function bodies and what only
// the rules read. It makes full itself into the header, in place (its
// functions too), so that a history read this way does not allocate its
// files twice: the caller must be done with full as a full parse. A file
// with syntax errors or problems is parsed again, since a header parse
// does not see those of the bodies.
func headersOf(full *File, src []byte) *File {
	if full.partial {
		return full
	}
	if len(full.Errors) > 0 || len(full.Problems) > 0 {
		return ParseHeaders(full.Path, src)
	}
	for _, fn := range full.Funcs {
		*fn = Func{Name: fn.Name, Pos: fn.Pos, EndLine: fn.EndLine, Docstring: fn.Docstring}
	}
	*full = File{
		Path:          full.Path,
		Src:           full.Src,
		Revision:      full.Revision,
		HasRevision:   full.HasRevision,
		DownRevisions: full.DownRevisions,
		BranchLabels:  full.BranchLabels,
		DependsOn:     full.DependsOn,
		Assigned:      full.Assigned,
		Docstring:     full.Docstring,
		DocPos:        full.DocPos,
		Doc:           full.Doc,
		Message:       full.Message,
		Header:        full.Header,
		Funcs:         full.Funcs,
		Upgrade:       full.Funcs["upgrade"],
		Downgrade:     full.Funcs["downgrade"],
		Comments:      full.Comments,
		Errors:        full.Errors,
		Problems:      full.Problems,
		Unevaluated:   full.Unevaluated,
		partial:       true,
	}
	return full
}

func parse(path string, src []byte, headers bool) *File { return parseSeeing(path, src, headers, nil) }

// parseSeeing is parse that also calls see, when not nil, with the file
// and its tokens once they are read; they are reused after it returns.
func parseSeeing(path string, src []byte, headers bool, see func(*File, []Token)) *File {
	return parseIn(path, src, headers, see, nil)
}

// parseIn is parseSeeing with the file's Calls and their arguments
// allocated in a, when not nil: the caller resets a only once nothing
// uses the tree any more.
func parseIn(path string, src []byte, headers bool, see func(*File, []Token), a *arena) *File {
	f := &File{
		Path:     path,
		Src:      src,
		Funcs:    map[string]*Func{},
		Consts:   map[string]Value{},
		Imports:  map[string]string{},
		Assigned: map[string]Pos{},
	}
	if !utf8.Valid(src) {
		if enc := strings.ReplaceAll(sourceEncoding(src), "_", "-"); enc != "" && enc != "utf8" && enc != "utf-8" && !strings.HasPrefix(enc, "utf-8-") {
			// latin-1, cp1252, koi8-r, ...: Python decodes the file with
			// the declared codec. Revision ids, names and SQL keywords are
			// ASCII in all of them, so reading each byte as a Latin-1
			// character keeps every token where it is (the text of
			// non-ASCII strings is exact for Latin-1 only).
			f.Src = latin1ToUTF8(src)
		} else {
			pos := firstInvalidUTF8(src)
			f.Errors = append(f.Errors, SyntaxError{pos, "the file is not valid UTF-8 and declares no other encoding, so Python refuses to import it"})
		}
	}
	sc := scratchPool.Get().(*scratch)
	// a caller that sees the tokens gets them all; else a header parse
	// has the tokenizer drop the function bodies it would step over
	s := scanner{headers: headers && see == nil, indents: sc.indents[:0], open: sc.open[:0]}
	s.hs.skips = sc.skips[:0]
	s.scan(sc.toks, f.Src)
	toks := s.toks
	f.Comments = s.comments
	f.Errors = append(f.Errors, s.errs...)
	p := newParser(f, toks)
	p.argBuf, p.kwBuf, p.names = sc.args[:0], sc.kws[:0], sc.names
	p.skips = s.hs.skips
	p.skipBodies = headers
	p.arena = a
	f.partial = headers
	p.module()
	if see != nil {
		see(f, toks)
	}
	// nothing of the file points into the buffers: arguments are copied
	// out of argBuf and kwBuf, and values hold no tokens
	sc.toks, sc.args, sc.kws, sc.skips = toks[:0], p.argBuf[:0], p.kwBuf[:0], p.skips[:0]
	sc.indents, sc.open = s.indents[:0], s.open[:0]
	scratchPool.Put(sc)
	sort.SliceStable(f.Errors, func(i, j int) bool {
		a, b := f.Errors[i], f.Errors[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	f.Upgrade = f.Funcs["upgrade"]
	f.Downgrade = f.Funcs["downgrade"]
	f.readMetadata()
	f.parseHeader()
	f.computed = nil
	if headers {
		// what only the rules of the file read, and they read Full():
		// the module's literals, imports, classes and tables
		f.Consts, f.Imports, f.Classes, f.Tables = nil, nil, nil, nil
	}
	return f
}
