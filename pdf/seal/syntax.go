package seal

import (
	"errors"
	"fmt"
)

// This file reads PDF object syntax (ISO 32000-1, 7.2 and 7.3): just enough
// to find and copy the objects a seal touches. Objects are spans of the
// input; nothing is decoded until asked for, and nothing is copied.

// kind is the type of a PDF object.
type kind uint8

const (
	kindNone    kind = iota // absent
	kindDict                // << ... >>
	kindArray               // [ ... ]
	kindName                // /Name
	kindString              // ( ... )
	kindHex                 // < ... >
	kindNumber              // 12, -3, 4.5
	kindRef                 // 12 0 R
	kindKeyword             // true, false, null
)

// object is one PDF object: its kind and its span [start, end) in the
// buffer it was read from.
type object struct {
	kind       kind
	start, end int
}

// maxNesting bounds how deeply arrays and dictionaries may nest, so that
// hostile input cannot exhaust the stack.
const maxNesting = 32

// errSyntax reports PDF syntax the parser cannot read.
var errSyntax = errors.New("malformed PDF object")

func isSpace(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isRegular(c byte) bool { return !isSpace(c) && !isDelimiter(c) }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipSpace returns the position of the first byte at or after pos that is
// neither white space nor part of a comment.
func skipSpace(b []byte, pos int) int {
	for pos < len(b) {
		switch c := b[pos]; {
		case isSpace(c):
			pos++
		case c == '%':
			for pos < len(b) && b[pos] != '\n' && b[pos] != '\r' {
				pos++
			}
		default:
			return pos
		}
	}
	return pos
}

// regularEnd returns the end of the run of regular characters at pos.
func regularEnd(b []byte, pos int) int {
	for pos < len(b) && isRegular(b[pos]) {
		pos++
	}
	return pos
}

// parseObject reads the object that starts at or after pos.
func parseObject(b []byte, pos int) (object, error) {
	return parseNested(b, pos, 0)
}

func parseNested(b []byte, pos, depth int) (object, error) {
	pos = skipSpace(b, pos)
	if pos >= len(b) {
		return object{}, fmt.Errorf("%w: unexpected end of data", errSyntax)
	}
	if depth > maxNesting {
		return object{}, fmt.Errorf("%w: nested too deeply", errSyntax)
	}
	switch c := b[pos]; {
	case c == '<' && pos+1 < len(b) && b[pos+1] == '<':
		return parseDict(b, pos, depth)
	case c == '<':
		return parseHex(b, pos)
	case c == '[':
		return parseArray(b, pos, depth)
	case c == '(':
		return parseLiteral(b, pos)
	case c == '/':
		return object{kindName, pos, regularEnd(b, pos+1)}, nil
	case isDigit(c) || c == '+' || c == '-' || c == '.':
		return parseNumberOrRef(b, pos)
	case isRegular(c):
		end := regularEnd(b, pos)
		switch string(b[pos:end]) {
		case "true", "false", "null":
			return object{kindKeyword, pos, end}, nil
		}
		return object{}, fmt.Errorf("%w: unexpected keyword %.20q at %d", errSyntax, b[pos:end], pos)
	default:
		return object{}, fmt.Errorf("%w: unexpected %q at %d", errSyntax, c, pos)
	}
}

func parseDict(b []byte, start, depth int) (object, error) {
	pos := start + 2
	for {
		pos = skipSpace(b, pos)
		if pos+1 < len(b) && b[pos] == '>' && b[pos+1] == '>' {
			return object{kindDict, start, pos + 2}, nil
		}
		if pos >= len(b) || b[pos] != '/' {
			return object{}, fmt.Errorf("%w: dictionary key expected at %d", errSyntax, pos)
		}
		val, err := parseNested(b, regularEnd(b, pos+1), depth+1)
		if err != nil {
			return object{}, err
		}
		pos = val.end
	}
}

func parseArray(b []byte, start, depth int) (object, error) {
	pos := start + 1
	for {
		pos = skipSpace(b, pos)
		if pos < len(b) && b[pos] == ']' {
			return object{kindArray, start, pos + 1}, nil
		}
		val, err := parseNested(b, pos, depth+1)
		if err != nil {
			return object{}, err
		}
		pos = val.end
	}
}

func parseHex(b []byte, start int) (object, error) {
	for pos := start + 1; pos < len(b); pos++ {
		switch c := b[pos]; {
		case c == '>':
			return object{kindHex, start, pos + 1}, nil
		case !isSpace(c) && hexValue(c) < 0:
			return object{}, fmt.Errorf("%w: bad hex string at %d", errSyntax, pos)
		}
	}
	return object{}, fmt.Errorf("%w: unterminated hex string", errSyntax)
}

func parseLiteral(b []byte, start int) (object, error) {
	open := 0
	for pos := start; pos < len(b); pos++ {
		switch b[pos] {
		case '\\':
			pos++
		case '(':
			open++
		case ')':
			if open--; open == 0 {
				return object{kindString, start, pos + 1}, nil
			}
		}
	}
	return object{}, fmt.Errorf("%w: unterminated string", errSyntax)
}

// parseNumberOrRef reads a number, or an indirect reference "num gen R".
func parseNumberOrRef(b []byte, start int) (object, error) {
	end := regularEnd(b, start)
	num := object{kindNumber, start, end}
	if !allDigits(b[start:end]) {
		return num, nil
	}
	genStart := skipSpace(b, end)
	genEnd := regularEnd(b, genStart)
	if genStart == end || genEnd == genStart || !allDigits(b[genStart:genEnd]) {
		return num, nil
	}
	r := skipSpace(b, genEnd)
	if r == genEnd || r >= len(b) || b[r] != 'R' || regularEnd(b, r) != r+1 {
		return num, nil
	}
	return object{kindRef, start, r + 1}, nil
}

func allDigits(s []byte) bool {
	for _, c := range s {
		if !isDigit(c) {
			return false
		}
	}
	return len(s) > 0
}

// hexValue is the value of hex digit c, or -1.
func hexValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
