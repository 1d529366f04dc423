package scaffold

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/retortdev/retort/revision"
)

// Values of the template language are Go values standing for Python's:
// nil (None), bool, int, string, tuple, list, dict, *datetime, callable,
// object (attributes) and undefined (a name the template was not given,
// as Mako's UNDEFINED: false, and an error when rendered).
type (
	tuple    []any
	list     []any
	dict     map[string]any
	object   map[string]any
	callable func(args []any, kw map[string]any) (any, error)
	datetime struct {
		t     time.Time
		aware bool
	}
	undefinedT struct{ name string }
)

// truth is Python's bool(v).
func truth(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case int:
		return x != 0
	case string:
		return x != ""
	case tuple:
		return len(x) > 0
	case list:
		return len(x) > 0
	case dict:
		return len(x) > 0
	case undefinedT:
		return false
	}
	return true
}

// pyStr is Python's str(v).
func pyStr(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case undefinedT:
		return "", fmt.Errorf("name %q is not defined", x.name)
	case *datetime:
		return x.String(), nil
	}
	return pyRepr(v)
}

// pyRepr is Python's repr(v).
func pyRepr(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "None", nil
	case bool:
		if x {
			return "True", nil
		}
		return "False", nil
	case int:
		return strconv.Itoa(x), nil
	case string:
		return reprString(x), nil
	case tuple:
		s, err := reprItems(x)
		if len(x) == 1 {
			s += ","
		}
		return "(" + s + ")", err
	case list:
		s, err := reprItems(x)
		return "[" + s + "]", err
	case dict:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			r, err := pyRepr(x[k])
			if err != nil {
				return "", err
			}
			parts[i] = reprString(k) + ": " + r
		}
		return "{" + strings.Join(parts, ", ") + "}", nil
	case *datetime:
		return "datetime.datetime(" + x.t.Format("2006, 1, 2, 15, 4, 5") + ")", nil
	case undefinedT:
		return "", fmt.Errorf("name %q is not defined", x.name)
	}
	return fmt.Sprintf("<%T>", v), nil
}

func reprItems(items []any) (string, error) {
	parts := make([]string, len(items))
	for i, it := range items {
		r, err := pyRepr(it)
		if err != nil {
			return "", err
		}
		parts[i] = r
	}
	return strings.Join(parts, ", "), nil
}

// reprString quotes s as Python's repr does: single quotes unless s holds
// a single quote and no double quote.
func reprString(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// String is Python's str(datetime): microseconds only when not zero, the
// UTC offset when the time is aware.
func (d *datetime) String() string {
	s := d.t.Format("2006-01-02 15:04:05")
	if us := d.t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	if d.aware {
		s += d.t.Format("-07:00")
	}
	return s
}

// attr returns d's attributes as Python's datetime has them.
func (d *datetime) attr(name string) (any, bool) {
	t := d.t
	switch name {
	case "year":
		return t.Year(), true
	case "month":
		return int(t.Month()), true
	case "day":
		return t.Day(), true
	case "hour":
		return t.Hour(), true
	case "minute":
		return t.Minute(), true
	case "second":
		return t.Second(), true
	case "microsecond":
		return t.Nanosecond() / 1000, true
	case "strftime":
		return callable(func(args []any, _ map[string]any) (any, error) {
			if len(args) != 1 {
				return nil, fmt.Errorf("strftime() takes one argument")
			}
			f, ok := args[0].(string)
			if !ok {
				return nil, fmt.Errorf("strftime() argument must be str")
			}
			return strftime(t, f, d.aware), nil
		}), true
	case "isoformat":
		return callable(func([]any, map[string]any) (any, error) {
			return strings.Replace(d.String(), " ", "T", 1), nil
		}), true
	}
	return nil, false
}

// strftime formats t with the C directives Python's strftime knows best.
func strftime(t time.Time, f string, aware bool) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'Y':
			fmt.Fprintf(&b, "%04d", t.Year())
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'I':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			fmt.Fprintf(&b, "%02d", h)
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'f':
			fmt.Fprintf(&b, "%06d", t.Nanosecond()/1000)
		case 'p':
			b.WriteString(t.Format("PM"))
		case 'b':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'z':
			if aware {
				b.WriteString(t.Format("-0700"))
			}
		case 'Z':
			if aware {
				b.WriteString(t.Format("MST"))
			}
		case 's':
			fmt.Fprintf(&b, "%d", t.Unix())
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

// percentFormat is Python's "fmt % args" for the conversions s, r, d, i
// and the flags, width and precision of numbers: enough for alembic's
// file_template ("%(year)d_%(month).2d_%(rev)s") and templates. The format
// is read by revision.ScanPercent, as the revision files' templates are.
func percentFormat(format string, args any) (string, error) {
	var positional []any
	named, isDict := args.(dict)
	switch x := args.(type) {
	case dict:
	case tuple:
		positional = x
	default:
		positional = []any{args}
	}
	var b strings.Builder
	next := 0
	err := revision.ScanPercent(format, func(s string) { b.WriteString(s) }, func(c revision.PercentConv) error {
		var val any
		switch {
		case c.Keyed && !isDict:
			return fmt.Errorf("format requires a mapping")
		case c.Keyed:
			v, ok := named[c.Key]
			if !ok {
				return fmt.Errorf("KeyError: %q", c.Key)
			}
			val = v
		case next < len(positional):
			val = positional[next]
			next++
		default:
			return fmt.Errorf("not enough arguments for format string")
		}
		return formatOne(&b, c, val)
	})
	if err != nil {
		return "", err
	}
	if !isDict && next < len(positional) {
		return "", fmt.Errorf("not all arguments converted during string formatting")
	}
	return b.String(), nil
}

// formatOne writes val by one conversion of a "%" format.
func formatOne(b *strings.Builder, c revision.PercentConv, val any) error {
	spec := c.Spec
	switch conv := c.Conv; conv {
	case 's', 'r', 'a':
		var s string
		var err error
		if conv == 's' {
			s, err = pyStr(val)
		} else {
			s, err = pyRepr(val)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(b, "%"+spec+"s", s)
	case 'd', 'i', 'u', 'x', 'X', 'o':
		n, ok := val.(int)
		if !ok {
			if bv, isBool := val.(bool); isBool {
				n, ok = map[bool]int{false: 0, true: 1}[bv], true
			}
		}
		if !ok {
			return fmt.Errorf("%%%c format: a number is required", conv)
		}
		verb := string(conv)
		if conv == 'i' || conv == 'u' {
			verb = "d"
		}
		if w, p, hasP := strings.Cut(spec, "."); hasP {
			// Python's precision on integers is a minimum digit count
			digits, _ := strconv.Atoi(p)
			fmt.Fprintf(b, "%"+w+"s", fmt.Sprintf("%0*"+verb, digits, n))
			return nil
		}
		fmt.Fprintf(b, "%"+spec+verb, n)
	default:
		return fmt.Errorf("unsupported format character %q", conv)
	}
	return nil
}
