package forms

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidItems is returned by the Score functions for an answer vector
// of the wrong length or with an item out of range.
var ErrInvalidItems = errors.New("forms: invalid instrument items")

// instrument is a standard questionnaire's published wording: the stem,
// the items in order and the response options with their scores (the
// option's index is its score).
type instrument struct {
	kind, title, stem string
	// short is the instrument's usual short name, e.g. "PHQ-9".
	short       string
	options     []string
	items       []instrumentItem
	notes       []string // further instructions, e.g. what a drink is
	closing     []string // text after the questions, e.g. PHQ-9's difficulty item
	attribution string
}

// instrumentItem is one question; options overrides the instrument's.
type instrumentItem struct {
	text    string
	options []string
}

// definition builds the catalogue definition of an instrument: the
// instructions with the response options, the questions, and the
// attribution its licence asks for.
func (in instrument) definition() Definition {
	var instr []string
	instr = append(instr, in.stem)
	if len(in.options) > 0 {
		instr = append(instr, "Answer each question with one of: "+optionList(in.options)+".")
	}
	instr = append(instr, in.notes...)
	var qs []string
	for i, it := range in.items {
		q := fmt.Sprintf("%d. %s", i+1, it.text)
		if len(it.options) > 0 {
			q += " Answers: " + optionList(it.options) + "."
		}
		qs = append(qs, q)
	}
	qs = append(qs, in.closing...)
	return Definition{
		Kind: in.kind, Version: "2026-11", Title: in.title,
		Signers:          []string{SignerPatient},
		SignatureMeaning: "I confirm that these answers are my own",
		Sections: []Section{
			{ID: "instructions", Title: "Instructions", Text: strings.Join(instr, "\n\n")},
			{ID: "questions", Title: "Questions", Text: strings.Join(qs, "\n\n")},
			{ID: "about", Title: "About this questionnaire", Text: in.attribution},
		},
		Attestation:       "These are my own answers. I understand that my care team will read them, and that I can talk with them about any question.",
		RecordsDisclosure: patientRecordsDisclosure("this questionnaire"),
		PublishedAt:       time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}

// itemLines lists answers to the instrument's items: each item's number,
// wording, own options when it has them, the answer's published wording
// and its value. An item left out (which validation refuses) reads "Not
// answered".
func (in instrument) itemLines(ptr string, items []*int) []AnswerLine {
	out := make([]AnswerLine, len(in.items))
	for i, it := range in.items {
		opts := in.options
		l := AnswerLine{Pointer: ptr + Pointer("items", strconv.Itoa(i)), Instrument: in.short,
			Item: strconv.Itoa(i + 1), Label: it.text, Value: "Not answered"}
		if len(it.options) > 0 {
			opts = it.options
			l.Options = optionList(it.options)
		}
		if i < len(items) && items[i] != nil {
			v := *items[i]
			l.Points = strconv.Itoa(v)
			if v >= 0 && v < len(opts) {
				l.Value = opts[v]
			}
		}
		out[i] = l
	}
	return out
}

// optionList writes options with their scores: "0 Not at all, 1 Several
// days".
func optionList(opts []string) string {
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = fmt.Sprintf("%d %s", i, o)
	}
	return strings.Join(parts, ", ")
}

// checkItems checks an answer vector for the Score functions: n items,
// each 0..max.
func checkItems(items []int, n, max int) error {
	if len(items) != n {
		return fmt.Errorf("%w: %d items, want %d", ErrInvalidItems, len(items), n)
	}
	for i, v := range items {
		if v < 0 || v > max {
			return fmt.Errorf("%w: item %d is %d, want 0 to %d", ErrInvalidItems, i+1, v, max)
		}
	}
	return nil
}

// values returns the items of valid answers as ints. Missing items (which
// validation reports) count as 0.
func values(items []*int) []int {
	out := make([]int, len(items))
	for i, v := range items {
		if v != nil {
			out[i] = *v
		}
	}
	return out
}

func sum(items []int) int {
	t := 0
	for _, v := range items {
		t += v
	}
	return t
}

// band is one severity band of a total: totals from Min up to the next
// band's Min.
type band struct {
	min  int
	name string
}

// bandOf returns the name of the band total falls in; bands are ordered by
// min, the first at 0.
func bandOf(bands []band, total int) string {
	name := bands[0].name
	for _, b := range bands {
		if total >= b.min {
			name = b.name
		}
	}
	return name
}

// instruments are the standard instruments by kind.
var instruments = map[string]*instrument{KindPHQ9: &phq9, KindGAD7: &gad7, KindPCL5: &pcl5, KindAUDITC: &auditc}

// ItemsSection returns the id of an instrument definition's section that
// lists its questions, when that section's text is exactly the
// instrument's published items (with their own options and any closing
// question), so that a record may print it as the table of answers
// (AnswerLines), which carries every word of it. It returns "" for any
// other definition, or a version whose questions were reworded.
func ItemsSection(d *Definition) string {
	in, ok := instruments[d.Kind]
	if !ok {
		return ""
	}
	def := in.definition()
	want, _ := def.Section("questions")
	got, ok := d.Section("questions")
	if !ok || got.Text != want.Text {
		return ""
	}
	return got.ID
}

// InstrumentItem is one item of a standard instrument as published: its
// wording and its answer options in order (an option's index is its
// value).
type InstrumentItem struct {
	Text    string
	Options []string
}

// InstrumentItems returns the items of a standard instrument kind
// (PHQ-9, GAD-7, PCL-5, AUDIT-C) with their answer options, and its
// short name; ok is false for any other kind.
func InstrumentItems(kind string) (short string, items []InstrumentItem, ok bool) {
	in, ok := map[string]instrument{KindPHQ9: phq9, KindGAD7: gad7, KindPCL5: pcl5, KindAUDITC: auditc}[kind]
	if !ok {
		return "", nil, false
	}
	for _, it := range in.items {
		opts := in.options
		if len(it.options) > 0 {
			opts = it.options
		}
		items = append(items, InstrumentItem{Text: it.text, Options: opts})
	}
	return in.short, items, true
}
