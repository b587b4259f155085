package forms

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// AnswerLine is one answer as a record prints it: the question (or the
// member's name) and the answer in words, with its JSON pointer.
type AnswerLine struct {
	Pointer string
	Label   string
	Value   string
}

// maxLabel is the longest question wording used as a label; longer
// explanations give way to the member's name.
const maxLabel = 110

// AnswerLines lists a submission's answers in the order the form asks
// them, for the record's PDF. It walks the decoded answers: nested groups
// prefix their members' labels, lists are numbered, booleans read Yes/No,
// and members left out are not printed.
func AnswerLines(answers any) []AnswerLine {
	var out []AnswerLine
	walkAnswers(reflect.ValueOf(answers), "/answers", "", &out)
	return out
}

func walkAnswers(v reflect.Value, ptr, label string, out *[]AnswerLine) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" || name == "" {
				continue
			}
			// A question's own wording labels its answer; a group of
			// questions is named briefly.
			l := f.Tag.Get("desc")
			if l == "" || len(l) > maxLabel || !isLeaf(f.Type) {
				l = humanize(name)
			}
			walkAnswers(v.Field(i), ptr+Pointer(name), join(label, l), out)
		}
	case reflect.Map:
		keys := v.MapKeys()
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = k.String()
		}
		sort.Strings(names)
		for _, k := range names {
			walkAnswers(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())), ptr+Pointer(k), join(label, k), out)
		}
	case reflect.Slice, reflect.Array:
		if v.Len() == 0 {
			*out = append(*out, AnswerLine{Pointer: ptr, Label: label, Value: "None"})
			return
		}
		if v.Type().Elem().Kind() != reflect.Struct && v.Type().Elem().Kind() != reflect.Pointer {
			parts := make([]string, v.Len())
			for i := range v.Len() {
				parts[i] = scalar(v.Index(i))
			}
			*out = append(*out, AnswerLine{Pointer: ptr, Label: label, Value: strings.Join(parts, ", ")})
			return
		}
		for i := range v.Len() {
			walkAnswers(v.Index(i), ptr+Pointer(strconv.Itoa(i)), fmt.Sprintf("%s %d", label, i+1), out)
		}
	default:
		if v.Kind() == reflect.String && v.String() == "" {
			return
		}
		*out = append(*out, AnswerLine{Pointer: ptr, Label: label, Value: scalar(v)})
	}
}

func scalar(v reflect.Value) string {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return "Yes"
		}
		return "No"
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.String:
		return v.String()
	default:
		return fmt.Sprint(v.Interface())
	}
}

func join(label, s string) string {
	if label == "" {
		return s
	}
	return label + " › " + s
}

// humanize turns "last_use_days" into "Last use days".
func humanize(name string) string {
	s := strings.NewReplacer("_", " ", "-", " ").Replace(name)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// isLeaf reports a type printed as one answer, not a group of them.
func isLeaf(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return false
	case reflect.Slice, reflect.Array:
		return isLeaf(t.Elem())
	}
	return true
}
