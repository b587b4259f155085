package screening

import (
	"strings"
	"sync"
	"unicode"

	"github.com/consentry/consentry/forms"
)

// MedicineMatch is what a medicine's written name was recognised as.
type MedicineMatch struct {
	Generic string `json:"generic"`
	Class   string `json:"class"`
	// Matched is the table's name the text matched ("xanax").
	Matched string `json:"matched"`
	// Distance is the edit distance of a misspelling matched by
	// distance, 0 for an exact name.
	Distance int    `json:"distance"`
	Source   string `json:"source"`
}

// nameEntry is one name of the table, as words.
type nameEntry struct {
	words []string
	med   *Medicine
	name  string
}

// medicineIndex is the table's names, by their first word.
type medicineIndex struct {
	byFirst map[string][]nameEntry
	// single are the one-word names, for the edit-distance match.
	single []nameEntry
}

var medicineNames = sync.OnceValue(func() *medicineIndex {
	ix := &medicineIndex{byFirst: map[string][]nameEntry{}}
	for i := range medicines {
		m := &medicines[i]
		add := func(name string, fuzzy bool) {
			words := nameWords(name)
			e := nameEntry{words: words, med: m, name: strings.Join(words, " ")}
			ix.byFirst[words[0]] = append(ix.byFirst[words[0]], e)
			if fuzzy && len(words) == 1 {
				ix.single = append(ix.single, e)
			}
		}
		add(m.Generic, true)
		for _, n := range m.Names {
			add(n, true)
		}
		for _, n := range m.Misspellings {
			add(n, false)
		}
	}
	return ix
})

// Medicines returns the table of medicines screening recognises by name.
func Medicines() []Medicine { return append([]Medicine(nil), medicines...) }

// nameWords splits a written medicine into lower-case words of letters and
// digits: case, accents, punctuation and spacing do not matter
// ("Adipex-P" is "adipex p", "LAMICTAL  XR" is "lamictal xr").
func nameWords(s string) []string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			continue
		}
		if f, ok := foldAccent[r]; ok {
			b.WriteRune(f)
			continue
		}
		if unicode.IsLetter(r) {
			b.WriteRune(r)
			continue
		}
		b.WriteByte(' ')
	}
	return strings.Fields(b.String())
}

// foldAccent folds the accented Latin letters medicine names are written
// with ("Rivotril®" has none; "clonazépam", "diazépam" have).
var foldAccent = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a', 'ç': 'c', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ñ': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'ø': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y',
}

// Minimum lengths of the edit-distance match: a word shorter than
// fuzzyMinLen is matched exactly or not at all (short names collide:
// Xanax and Zantac, Soma and Sonata), one of fuzzyMinLen letters or more
// may be one edit away, and one of fuzzy2MinLen or more two edits away.
// The first letter must be the same: the misspellings with another first
// letter ("zanax", "clonopin") are in the table.
const (
	fuzzyMinLen  = 7
	fuzzy2MinLen = 10
)

// IdentifyMedicine recognises the medicine a patient wrote, in any case
// and spacing, with dose text ("Xanax 1 mg tid", "Lamictal XR 200mg")
// and common misspellings, and returns what it is. The longest name
// found wins (so "Tylenol PM" is diphenhydramine and "Tylenol" alone is
// nothing), an exact name before a misspelling; a misspelling as near to
// two different medicines is not recognised.
func IdentifyMedicine(text string) (MedicineMatch, bool) {
	ix := medicineNames()
	words := nameWords(text)
	var best *nameEntry
	for i, w := range words {
		for j, e := range ix.byFirst[w] {
			if i+len(e.words) > len(words) || !wordsAt(words, i, e.words) {
				continue
			}
			if best == nil || len(e.words) > len(best.words) {
				best = &ix.byFirst[w][j]
			}
		}
	}
	if best != nil {
		return matchOf(best, 0), true
	}
	var (
		near  *nameEntry
		dist  = 3
		clash bool
	)
	for _, w := range words {
		if len(w) < fuzzyMinLen || !isLetters(w) {
			continue
		}
		for j := range ix.single {
			e := &ix.single[j]
			n := e.words[0]
			if len(n) < fuzzyMinLen || n[0] != w[0] {
				continue
			}
			limit := 1
			if len(n) >= fuzzy2MinLen && len(w) >= fuzzy2MinLen {
				limit = 2
			}
			d := editDistance(w, n, limit)
			if d > limit {
				continue
			}
			switch {
			case d < dist:
				near, dist, clash = e, d, false
			case d == dist && near.med != e.med:
				clash = true
			}
		}
	}
	if near == nil || clash {
		return MedicineMatch{}, false
	}
	return matchOf(near, dist), true
}

