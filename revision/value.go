package revision

import (
	"strings"
)

// VKind is the kind of an evaluated expression.
type VKind uint8

const (
	Unknown VKind = iota // anything not evaluated statically; Items holds its sub-expressions
	Str
	Num
	Bool
	NoneV
	Tuple
	List
	Dict
	CallV // Call is set
	Ref   // a dotted name that is not bound to a literal: sa.Integer, batch_op, table
)

var vkindNames = [...]string{"unknown", "str", "num", "bool", "None", "tuple", "list", "dict", "call", "name"}

func (k VKind) String() string { return vkindNames[k] }

// Value is an expression evaluated as far as it can be without running it.
// A file's calls hold their arguments as Values, and most are a string, a
// number, a name or a call: those are kept small, and what the others
// have (items, dict keys, templates, the literals of a concatenated
// string, the name a literal was bound to) is behind one pointer, read
// through Items, Keys, Tmpl, Parts and Name.
type Value struct {
	Kind VKind
	Bool bool
	// FString marks an f-string or a string built at run time (%, .format):
	// its text is unknown as a whole; Tmpl holds its parts when they could
	// be read (see template.go).
	FString bool
	// Alts marks a loop variable over a literal list or tuple: Items are
	// the values it takes, Name the variable and Pos the list's position
	// (together they tell one loop's variable from another's).
	Alts bool
	// lit is the one literal most strings are read from, at the string's
	// own position (see Parts); it fits in the word the flags above share.
	lit strLit
	Pos
	// Text is the decoded string (Str), the literal (Num), or the dotted
	// name (Ref).
	Text string
	Call *Call
	more *valueMore // nil for most values
}

// valueMore holds what few Values have, and valueRare what fewer still
// have (so that a bound name or a list costs less). A Value shares them
// with its copies: they are written only while the Value is being built.
type valueMore struct {
	name  string
	items []Value
	rare  *valueRare
}

type valueRare struct {
	keys  []Value
	tmpl  []Value
	parts []StrPart // a string's literals, unless lit describes its only one
}

// strLit describes a string's only literal when it begins at the string's
// position: its content begins off columns further (after the prefix and
// the quotes). off is 0 when there is no such literal.
type strLit struct {
	off         uint8
	triple, raw bool
}

// compound returns a value of kind k at pos made of items (Tuple, List,
// or Unknown with its sub-expressions).
func compound(k VKind, pos Pos, items []Value) Value {
	v := Value{Kind: k, Pos: pos}
	if items != nil {
		v.more = &valueMore{items: items}
	}
	return v
}

// Items returns the elements of a Tuple or List, the values of a Dict, or
// the sub-expressions of an Unknown value.
func (v Value) Items() []Value {
	if v.more == nil {
		return nil
	}
	return v.more.items
}

// Name returns the name a literal was bound to, for a value that came
// from that name (or the loop variable, with Alts); else "".
func (v Value) Name() string {
	if v.more == nil {
		return ""
	}
	return v.more.name
}

// rare returns v's valueRare, or nil.
func (v Value) rare() *valueRare {
	if v.more == nil {
		return nil
	}
	return v.more.rare
}

// setRare gives v, a value just built, the rarer fields r.
func (v *Value) setRare(r *valueRare) {
	if v.more == nil {
		v.more = &valueMore{}
	}
	v.more.rare = r
}

// Keys returns the keys of a Dict, in the order of Items.
func (v Value) Keys() []Value {
	if r := v.rare(); r != nil {
		return r.keys
	}
	return nil
}

// Tmpl returns the parts of a string built at run time (FString), when
// they could be read: literal parts as Str values, each replacement field
// as the Value of its expression. It is nil otherwise.
func (v Value) Tmpl() []Value {
	if r := v.rare(); r != nil {
		return r.tmpl
	}
	return nil
}

// Parts returns the literals a string Value was read from, which map
// offsets of Text back to the source (strings that span lines or were
// concatenated); nil for values not read from string literals.
func (v Value) Parts() []StrPart {
	if v.lit.off != 0 {
		return []StrPart{v.litPart()}
	}
	if r := v.rare(); r != nil {
		return r.parts
	}
	return nil
}

// litPart is the StrPart that lit describes.
func (v Value) litPart() StrPart {
	return StrPart{Pos: Pos{v.Line, v.Col + int(v.lit.off)}, Triple: v.lit.triple, Raw: v.lit.raw}
}

// own gives v a more of its own, a copy of the one it may share.
func (v *Value) own() *valueMore {
	m := &valueMore{}
	if v.more != nil {
		*m = *v.more
	}
	v.more = m
	return m
}

// named returns v bound to the name.
func (v Value) named(name string) Value {
	v.own().name = name
	return v
}

// moveTo gives v the position pos, keeping where its literal is.
func (v *Value) moveTo(pos Pos) {
	if v.lit.off != 0 {
		// a string read from one literal has no other rare fields
		v.own().rare = &valueRare{parts: []StrPart{v.litPart()}}
		v.lit = strLit{}
	}
	v.Pos = pos
}

