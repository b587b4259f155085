package seal

import "fmt"

// eachEntry calls f with every key (without its slash) and value of the
// dictionary d, in order, until f returns false.
func eachEntry(b []byte, d object, f func(key []byte, keyStart int, val object) bool) error {
	if d.kind != kindDict {
		return fmt.Errorf("%w: dictionary expected at %d", errSyntax, d.start)
	}
	pos := d.start + 2
	for {
		pos = skipSpace(b, pos)
		if pos >= d.end-2 {
			return nil
		}
		keyEnd := regularEnd(b, pos+1)
		val, err := parseObject(b, keyEnd)
		if err != nil {
			return err
		}
		if !f(b[pos+1:keyEnd], pos, val) {
			return nil
		}
		pos = val.end
	}
}

// dictGet returns the value of key in the dictionary d, or an object of
// kindNone when d has no such key.
func dictGet(b []byte, d object, key string) (object, error) {
	var found object
	err := eachEntry(b, d, func(k []byte, _ int, val object) bool {
		if string(k) == key {
			found = val
			return false
		}
		return true
	})
	return found, err
}

// eachElement calls f with every element of the array a, in order, until f
// returns false.
func eachElement(b []byte, a object, f func(val object) bool) error {
	if a.kind != kindArray {
		return fmt.Errorf("%w: array expected at %d", errSyntax, a.start)
	}
	pos := a.start + 1
	for {
		pos = skipSpace(b, pos)
		if pos >= a.end-1 {
			return nil
		}
		val, err := parseObject(b, pos)
		if err != nil {
			return err
		}
		if !f(val) {
			return nil
		}
		pos = val.end
	}
}

// maxIntDigits keeps integers read from a PDF well inside int64.
const maxIntDigits = 15

// intOf returns the value of o when it is an integer.
func intOf(b []byte, o object) (int64, bool) {
	if o.kind != kindNumber {
		return 0, false
	}
	return parseInt(b[o.start:o.end])
}

// parseInt parses an optionally signed decimal integer of at most
// maxIntDigits digits.
func parseInt(s []byte) (int64, bool) {
	neg := false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	if len(s) == 0 || len(s) > maxIntDigits {
		return 0, false
	}
	var n int64
	for _, c := range s {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// ref identifies an indirect object.
type ref struct{ num, gen int }

// refOf returns the reference o holds.
func refOf(b []byte, o object) (ref, bool) {
	if o.kind != kindRef {
		return ref{}, false
	}
	numEnd := regularEnd(b, o.start)
	genStart := skipSpace(b, numEnd)
	num, ok1 := parseInt(b[o.start:numEnd])
	gen, ok2 := parseInt(b[genStart:regularEnd(b, genStart)])
	if !ok1 || !ok2 || num > 1<<31 || gen > 65535 {
		return ref{}, false
	}
	return ref{int(num), int(gen)}, true
}

// nameIs reports whether o is the name /name.
func nameIs(b []byte, o object, name string) bool {
	return o.kind == kindName && string(b[o.start+1:o.end]) == name
}