func matchOf(e *nameEntry, d int) MedicineMatch {
	return MedicineMatch{Generic: e.med.Generic, Class: e.med.Class, Matched: e.name, Distance: d, Source: e.med.Source}
}

func wordsAt(words []string, i int, name []string) bool {
	for k, n := range name {
		if words[i+k] != n {
			return false
		}
	}
	return true
}

func isLetters(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// editDistance is the optimal-string-alignment distance of a and b
// (insertions, deletions, substitutions and swaps of neighbours), or
// more than limit once it must be.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// takenMedicine is one medicine a patient listed, with the class the
// rules read: the table's when its name is recognised, else the class
// the patient picked.
type takenMedicine struct {
	forms.Medication
	// Entered is the class the patient picked.
	Entered string
	// Match is what the name was recognised as, if it was.
	Match *MedicineMatch
}

// resolveMedications recognises each listed medicine by name.
func resolveMedications(ms []forms.Medication) []takenMedicine {
	out := make([]takenMedicine, 0, len(ms))
	for _, m := range ms {
		t := takenMedicine{Medication: m, Entered: m.Class}
		if mm, ok := IdentifyMedicine(m.Name); ok {
			t.Match = &mm
			t.Class = mm.Class
		}
		out = append(out, t)
	}
	return out
}

// label is how a flag names the medicine: as written, with what it was
// recognised as, and the class the patient picked when that was another
// ("Nardil 15 mg (phenelzine, maoi; entered as antidepressant)").
func (t takenMedicine) label() string {
	if t.Match == nil {
		return t.Name
	}
	var what []string
	if strings.Join(nameWords(t.Name), " ") != t.Match.Generic {
		what = append(what, t.Match.Generic)
	}
	if t.Entered != t.Class {
		what = append(what, t.Class+"; entered as "+t.Entered)
	}
	if len(what) == 0 {
		return t.Name
	}
	return t.Name + " (" + strings.Join(what, ", ") + ")"
}

// benzodiazepine returns the listed medicine as a benzodiazepine dose
// when its name is a benzodiazepine of the equivalence table and its dose
// is in a weight: mg per dose from the dose and unit, and doses a day
// from the frequency (a medicine taken less than daily, or as needed,
// counts at one dose: on a day it is taken).
func (t takenMedicine) benzodiazepine() (forms.BenzodiazepineDose, bool) {
	if t.Match == nil || t.Class != forms.ClassBenzodiazepine || t.Dose == nil {
		return forms.BenzodiazepineDose{}, false
	}
	if _, ok := diazepam10mgEquivalent[t.Match.Generic]; !ok {
		return forms.BenzodiazepineDose{}, false
	}
	mg := *t.Dose
	switch t.Unit {
	case "mg":
	case "mcg":
		mg /= 1000
	case "g":
		mg *= 1000
	default:
		return forms.BenzodiazepineDose{}, false
	}
	perDay := map[string]int{"twice-daily": 2, "three-times-daily": 3, "four-times-daily": 4}[t.Frequency]
	if perDay == 0 {
		perDay = 1
	}
	asNeeded := t.Frequency == "as-needed"
	return forms.BenzodiazepineDose{Drug: t.Match.Generic, MgPerDose: &mg, DosesPerDay: &perDay, AsNeeded: &asNeeded}, true
}

// ofClass returns the labels of the medicines of the classes.
func ofClass(ms []takenMedicine, classes ...string) []string {
	var out []string
	for _, m := range ms {
		for _, c := range classes {
			if m.Class == c {
				out = append(out, m.label())
				break
			}
		}
	}
	return out
}

// benzodiazepineDoses returns the benzodiazepines of a medicines list
// (the benzodiazepines list's, then those recognised among the others).
func benzodiazepineDoses(listed []forms.BenzodiazepineDose, others []takenMedicine) []forms.BenzodiazepineDose {
	out := append([]forms.BenzodiazepineDose(nil), listed...)
	for _, m := range others {
		if b, ok := m.benzodiazepine(); ok {
			out = append(out, b)
		}
	}
	return out
}
