package revision

// tcode tells the operators and keywords apart that the parser looks for,
// so that it compares a byte instead of the token's text. The tokenizer
// sets it on Op and Name tokens; every other token, and every name that is
// not a keyword, has none (0).
type tcode uint8

const (
	cNone tcode = iota
	// brackets and punctuation
	cLParen
	cRParen
	cLBrack
	cRBrack
	cLBrace
	cRBrace
	cComma
	cColon
	cSemi
	cDot
	cEllipsis
	cAssign
	cWalrus
	cArrow
	cAt
	cTilde
	cBang
	// binary operators, in binaryPrec's groups
	cPipe
	cCaret
	cAmp
	cShl
	cShr
	cPlus
	cMinus
	cStar
	cSlash
	cFloorDiv
	cPercent
	cPow
	cLt
	cGt
	cEq
	cGe
	cLe
	cNe
	cLtGt
	// augmented assignments: cAugFirst..cAugLast
	cAugAdd
	cAugSub
	cAugMul
	cAugDiv
	cAugFloorDiv
	cAugMod
	cAugPow
	cAugShr
	cAugShl
	cAugAnd
	cAugOr
	cAugXor
	cAugMat
	// keywords (and soft keywords) the parser reads
	kwAnd
	kwAs
	kwAssert
	kwAsync
	kwAwait
	kwBreak
	kwCase
	kwClass
	kwContinue
	kwDef
	kwDel
	kwElif
	kwElse
	kwExcept
	kwFalse
	kwFinally
	kwFor
	kwFrom
	kwGlobal
	kwIf
	kwImport
	kwIn
	kwIs
	kwLambda
	kwMatch
	kwNone
	kwNonlocal
	kwNot
	kwOr
	kwPass
	kwRaise
	kwReturn
	kwTrue
	kwTry
	kwType
	kwWhile
	kwWith
	kwYield
	numCodes

	cAugFirst = cAugAdd
	cAugLast  = cAugMat
)

// opCodes maps an operator's text to its code.
var opCodes = map[string]tcode{
	"(": cLParen, ")": cRParen, "[": cLBrack, "]": cRBrack, "{": cLBrace, "}": cRBrace,
	",": cComma, ":": cColon, ";": cSemi, ".": cDot, "...": cEllipsis, "=": cAssign,
	":=": cWalrus, "->": cArrow, "@": cAt, "~": cTilde, "!": cBang,
	"|": cPipe, "^": cCaret, "&": cAmp, "<<": cShl, ">>": cShr, "+": cPlus, "-": cMinus,
	"*": cStar, "/": cSlash, "//": cFloorDiv, "%": cPercent, "**": cPow,
	"<": cLt, ">": cGt, "==": cEq, ">=": cGe, "<=": cLe, "!=": cNe, "<>": cLtGt,
	"+=": cAugAdd, "-=": cAugSub, "*=": cAugMul, "/=": cAugDiv, "//=": cAugFloorDiv,
	"%=": cAugMod, "**=": cAugPow, ">>=": cAugShr, "<<=": cAugShl, "&=": cAugAnd,
	"|=": cAugOr, "^=": cAugXor, "@=": cAugMat,
}

// keywords maps the keywords the parser reads to their codes.
var keywords = map[string]tcode{
	"and": kwAnd, "as": kwAs, "assert": kwAssert, "async": kwAsync, "await": kwAwait,
	"break": kwBreak, "case": kwCase, "class": kwClass, "continue": kwContinue,
	"def": kwDef, "del": kwDel, "elif": kwElif, "else": kwElse, "except": kwExcept,
	"False": kwFalse, "finally": kwFinally, "for": kwFor, "from": kwFrom,
	"global": kwGlobal, "if": kwIf, "import": kwImport, "in": kwIn, "is": kwIs,
	"lambda": kwLambda, "match": kwMatch, "None": kwNone, "nonlocal": kwNonlocal,
	"not": kwNot, "or": kwOr, "pass": kwPass, "raise": kwRaise, "return": kwReturn,
	"True": kwTrue, "try": kwTry, "type": kwType, "while": kwWhile, "with": kwWith,
	"yield": kwYield,
}

// opCode1 is opCodes for the one-byte operators, read without a map.
var opCode1 = func() (t [256]tcode) {
	for s, c := range opCodes {
		if len(s) == 1 {
			t[s[0]] = c
		}
	}
	return t
}()

