package forms

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"sync"
)

// decodeFast decodes the JSON document data into v (a pointer to a
// struct) like decodeStrict, but reports every value of the wrong JSON
// type (not only the first) and every unknown member, each with its exact
// pointer, array indices included; and it reads the document once with a
// scanner that builds no tree, so that large bodies stay cheap. Syntax
// errors get decodeStrict's messages.
func decodeFast(data []byte, v any, prefix string) problems {
	if len(bytes.TrimSpace(data)) == 0 {
		return decodeStrict(data, v, prefix)
	}
	// Unmarshal checks the syntax of the whole document before decoding
	// any of it, so a syntax error leaves v untouched.
	err := json.Unmarshal(data, v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return decodeStrict(data, v, prefix)
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
		s.skip()
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

// key reads an object key.
func (s *scanner) key() string {
	start := s.i
	s.skip()
	raw := s.data[start:s.i]
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
