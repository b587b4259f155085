package forms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// decodeStrict decodes the JSON document data into v (a pointer to a
// struct). It reports malformed JSON, a value of the wrong type, and every
// member that v's type does not define, each with its JSON pointer
// (prefixed by prefix). Nothing is echoed back from data.
func decodeStrict(data []byte, v any, prefix string) problems {
	var p problems
	if len(bytes.TrimSpace(data)) == 0 {
		p.add(prefix, "required", "a JSON object is required")
		return p
	}
	var generic any
	if err := json.Unmarshal(data, &generic); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			p.add(prefix, "json", "is not valid JSON (syntax error at byte %d)", se.Offset)
		} else {
			p.add(prefix, "json", "is not valid JSON")
		}
		return p
	}
	if err := json.Unmarshal(data, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			ptr := prefix
			if te.Field != "" {
				ptr += Pointer(strings.Split(te.Field, ".")...)
			}
			p.add(ptr, "type", "must be %s", jsonTypeName(te.Type))
		} else {
			p.add(prefix, "json", "could not be decoded")
		}
	}
	unknownMembers(generic, reflect.TypeOf(v), prefix, &p)
	return p
}

// unknownMembers walks a decoded JSON value beside the Go type it was
// decoded into and reports every object member the type does not define.
func unknownMembers(val any, t reflect.Type, ptr string, p *problems) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawMessageType {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := val.(map[string]any)
		if !ok {
			return
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ft, ok := fields[k]
			if !ok {
				p.add(ptr+Pointer(k), "unknown", "is not a field of this request")
				continue
			}
			unknownMembers(obj[k], ft, ptr+Pointer(k), p)
		}
	case reflect.Map:
		obj, ok := val.(map[string]any)
		if !ok {
			return
		}
		for k, v := range obj {
			unknownMembers(v, t.Elem(), ptr+Pointer(k), p)
		}
	case reflect.Slice, reflect.Array:
		arr, ok := val.([]any)
		if !ok {
			return
		}
		for i, v := range arr {
			unknownMembers(v, t.Elem(), ptr+Pointer(fmt.Sprint(i)), p)
		}
	}
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
	return decodeStrict(data, v, "").err()
}
