package revision

import "strings"

// StringValue returns the value of one string literal token's text, as
// Python reads it: prefixes, quote style and escapes do not matter, so
// 'a', "a", """a""" and "\x61" all give "a". ok is false for f-strings
// (their value is only known at run time) and for text that is not a
// complete string literal. Bytes literals give their decoded bytes too;
// the caller tells them apart by their prefix when that matters.
func StringValue(tok string) (value string, ok bool) {
	prefix := strings.IndexAny(tok, `"'`)
	if prefix < 0 || prefix > 2 {
		return "", false
	}
	pre := []byte(tok[:prefix])
	if !isStringPrefix(pre) || hasF(pre) {
		return "", false
	}
	q := tok[prefix]
	n := 1
	if len(tok)-prefix >= 6 && tok[prefix+1] == q && tok[prefix+2] == q {
		n = 3
	}
	if len(tok)-prefix < 2*n {
		return "", false
	}
	for i := 0; i < n; i++ {
		if tok[len(tok)-1-i] != q {
			return "", false
		}
	}
	body := tok[prefix+n : len(tok)-n]
	if hasR(pre) {
		return strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n"), true
	}
	if !strings.ContainsAny(body, "\\\r") {
		// nothing to decode; a copy, so that the value does not keep the
		// text around tok alive
		return strings.Clone(body), true
	}
	var b strings.Builder
	decodeEscapes(&b, []byte(body))
	return b.String(), true
}
