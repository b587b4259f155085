package forms

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// decode decodes the JSON document data into v (a pointer to a struct).
// It reports malformed JSON, every value of the wrong JSON type and every
// member that v's type does not define, each with its exact JSON pointer
// (prefixed by prefix), array indices included. It reads the document
// once with a scanner that builds no tree, so that large bodies stay
// cheap. Nothing is echoed back from data.
func decode(data []byte, v any, prefix string) problems {
	var p problems
	if len(bytes.TrimSpace(data)) == 0 {
		p.add(prefix, "required", "a JSON object is required")
		return p
	}
	// Unmarshal checks the syntax of the whole document before decoding
	// any of it, so a syntax error leaves v untouched.
	err := json.Unmarshal(data, v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		p.add(prefix, "json", "is not valid JSON (syntax error at byte %d)", se.Offset)
		return p
	}
	s := scanner{data: data, prefix: prefix}
	s.value(reflect.TypeOf(v))
	if err != nil && len(s.p) == 0 {
		s.p.add(prefix, "json", "could not be decoded")
	}
	return s.p
}

// scanner walks a valid JSON document beside the Go type it decodes into.
type scanner struct {
	data   []byte
	i      int
	prefix string
	path   []string
	p      problems
}

func (s *scanner) pointer() string { return s.prefix + Pointer(s.path...) }

func (s *scanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value checks the value at s.i against t (nil: anything goes) and moves
// past it.
func (s *scanner) value(t reflect.Type) {
	s.ws()
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t == rawMessageType || t.Kind() == reflect.Interface || s.data[s.i] == 'n' {
		s.skip()
		return
	}
	wrong := func() {
		s.p.add(s.pointer(), "type", "must be %s", jsonTypeName(t))
		s.skip()
	}
	switch c := s.data[s.i]; {
	case c == '{':
		if t.Kind() != reflect.Struct && t.Kind() != reflect.Map {
			wrong()
			return
		}
		s.object(t)
	case c == '[':
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			wrong()
			return
		}
		s.array(t.Elem())
	case c == '"':
		if t.Kind() != reflect.String {
			wrong()
			return
		}
		start := s.i
		s.skip()
		s.checkText(s.data[start:s.i])
	case c == 't' || c == 'f':
		if t.Kind() != reflect.Bool {
			wrong()
			return
		}
		s.skip()
	default:
		start := s.i
		s.skip()
		if !numberFits(string(s.data[start:s.i]), t) {
			s.p.add(s.pointer(), "type", "must be %s", jsonTypeName(t))
		}
	}
}

func (s *scanner) object(t reflect.Type) {
	var fields map[string]reflect.Type
	if t.Kind() == reflect.Struct {
		fields = cachedFields(t)
	}
	s.i++ // {
	for {
		s.ws()
		if s.data[s.i] == '}' {
			s.i++
			return
		}
		key := s.key()
		s.ws()
		s.i++ // :
		s.path = append(s.path, key)
		switch ft := fields[key]; {
		case fields == nil:
			s.value(t.Elem())
		case ft != nil:
			s.value(ft)
		default:
			s.p.add(s.pointer(), "unknown", "is not a field of this request")
			s.value(nil)
		}
		s.path = s.path[:len(s.path)-1]
		s.ws()
		if s.data[s.i] == ',' {
			s.i++
		}
	}
}

func (s *scanner) array(elem reflect.Type) {
	s.i++ // [
	for n := 0; ; n++ {
		s.ws()
		if s.data[s.i] == ']' {
			s.i++
			return
		}
		s.path = append(s.path, strconv.Itoa(n))
		s.value(elem)
		s.path = s.path[:len(s.path)-1]
		s.ws()
		if s.data[s.i] == ',' {
			s.i++
		}
	}
}

// checkText reports a JSON string literal whose text is not what was sent
// once decoded: bytes that are not UTF-8, or a \u escape of half a
// surrogate pair. encoding/json would store either as U+FFFD, silently.
func (s *scanner) checkText(raw []byte) {
	if !utf8.Valid(raw) || loneSurrogate(raw) {
		s.p.add(s.pointer(), "encoding", "must be UTF-8 text: it holds bytes that are not UTF-8, or a \\u escape of an unpaired surrogate")
	}
}

// loneSurrogate reports whether a JSON string literal escapes a UTF-16
// surrogate that is not half of a high-low pair.
func loneSurrogate(raw []byte) bool {
	for i := 0; i+5 < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if raw[i+1] != 'u' {
			i++ // \" \\ \n …: skip the escaped byte
			continue
		}
		r, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 32)
		if err != nil {
			return true
		}
		switch {
		case r >= 0xdc00 && r <= 0xdfff:
			return true // a low half with no high half before it
		case r >= 0xd800 && r <= 0xdbff:
			if i+11 >= len(raw) || raw[i+6] != '\\' || raw[i+7] != 'u' {
				return true
			}
			lo, err := strconv.ParseUint(string(raw[i+8:i+12]), 16, 32)
			if err != nil || lo < 0xdc00 || lo > 0xdfff {
				return true
			}
			i += 11
		default:
			i += 5
		}
	}
	return false
}

// key reads an object key.
func (s *scanner) key() string {
	start := s.i
	s.skip()
	raw := s.data[start:s.i]
	if !utf8.Valid(raw) || loneSurrogate(raw) {
		s.p.add(s.pointer(), "encoding", "member names must be UTF-8 text")
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	var k string
	_ = json.Unmarshal(raw, &k) // valid JSON string
	return k
}

// skip moves past one value of a valid document.
func (s *scanner) skip() {
	s.ws()
	switch s.data[s.i] {
	case '"':
		s.i++
		for s.data[s.i] != '"' {
			if s.data[s.i] == '\\' {
				s.i++
			}
			s.i++
		}
		s.i++
	case '{', '[':
		depth := 0
		for {
			switch s.data[s.i] {
			case '"':
				s.skip()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			s.i++
			if depth == 0 {
				return
			}
		}
	default: // number, true, false, null
		for s.i < len(s.data) && !isDelimiter(s.data[s.i]) {
			s.i++
		}
	}
}

// isDelimiter reports whether c ends a number or literal.
func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// numberFits reports whether a JSON number literal decodes into t.
func numberFits(lit string, t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		_, err := strconv.ParseInt(lit, 10, t.Bits())
		return err == nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		_, err := strconv.ParseUint(lit, 10, t.Bits())
		return err == nil
	case reflect.Float32, reflect.Float64:
		_, err := strconv.ParseFloat(lit, t.Bits())
		return err == nil
	}
	return false
}

var fieldCache sync.Map // reflect.Type -> map[string]reflect.Type

// cachedFields is jsonFields, computed once per type.
func cachedFields(t reflect.Type) map[string]reflect.Type {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]reflect.Type)
	}
	f := jsonFields(t)
	fieldCache.Store(t, f)
	return f
}

// jsonFields maps the JSON member names of a struct type to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := make(map[string]reflect.Type, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// jsonTypeName names the JSON type a Go type decodes from.
func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "a boolean"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	default:
		return "of another type"
	}
}

// Decode decodes the JSON document data into v (a pointer to a struct),
// refusing malformed JSON, values of the wrong type and members v's type
// does not define. It returns a *ValidationError naming each problem by
// its JSON pointer, or nil.
func Decode(data []byte, v any) error {
	return decode(data, v, "").err()
}
