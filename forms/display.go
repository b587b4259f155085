package forms

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// AnswerLine is one answer as a record prints it: the question and the
// answer in words, with its JSON pointer. The items of a standard
// instrument (PHQ-9, GAD-7, PCL-5, AUDIT-C) also carry the instrument's
// name, the item's number, its own answer options when it has them, and
// the answer's value.
type AnswerLine struct {
	Pointer string
	// Group names the part of the form the question is in, outermost
	// first, e.g. "Mental-health history › Ketamine or esketamine
	// before"; "" for a question at the top.
	Group string
	// Label is the question: an item's published wording, or a short
	// label of an intake question.
	Label string
	// Value is the answer in words: an option's published wording,
	// Yes/No, a number, or the text as typed.
	Value string

	// Instrument is the instrument's short name on each of its items,
	// e.g. "PHQ-9"; "" for any other answer.
	Instrument string
	// Item is the item's number, "1" for the first; "" for an unnumbered
	// question such as PHQ-9's difficulty question.
	Item string
	// Options are the item's own answer options with their values, when
	// they are not the instrument's ("0 Never, 1 Monthly or less, …").
	Options string
	// Points is the answer's value, e.g. "2".
	Points string
}

// AnswerLines lists a submission's answers in the order the form asks
// them, for the record's PDF. It walks the decoded answers: groups name
// their questions' Group, lists are numbered, booleans read Yes/No,
// answers chosen from a list read in words, members left out are not
// printed, and an instrument's answers list every item with its wording.
func AnswerLines(answers any) []AnswerLine {
	var out []AnswerLine
	walkAnswers(reflect.ValueOf(answers), "/answers", "", false, &out)
	return out
}

// itemised are answers of a standard instrument, which list themselves.
type itemised interface {
	itemLines(ptr string) []AnswerLine
}

func walkAnswers(v reflect.Value, ptr, group string, listed bool, out *[]AnswerLine) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		if it, ok := v.Interface().(itemised); ok {
			*out = append(*out, it.itemLines(ptr)...)
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
			l := questionLabel(t, name)
			listed := strings.Contains(f.Tag.Get("validate"), "oneof=")
			fv := v.Field(i)
			if fv.Kind() == reflect.Slice && fv.Len() == 0 {
				*out = append(*out, AnswerLine{Pointer: ptr + Pointer(name), Group: group, Label: l, Value: "None"})
				continue
			}
			if isLeaf(f.Type) {
				leaf(fv, ptr+Pointer(name), group, l, listed, out)
				continue
			}
			walkAnswers(fv, ptr+Pointer(name), join(group, l), false, out)
		}
	case reflect.Map:
		keys := v.MapKeys()
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = k.String()
		}
		sort.Strings(names)
		for _, k := range names {
			walkAnswers(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())), ptr+Pointer(k), join(group, k), listed, out)
		}
	case reflect.Slice, reflect.Array:
		if v.Len() == 0 {
			*out = append(*out, AnswerLine{Pointer: ptr, Group: group, Value: "None"})
			return
		}
		for i := range v.Len() {
			walkAnswers(v.Index(i), ptr+Pointer(strconv.Itoa(i)), fmt.Sprintf("%s %d", group, i+1), listed, out)
		}
	default:
		leaf(v, ptr, group, "", listed, out)
	}
}

// leaf appends the line of one answer: a scalar, or a list of scalars
// printed on one line. An empty string is not printed; an empty list
// reads "None".
func leaf(v reflect.Value, ptr, group, label string, listed bool, out *[]AnswerLine) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	var value string
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		if v.Len() == 0 {
			value = "None"
			break
		}
		parts := make([]string, v.Len())
		for i := range v.Len() {
			parts[i] = scalar(v.Index(i), listed)
		}
		value = strings.Join(parts, ", ")
	default:
		if v.Kind() == reflect.String && v.String() == "" {
			return
		}
		value = scalar(v, listed)
	}
	*out = append(*out, AnswerLine{Pointer: ptr, Group: group, Label: label, Value: value})
}

// questionLabel is the printed label of a member of t: its label in
// questionLabels, or its name made readable.
func questionLabel(t reflect.Type, name string) string {
	if l, ok := questionLabels[t.Name()+"."+name]; ok {
		return l
	}
	return humanize(name)
}

// scalar prints one answer; listed says it was chosen from a list and
// reads in words.
func scalar(v reflect.Value, listed bool) string {
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
		if listed {
			return answerWord(v.String())
		}
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