// kwStart marks the bytes a keyword begins with, and kwMaxLen bounds
// their length, so that most names are told apart from keywords without a
// lookup.
var kwStart = func() (t [256]bool) {
	for s := range keywords {
		t[s[0]] = true
	}
	return t
}()

const kwMaxLen = 8

func opCode(b []byte) tcode {
	if len(b) == 1 {
		return opCode1[b[0]]
	}
	return opCodeMulti(b)
}

func kwCode(b []byte) tcode {
	if len(b) < 2 || len(b) > kwMaxLen || !kwStart[b[0]] {
		return cNone
	}
	return kwLookup(b)
}

// opCodeMulti is opCodes for the operators of two and three bytes, as a
// switch, which is cheaper than the map for the tokenizer.
func opCodeMulti(b []byte) tcode {
	switch string(b) {
	case "!=":
		return cNe
	case "%=":
		return cAugMod
	case "&=":
		return cAugAnd
	case "**":
		return cPow
	case "*=":
		return cAugMul
	case "+=":
		return cAugAdd
	case "-=":
		return cAugSub
	case "->":
		return cArrow
	case "//":
		return cFloorDiv
	case "/=":
		return cAugDiv
	case ":=":
		return cWalrus
	case "<<":
		return cShl
	case "<=":
		return cLe
	case "<>":
		return cLtGt
	case "==":
		return cEq
	case ">=":
		return cGe
	case ">>":
		return cShr
	case "@=":
		return cAugMat
	case "^=":
		return cAugXor
	case "|=":
		return cAugOr
	case "**=":
		return cAugPow
	case "...":
		return cEllipsis
	case "//=":
		return cAugFloorDiv
	case "<<=":
		return cAugShl
	case ">>=":
		return cAugShr
	}
	return cNone
}

// kwLookup is keywords as a switch, which is cheaper than the map for the
// tokenizer.
func kwLookup(b []byte) tcode {
	switch string(b) {
	case "as":
		return kwAs
	case "if":
		return kwIf
	case "in":
		return kwIn
	case "is":
		return kwIs
	case "or":
		return kwOr
	case "and":
		return kwAnd
	case "def":
		return kwDef
	case "del":
		return kwDel
	case "for":
		return kwFor
	case "not":
		return kwNot
	case "try":
		return kwTry
	case "None":
		return kwNone
	case "True":
		return kwTrue
	case "case":
		return kwCase
	case "elif":
		return kwElif
	case "else":
		return kwElse
	case "from":
		return kwFrom
	case "pass":
		return kwPass
	case "type":
		return kwType
	case "with":
		return kwWith
	case "False":
		return kwFalse
	case "async":
		return kwAsync
	case "await":
		return kwAwait
	case "break":
		return kwBreak
	case "class":
		return kwClass
	case "match":
		return kwMatch
	case "raise":
		return kwRaise
	case "while":
		return kwWhile
	case "yield":
		return kwYield
	case "assert":
		return kwAssert
	case "except":
		return kwExcept
	case "global":
		return kwGlobal
	case "import":
		return kwImport
	case "lambda":
		return kwLambda
	case "return":
		return kwReturn
	case "finally":
		return kwFinally
	case "continue":
		return kwContinue
	case "nonlocal":
		return kwNonlocal
	}
	return cNone
}

// binaryPrecs is the precedence of each binary operator (binaryPrec).
var binaryPrecs = func() (t [numCodes]uint8) {
	for c, p := range map[tcode]uint8{
		kwOr: 1, kwAnd: 2,
		cLt: 4, cGt: 4, cEq: 4, cGe: 4, cLe: 4, cNe: 4, kwIn: 4, kwIs: 4, kwNot: 4,
		cPipe: 5, cCaret: 6, cAmp: 7, cShl: 8, cShr: 8, cPlus: 9, cMinus: 9,
		cStar: 10, cSlash: 10, cFloorDiv: 10, cPercent: 10, cAt: 10,
	} {
		t[c] = p
	}
	return t
}()

// bracket returns 1 for the code of an opening bracket, -1 for that of a
// closing one, else 0.
func bracket(c tcode) int {
	switch c {
	case cLParen, cLBrack, cLBrace:
		return 1
	case cRParen, cRBrack, cRBrace:
		return -1
	}
	return 0
}

// codeText is the text of each code, for messages.
var codeText = func() (t [numCodes]string) {
	for s, c := range opCodes {
		t[c] = s
	}
	for s, c := range keywords {
		t[c] = s
	}
	return t
}()