// withTmpl returns v, a value just built, with the template t.
func (v Value) withTmpl(t []Value) Value {
	if t != nil {
		v.setRare(&valueRare{tmpl: t})
	}
	return v
}

// StrPart is one literal that makes up a string Value.
type StrPart struct {
	Offset int // offset in Value.Text where this literal begins
	Pos        // position of the literal's first character of content
	Triple bool
	Raw    bool
}

// IsStr reports whether v is a known string.
func (v Value) IsStr() bool { return v.Kind == Str }

// IsNone reports whether v is None.
func (v Value) IsNone() bool { return v.Kind == NoneV }

// Truthy reports whether v is a literal that Python treats as true, and
// whether that is known at all.
func (v Value) Truthy() (truth, known bool) {
	switch v.Kind {
	case Bool:
		return v.Bool, true
	case NoneV:
		return false, true
	case Num:
		t := strings.Trim(v.Text, "0._")
		return t != "" && t != "j", true
	case Str:
		return v.Text != "", true
	case Tuple, List, Dict:
		return len(v.Items()) > 0, true
	}
	return false, false
}

// Strings returns the strings of a string, or of a tuple or list of
// strings, as Alembic's util.to_tuple would. ok is false when any element
// is not a known string.
func (v Value) Strings() (out []string, ok bool) {
	switch v.Kind {
	case NoneV:
		return nil, true
	case Str:
		return []string{v.Text}, true
	case Tuple, List:
		for _, it := range v.Items() {
			if it.Kind != Str {
				return out, false
			}
			out = append(out, it.Text)
		}
		return out, true
	}
	return nil, false
}

// PosAt maps an offset in a string Value's Text to its position in the
// source: the line of that character, so that a problem inside a
// triple-quoted SQL string is reported on its own line.
func (v Value) PosAt(off int) Pos {
	var p StrPart
	switch r := v.rare(); {
	case v.lit.off != 0:
		p = v.litPart()
	case r != nil && len(r.parts) > 0:
		p = r.parts[0]
		for _, q := range r.parts[1:] {
			if q.Offset > off {
				break
			}
			p = q
		}
	default:
		return v.Pos
	}
	if !p.Triple {
		return p.Pos
	}
	end := off
	if end > len(v.Text) {
		end = len(v.Text)
	}
	seg := v.Text[p.Offset:end]
	n := strings.Count(seg, "\n")
	if n == 0 {
		return Pos{p.Line, p.Col + len(seg)}
	}
	return Pos{p.Line + n, len(seg) - strings.LastIndexByte(seg, '\n')}
}

// Call is one call expression: op.add_column(...), sa.Column(...).
type Call struct {
	// Name is the callee as a dotted name ("op.add_column"). When the
	// callee is an attribute of another expression (sa.text("...").bindparams),
	// Recv is that expression and Name is the attribute path after it.
	Name   string
	Recv   *Value
	Args   []Value
	Kwargs []Kwarg
	Pos
	EndLine int
	// With lists the with-blocks around the call, outermost first.
	With []*WithItem
	// StarArgs and StarKwargs are set when *args or **kwargs were passed:
	// arguments exist that cannot be seen.
	StarArgs, StarKwargs bool
	// Cond is set when the call sits under if, for, while, try or match.
	Cond bool
	// Loop is set when the call sits in the body of a for or while loop.
	Loop bool
	// (the four flags share one word: a Call is 128 bytes, a size class)
}

// Kwarg is one keyword argument.
type Kwarg struct {
	Name  string
	Value Value
}

// WithItem is one context manager of a with statement: the call and the
// name bound by "as" ("" when none).
type WithItem struct {
	Expr Value
	As   string
	Pos
}

// Method is the last component of the callee: "add_column" for
// op.add_column and batch_op.add_column.
func (c *Call) Method() string {
	if i := strings.LastIndexByte(c.Name, '.'); i >= 0 {
		return c.Name[i+1:]
	}
	return c.Name
}

// Receiver is the callee without its method: "op" for op.add_column.
func (c *Call) Receiver() string {
	if i := strings.LastIndexByte(c.Name, '.'); i >= 0 {
		return c.Name[:i]
	}
	return ""
}

// Kw returns the keyword argument name, if passed.
func (c *Call) Kw(name string) (Value, bool) {
	for _, k := range c.Kwargs {
		if k.Name == name {
			return k.Value, true
		}
	}
	return Value{}, false
}

// Arg returns the argument that is either the i-th positional one or the
// keyword one called name, as Python would bind it.
func (c *Call) Arg(i int, name string) (Value, bool) {
	if name != "" {
		if v, ok := c.Kw(name); ok {
			return v, true
		}
	}
	if i >= 0 && i < len(c.Args) {
		return c.Args[i], true
	}
	return Value{}, false
}
