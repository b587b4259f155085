package fhir

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/consentry/consentry/forms"
)

// SDC is the profile of the Questionnaires: SDC's base Questionnaire.
const SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"

// QuestionnaireOf is one form version as an SDC-style Questionnaire: one
// item per answer of its JSON Schema, linkId the answer's JSON pointer
// ("/answers/psychiatric/psychosis"), objects as groups, lists as
// repeating items, a listed answer as a choice with its codes and words,
// a standard instrument's items with their published wording and
// options, required as the schema says, and enableWhen where the schema
// asks for an answer only given another ("if X is true then Y").
func QuestionnaireOf(d *forms.Definition) *Questionnaire {
	q := &Questionnaire{
		ResourceType: "Questionnaire", ID: d.Kind + "-" + d.Version,
		Meta: &Meta{Profile: []string{SDC}},
		URL:  QuestionnaireURL(d.Kind), Version: d.Version,
		Name: name(d.Kind), Title: d.Title, Status: "active",
		SubjectType: []string{"Patient"}, Date: d.PublishedAt.UTC().Format(time.RFC3339),
		Publisher: "Consentry", Description: d.SignatureMeaning,
	}
	answers, qs := schemaOf(d), forms.Questions(d.Kind)
	if _, items, ok := forms.InstrumentItems(d.Kind); ok {
		q.Item = instrumentQuestions(items)
		for _, it := range objectQuestions(answers, "/answers", qs) {
			if it.LinkID != "/answers/items" {
				q.Item = append(q.Item, it)
			}
		}
		return q
	}
	q.Item = objectQuestions(answers, "/answers", qs)
	return q
}

// QuestionnaireID is the id of a form version's Questionnaire.
func QuestionnaireID(kind, version string) string { return kind + "-" + version }

