package forms

import (
	"reflect"
	"strconv"
	"strings"
)

// datePattern is the shape validator's datetime=2006-01-02 accepts. It
// cannot rule out 2026-02-30; the server does.
const datePattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`

// schemaOf returns the JSON Schema of an answers type, built from the same
// json and validate tags the server checks, so that the two cannot drift
// apart. A field's desc tag, the question as the patient reads it, becomes
// its description. Checks written in Go are added to the result by each
// kind's schema function.
func schemaOf(t reflect.Type) map[string]any {
	return typeSchema(t, nil)
}

// typeSchema is the schema of a value of type t under the validate tags
// that apply to it.
func typeSchema(t reflect.Type, tags []string) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Slice {
		own, elem := splitDive(tags)
		s := map[string]any{"type": "array", "items": typeSchema(t.Elem(), elem)}
		for _, tag := range own {
			name, param, _ := strings.Cut(tag, "=")
			switch name {
			case "min":
				s["minItems"] = atoi(param)
			case "max":
				s["maxItems"] = atoi(param)
			case "len":
				s["minItems"], s["maxItems"] = atoi(param), atoi(param)
			case "unique":
				s["uniqueItems"] = true
			}
		}
		return s
	}
	switch t.Kind() {
	case reflect.Struct:
		return structSchema(t)
	case reflect.String:
		return stringSchema(tags)
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return numberSchema("integer", tags)
	case reflect.Float32, reflect.Float64:
		return numberSchema("number", tags)
	}
	return map[string]any{}
}

func structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		tags := splitTags(f.Tag.Get("validate"))
		fs := typeSchema(f.Type, tags)
		if d := f.Tag.Get("desc"); d != "" {
			fs["description"] = d
		}
		props[name] = fs
		if len(tags) > 0 && tags[0] == "required" {
			required = append(required, name)
		}
	}
	return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}

func stringSchema(tags []string) map[string]any {
	s := map[string]any{"type": "string"}
	for _, tag := range tags {
		name, param, _ := strings.Cut(tag, "=")
		switch name {
		case "required":
			s["minLength"] = 1
		case "min":
			s["minLength"] = atoi(param)
		case "max":
			s["maxLength"] = atoi(param)
		case "oneof":
			s["enum"] = strings.Fields(param)
		case "text":
			s["pattern"] = textPattern
		case "e164":
			s["pattern"] = e164Pattern
		case "datetime":
			if param == ClockLayout {
				s["pattern"] = clockPattern
				break
			}
			s["pattern"], s["format"] = datePattern, "date"
		}
	}
	return s
}

func numberSchema(typ string, tags []string) map[string]any {
	s := map[string]any{"type": typ}
	for _, tag := range tags {
		name, param, _ := strings.Cut(tag, "=")
		switch name {
		case "min", "gte":
			s["minimum"] = number(param)
		case "max", "lte":
			s["maximum"] = number(param)
		case "gt":
			s["exclusiveMinimum"] = number(param)
		case "lt":
			s["exclusiveMaximum"] = number(param)
		}
	}
	return s
}

// splitTags splits a validate tag at its commas. Consentry's tags keep
// commas out of parameters.
func splitTags(tag string) []string {
	if tag == "" {
		return nil
	}
	return strings.Split(tag, ",")
}

// splitDive separates a slice's own tags from those after "dive", which
// apply to each element.
func splitDive(tags []string) (own, elem []string) {
	for i, t := range tags {
		if t == "dive" {
			return tags[:i], tags[i+1:]
		}
	}
	return tags, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func number(s string) any {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func schemaFor[T any](*Definition) map[string]any { return schemaOf(reflect.TypeFor[T]()) }
