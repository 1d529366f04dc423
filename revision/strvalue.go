package revision

import "strings"

// StringValue returns the value of one string literal token's text, as
// Python reads it: prefixes, quote style and escapes do not matter, so
// 'a', "a", """a""" and "\x61" all give "a". ok is false for f-strings
// (their value is only known at run time) and for text that is not a
// complete string literal. Bytes literals give their decoded bytes too;
// the caller tells them apart by their prefix when that matters.
func StringValue(tok string) (value string, ok bool) {
	raw := []byte(tok)
	prefix := 0
	for prefix < len(raw) && raw[prefix] != '"' && raw[prefix] != '\'' {
		prefix++
	}
	if prefix == len(raw) || prefix > 2 || !isStringPrefix(raw[:prefix]) || hasF(raw[:prefix]) {
		return "", false
	}
	q := raw[prefix]
	n := 1
	if len(raw)-prefix >= 6 && raw[prefix+1] == q && raw[prefix+2] == q {
		n = 3
	}
	if len(raw)-prefix < 2*n {
		return "", false
	}
	for i := 0; i < n; i++ {
		if raw[len(raw)-1-i] != q {
			return "", false
		}
	}
	body := raw[prefix+n : len(raw)-n]
	if hasR(raw[:prefix]) {
		return strings.ReplaceAll(strings.ReplaceAll(string(body), "\r\n", "\n"), "\r", "\n"), true
	}
	var b strings.Builder
	decodeEscapes(&b, body)
	return b.String(), true
}