// name is a computer-friendly name: PHQ9, KapConsent.
func name(kind string) string {
	var b strings.Builder
	for _, p := range strings.FieldsFunc(kind, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	return b.String()
}

// schemaOf is the form's answers schema as plain JSON values.
func schemaOf(d *forms.Definition) map[string]any {
	b, _ := json.Marshal(d.Schema())
	var s map[string]any
	_ = json.Unmarshal(b, &s)
	props, _ := s["properties"].(map[string]any)
	a, _ := props["answers"].(map[string]any)
	return a
}

func instrumentQuestions(items []forms.InstrumentItem) []QuestionnaireItem {
	out := make([]QuestionnaireItem, 0, len(items))
	for i, it := range items {
		qi := QuestionnaireItem{LinkID: "/answers/items/" + strconv.Itoa(i), Text: strconv.Itoa(i+1) + ". " + it.Text,
			Type: "choice", Required: ptr(true)}
		for v, o := range it.Options {
			qi.AnswerOption = append(qi.AnswerOption, AnswerOption{ValueCoding: &Coding{System: SystemAnswer, Code: strconv.Itoa(v), Display: o}})
		}
		out = append(out, qi)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func stringsOf(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// condition is when a question is asked: enableWhen, and whether it is
// then required.
type condition struct {
	when     EnableWhen
	required bool
}

// byForm sorts an object's members in the order the form asks them
// (forms.Questions), members it does not know last, by name.
func byForm(qs map[string]forms.Question, prefix string, keys []string) []string {
	order := func(k string) int {
		if q, ok := qs[prefix+"/"+k]; ok {
			return q.Order
		}
		return 1 << 30
	}
	sort.SliceStable(keys, func(i, j int) bool { return order(keys[i]) < order(keys[j]) })
	return keys
}

// objectQuestions are the items of an object schema's members.
func objectQuestions(s map[string]any, ptrPrefix string, qs map[string]forms.Question) []QuestionnaireItem {
	b := &build{conds: map[string]condition{}, qs: qs}
	collectConditions(s, ptrPrefix, b.conds)
	return objectItems(s, ptrPrefix, b)
}

// build is what building a Questionnaire's items reads: the conditions
// and the form's question order and labels.
type build struct {
	conds map[string]condition
	qs    map[string]forms.Question
}

func objectItems(s map[string]any, ptrPrefix string, b *build) []QuestionnaireItem {
	conds := b.conds
	props, _ := s["properties"].(map[string]any)
	required := map[string]bool{}
	for _, r := range stringsOf(s["required"]) {
		required[r] = true
	}
	var out []QuestionnaireItem
	for _, k := range byForm(b.qs, ptrPrefix, sortedKeys(props)) {
		ps, _ := props[k].(map[string]any)
		link := ptrPrefix + "/" + k
		it, ok := question(ps, link, k, b)
		if !ok {
			continue
		}
		if required[k] && (ps["type"] != "array" || minItems(ps) > 0) {
			// A list the form requires may still be empty ("an empty
			// list means none"): it needs an answer only with minItems.
			it.Required = ptr(true)
		} else if c, ok := conds[link]; ok {
			it.EnableWhen = []EnableWhen{c.when}
			if c.required {
				it.Required = ptr(true)
			}
		}
		out = append(out, it)
	}
	return out
}

func minItems(s map[string]any) int {
	n, _ := s["minItems"].(float64)
	return int(n)
}

// collectConditions reads the schema's rules of the form "if X is v then
// Y is required" (Y is asked, and required, only when X's answer is v)
// and "if X is v ... else Y must be absent" (Y is asked only when X is
// v), at any depth, by JSON pointer.
func collectConditions(s map[string]any, ptrPrefix string, out map[string]condition) {
	all, _ := s["allOf"].([]any)
	for _, x := range all {
		c, _ := x.(map[string]any)
		ifs, _ := c["if"].(map[string]any)
		q, v, ok := leafConst(ifs, ptrPrefix)
		if !ok {
			continue
		}
		ew := EnableWhen{Question: q, Operator: "="}
		switch t := v.(type) {
		case bool:
			ew.AnswerBoolean = ptr(t)
		case float64:
			ew.AnswerInteger = ptr(int(t))
		case string:
			ew.AnswerCoding = &Coding{System: SystemAnswer, Code: t}
		default:
			continue
		}
		then, _ := c["then"].(map[string]any)
		for _, y := range requiredPaths(then, ptrPrefix) {
			if _, dup := out[y]; !dup && y != q {
				out[y] = condition{when: ew, required: true}
			}
		}
		els, _ := c["else"].(map[string]any)
		not, _ := els["not"].(map[string]any)
		for _, y := range requiredPaths(not, ptrPrefix) {
			if _, dup := out[y]; !dup && y != q {
				out[y] = condition{when: ew}
			}
		}
	}
	props, _ := s["properties"].(map[string]any)
	for k, p := range props {
		ps, _ := p.(map[string]any)
		if items, ok := ps["items"].(map[string]any); ok {
			ps = items
		}
		collectConditions(ps, ptrPrefix+"/"+k, out)
	}
}

// leafConst is the one member an if-schema tests, as a pointer, with the
// constant it compares it to.
func leafConst(s map[string]any, ptrPrefix string) (string, any, bool) {
	props, _ := s["properties"].(map[string]any)
	if len(props) != 1 {
		return "", nil, false
	}
	for k, p := range props {
		ps, _ := p.(map[string]any)
		if v, ok := ps["const"]; ok {
			return ptrPrefix + "/" + k, v, true
		}
		return leafConst(ps, ptrPrefix+"/"+k)
	}
	return "", nil, false
}

// requiredPaths are the pointers a schema requires, at any depth.
func requiredPaths(s map[string]any, ptrPrefix string) []string {
	var out []string
	for _, r := range stringsOf(s["required"]) {
		out = append(out, ptrPrefix+"/"+r)
	}
	props, _ := s["properties"].(map[string]any)
	for _, k := range sortedKeys(props) {
		ps, _ := props[k].(map[string]any)
		out = append(out, requiredPaths(ps, ptrPrefix+"/"+k)...)
	}
	return out
}

// question is the item of one member's schema.
func question(s map[string]any, link, member string, b *build) (QuestionnaireItem, bool) {
	text, _ := s["description"].(string)
	if q, ok := b.qs[link]; ok && text == "" {
		text = q.Label
	}
	if text == "" {
		text = strings.ReplaceAll(member, "_", " ")
	}
	it := QuestionnaireItem{LinkID: link, Text: text}
	typ, _ := s["type"].(string)
	switch typ {
	case "object":
		it.Type = "group"
		it.Item = objectItems(s, link, b)
		if len(it.Item) == 0 {
			return it, false
		}
	case "array":
		elem, _ := s["items"].(map[string]any)
		inner, ok := question(elem, link, member, b)
		if !ok {
			return it, false
		}
		inner.Text, inner.Repeats = text, ptr(true)
		return inner, true
	default:
		it.Type = scalarType(s)
		if it.Type == "" {
			return it, false
		}
		for _, e := range stringsOf(s["enum"]) {
			it.AnswerOption = append(it.AnswerOption, AnswerOption{ValueCoding: &Coding{System: SystemAnswer, Code: e, Display: forms.AnswerWord(e)}})
		}
		if ml, ok := s["maxLength"].(float64); ok && it.Type == "string" {
			it.MaxLength = int(ml)
		}
	}
	return it, true
}

// scalarType is the item type of a scalar schema, or "" for none.
func scalarType(s map[string]any) string {
	typ, _ := s["type"].(string)
	switch {
	case len(stringsOf(s["enum"])) > 0:
		return "choice"
	case typ == "boolean":
		return "boolean"
	case typ == "integer":
		return "integer"
	case typ == "number":
		return "decimal"
	case typ == "string" && s["format"] == "date":
		return "date"
	case typ == "string" && s["format"] == "date-time":
		return "dateTime"
	case typ == "string":
		return "string"
	}
	return ""
}

// Answers are a record's answers as QuestionnaireResponse items, with the
// linkIds of its Questionnaire.
func Answers(d *forms.Definition, body []byte) []QRItem {
	var b struct {
		Answers map[string]any `json:"answers"`
	}
	_ = json.Unmarshal(body, &b)
	s, qs := schemaOf(d), forms.Questions(d.Kind)
	if _, items, ok := forms.InstrumentItems(d.Kind); ok {
		var out []QRItem
		vals, _ := b.Answers["items"].([]any)
		for i, v := range vals {
			f, ok := v.(float64)
			if !ok || i >= len(items) || int(f) < 0 || int(f) >= len(items[i].Options) {
				continue
			}
			out = append(out, QRItem{LinkID: "/answers/items/" + strconv.Itoa(i), Text: strconv.Itoa(i+1) + ". " + items[i].Text,
				Answer: []QRAnswer{{ValueCoding: &Coding{System: SystemAnswer, Code: strconv.Itoa(int(f)), Display: items[i].Options[int(f)]}}}})
		}
		delete(b.Answers, "items")
		return append(out, objectAnswers(s, b.Answers, "/answers", qs)...)
	}
	return objectAnswers(s, b.Answers, "/answers", qs)
}

func objectAnswers(s map[string]any, v map[string]any, prefix string, qs map[string]forms.Question) []QRItem {
	props, _ := s["properties"].(map[string]any)
	var out []QRItem
	for _, k := range byForm(qs, prefix, sortedKeys(props)) {
		x, present := v[k]
		if !present || x == nil {
			continue
		}
		ps, _ := props[k].(map[string]any)
		link := prefix + "/" + k
		typ, _ := ps["type"].(string)
		switch typ {
		case "object":
			m, _ := x.(map[string]any)
			if kids := objectAnswers(ps, m, link, qs); len(kids) > 0 {
				out = append(out, QRItem{LinkID: link, Item: kids})
			}
		case "array":
			elem, _ := ps["items"].(map[string]any)
			l, _ := x.([]any)
			if et, _ := elem["type"].(string); et == "object" {
				for _, e := range l {
					m, _ := e.(map[string]any)
					if kids := objectAnswers(elem, m, link, qs); len(kids) > 0 {
						out = append(out, QRItem{LinkID: link, Item: kids})
					}
				}
				continue
			}
			var as []QRAnswer
			for _, e := range l {
				if a, ok := answer(elem, e); ok {
					as = append(as, a)
				}
			}
			if len(as) > 0 {
				out = append(out, QRItem{LinkID: link, Answer: as})
			}
		default:
			if a, ok := answer(ps, x); ok {
				out = append(out, QRItem{LinkID: link, Answer: []QRAnswer{a}})
			}
		}
	}
	return out
}

func answer(s map[string]any, x any) (QRAnswer, bool) {
	switch scalarType(s) {
	case "choice":
		if v, ok := x.(string); ok {
			return QRAnswer{ValueCoding: &Coding{System: SystemAnswer, Code: v, Display: forms.AnswerWord(v)}}, true
		}
	case "boolean":
		if v, ok := x.(bool); ok {
			return QRAnswer{ValueBoolean: &v}, true
		}
	case "integer":
		if v, ok := x.(float64); ok {
			return QRAnswer{ValueInteger: ptr(int(v))}, true
		}
	case "decimal":
		if v, ok := x.(float64); ok {
			return QRAnswer{ValueDecimal: &v}, true
		}
	case "date":
		if v, ok := x.(string); ok {
			return QRAnswer{ValueDate: v}, true
		}
	case "dateTime":
		if v, ok := x.(string); ok {
			return QRAnswer{ValueDateTime: v}, true
		}
	case "string":
		if v, ok := x.(string); ok && v != "" {
			return QRAnswer{ValueString: &v}, true
		}
	}
	return QRAnswer{}, false
}
