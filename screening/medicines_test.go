package screening

import (
	"reflect"
	"strings"
	"testing"

	"github.com/consentry/consentry/forms"
)

// writtenMedicines are medicines as patients write them, each with the
// class it must be recognised as ("" for none: not a medicine the rules
// screen, or too far from one to be sure).
var writtenMedicines = []struct {
	text, class, generic string
}{
	// MAOIs
	{"Nardil", forms.ClassMAOI, "phenelzine"},
	{"nardil 15mg tid", forms.ClassMAOI, "phenelzine"},
	{"Phenelzine sulfate", forms.ClassMAOI, "phenelzine"},
	{"PARNATE", forms.ClassMAOI, "tranylcypromine"},
	{"tranylcypromine 10 mg", forms.ClassMAOI, "tranylcypromine"},
	{"Marplan", forms.ClassMAOI, "isocarboxazid"},
	{"Emsam patch 6mg/24h", forms.ClassMAOI, "selegiline"},
	{"selegeline", forms.ClassMAOI, "selegiline"},
	{"Eldepryl", forms.ClassMAOI, "selegiline"},
	{"Azilect 1 mg", forms.ClassMAOI, "rasagiline"},
	{"moclobemide (Manerix)", forms.ClassMAOI, "moclobemide"},
	{"Zyvox", forms.ClassMAOI, "linezolid"},
	{"methylene blue", forms.ClassMAOI, "methylene blue"},
	// Benzodiazepines
	{"Xanax 1 mg tid", forms.ClassBenzodiazepine, "alprazolam"},
	{"xanax XR", forms.ClassBenzodiazepine, "alprazolam"},
	{"Zanax", forms.ClassBenzodiazepine, "alprazolam"},
	{"alprazalam .5", forms.ClassBenzodiazepine, "alprazolam"},
	{"aprazolam", forms.ClassBenzodiazepine, "alprazolam"},
	{"Klonopin 0.5mg bid", forms.ClassBenzodiazepine, "clonazepam"},
	{"klonipin", forms.ClassBenzodiazepine, "clonazepam"},
	{"Clonopin", forms.ClassBenzodiazepine, "clonazepam"},
	{"Rivotril", forms.ClassBenzodiazepine, "clonazepam"},
	{"clonazapam", forms.ClassBenzodiazepine, "clonazepam"},
	{"Ativan 1mg prn", forms.ClassBenzodiazepine, "lorazepam"},
	{"atavan", forms.ClassBenzodiazepine, "lorazepam"},
	{"lorazepam", forms.ClassBenzodiazepine, "lorazepam"},
	{"Tavor", forms.ClassBenzodiazepine, "lorazepam"},
	{"Valium 5 mg", forms.ClassBenzodiazepine, "diazepam"},
	{"diazépam", forms.ClassBenzodiazepine, "diazepam"},
	{"Restoril 15mg at bedtime", forms.ClassBenzodiazepine, "temazepam"},
	{"Librium", forms.ClassBenzodiazepine, "chlordiazepoxide"},
	{"oxazepam", forms.ClassBenzodiazepine, "oxazepam"},
	{"Halcion", forms.ClassBenzodiazepine, "triazolam"},
	{"Onfi", forms.ClassBenzodiazepine, "clobazam"},
	{"Tranxene", forms.ClassBenzodiazepine, "clorazepate"},
	// Z-drugs and other CNS depressants
	{"Ambien 10mg qhs", forms.ClassCNSDepressant, "zolpidem"},
	{"ambian", forms.ClassCNSDepressant, "zolpidem"},
	{"Ambien CR", forms.ClassCNSDepressant, "zolpidem"},
	{"Stilnox", forms.ClassCNSDepressant, "zolpidem"},
	{"Lunesta 3 mg", forms.ClassCNSDepressant, "eszopiclone"},
	{"zopiclone", forms.ClassCNSDepressant, "zopiclone"},
	{"Imovane", forms.ClassCNSDepressant, "zopiclone"},
	{"Sonata", forms.ClassCNSDepressant, "zaleplon"},
	{"Neurontin 300", forms.ClassCNSDepressant, "gabapentin"},
	{"gabapenten", forms.ClassCNSDepressant, "gabapentin"},
	{"Lyrica", forms.ClassCNSDepressant, "pregabalin"},
	{"soma", forms.ClassCNSDepressant, "carisoprodol"},
	{"Flexeril", forms.ClassCNSDepressant, "cyclobenzaprine"},
	{"baclofen 10mg", forms.ClassCNSDepressant, "baclofen"},
	{"Benadryl", forms.ClassCNSDepressant, "diphenhydramine"},
	{"Tylenol PM", forms.ClassCNSDepressant, "diphenhydramine"},
	{"ZzzQuil", forms.ClassCNSDepressant, "diphenhydramine"},
	{"hydroxyzine 25", forms.ClassCNSDepressant, "hydroxyzine"},
	{"Phenergan", forms.ClassCNSDepressant, "promethazine"},
	{"Fioricet", forms.ClassCNSDepressant, "butalbital"},
	{"phenobarbital", forms.ClassCNSDepressant, "phenobarbital"},
	{"Belsomra", forms.ClassCNSDepressant, "suvorexant"},
	// Lamotrigine
	{"Lamictal", forms.ClassLamotrigine, "lamotrigine"},
	{"Lamictal XR 200mg", forms.ClassLamotrigine, "lamotrigine"},
	{"lamotrigene", forms.ClassLamotrigine, "lamotrigine"},
	{"lamotrigine 100 mg bid", forms.ClassLamotrigine, "lamotrigine"},
	{"Subvenite", forms.ClassLamotrigine, "lamotrigine"},
	{"LAMOTRIGINE", forms.ClassLamotrigine, "lamotrigine"},
	{"lamictel", forms.ClassLamotrigine, "lamotrigine"},
	// Stimulants
	{"Adderall 20 mg", forms.ClassStimulant, "amphetamine"},
	{"adderal", forms.ClassStimulant, "amphetamine"},
	{"Adderall XR", forms.ClassStimulant, "amphetamine"},
	{"amphetamine salts", forms.ClassStimulant, "amphetamine"},
	{"Vyvanse 30mg", forms.ClassStimulant, "lisdexamfetamine"},
	{"vivanse", forms.ClassStimulant, "lisdexamfetamine"},
	{"Elvanse", forms.ClassStimulant, "lisdexamfetamine"},
	{"Ritalin", forms.ClassStimulant, "methylphenidate"},
	{"Concerta 36 mg", forms.ClassStimulant, "methylphenidate"},
	{"methylphenidate ER", forms.ClassStimulant, "methylphenidate"},
	{"Focalin XR", forms.ClassStimulant, "dexmethylphenidate"},
	{"dexedrine", forms.ClassStimulant, "dextroamphetamine"},
	{"Modafinil 100mg", forms.ClassStimulant, "modafinil"},
	{"Provigil", forms.ClassStimulant, "modafinil"},
	{"Nuvigil", forms.ClassStimulant, "armodafinil"},
	{"Desoxyn", forms.ClassStimulant, "methamphetamine"},
	{"phentermine", forms.ClassStimulant, "phentermine"},
	{"Adipex-P", forms.ClassStimulant, "phentermine"},
	// Opioids
	{"OxyContin 20mg q12h", forms.ClassOpioid, "oxycodone"},
	{"Percocet 5/325", forms.ClassOpioid, "oxycodone"},
	{"percoset", forms.ClassOpioid, "oxycodone"},
	{"oxycodone", forms.ClassOpioid, "oxycodone"},
	{"Norco 10/325", forms.ClassOpioid, "hydrocodone"},
	{"Vicodin", forms.ClassOpioid, "hydrocodone"},
	{"hydrocodone bitartrate", forms.ClassOpioid, "hydrocodone"},
	{"tramadol 50 mg prn", forms.ClassOpioid, "tramadol"},
	{"Ultram", forms.ClassOpioid, "tramadol"},
	{"Suboxone 8/2 film", forms.ClassOpioid, "buprenorphine"},
	{"Subutex", forms.ClassOpioid, "buprenorphine"},
	{"Sublocade monthly", forms.ClassOpioid, "buprenorphine"},
	{"Butrans patch", forms.ClassOpioid, "buprenorphine"},
	{"methadone 80mg", forms.ClassOpioid, "methadone"},
	{"Methadose", forms.ClassOpioid, "methadone"},
	{"morphine ER", forms.ClassOpioid, "morphine"},
	{"MS Contin", forms.ClassOpioid, "morphine"},
	{"fentanyl patch 25 mcg/h", forms.ClassOpioid, "fentanyl"},
	{"Duragesic", forms.ClassOpioid, "fentanyl"},
	{"Dilaudid", forms.ClassOpioid, "hydromorphone"},
	{"Tylenol #3", forms.ClassOpioid, "codeine"},
	{"Tylenol with codeine", forms.ClassOpioid, "codeine"},
	{"co-codamol 30/500", forms.ClassOpioid, "codeine"},
	{"codiene", forms.ClassOpioid, "codeine"},
	{"Nucynta", forms.ClassOpioid, "tapentadol"},
	{"Demerol", forms.ClassOpioid, "meperidine"},
	{"Tramal", forms.ClassOpioid, "tramadol"},
	{"kratom", forms.ClassOpioid, "kratom"},
	// Opioid antagonists
	{"naltrexone 50", forms.ClassOpioidAntagonist, "naltrexone"},
	{"Vivitrol injection", forms.ClassOpioidAntagonist, "naltrexone"},
	{"Contrave", forms.ClassOpioidAntagonist, "naltrexone"},
	{"Selincro", forms.ClassOpioidAntagonist, "nalmefene"},
	// Not screened, or too near another name to be sure
	{"sertraline 100mg", "", ""},
	{"Zoloft", "", ""},
	{"Lexapro", "", ""},
	{"Celexa", "", ""},
	{"Wellbutrin XL", "", ""},
	{"Strattera", "", ""},
	{"Seroquel 25 mg", "", ""},
	{"trazodone 50 qhs", "", ""},
	{"clonidine", "", ""},
	{"oxcarbazepine", "", ""},
	{"carbamazepine", "", ""},
	{"Lamisil", "", ""},
	{"lamivudine", "", ""},
	{"Lasix", "", ""},
	{"Zantac", "", ""},
	{"Tylenol", "", ""},
	{"ibuprofen 400", "", ""},
	{"Narcan", "", ""},
	{"metoprolol", "", ""},
	{"levothyroxine 50 mcg", "", ""},
	{"lithium", "", ""},
	{"vitamin D", "", ""},
	{"mg", "", ""},
	{"Xanix", "", ""}, // short: matched only as written in the table
	{"", "", ""},
}

func TestIdentifyMedicineAsPatientsWriteThem(t *testing.T) {
	if len(writtenMedicines) < 100 {
		t.Fatalf("%d written medicines, want at least 100", len(writtenMedicines))
	}
	for _, tt := range writtenMedicines {
		m, ok := IdentifyMedicine(tt.text)
		if ok != (tt.class != "") || m.Class != tt.class || m.Generic != tt.generic {
			t.Errorf("%q: %s %q (matched %q, distance %d), want %s %q", tt.text, m.Class, m.Generic, m.Matched, m.Distance, tt.class, tt.generic)
		}
		if ok && m.Source == "" {
			t.Errorf("%q: no source", tt.text)
		}
	}
}

// TestMedicineTable checks the table itself: every entry has a class the
// rules read and a source; no name belongs to two medicines; every
// benzodiazepine has its diazepam equivalence and is allowed in the
// benzodiazepines list; every medicine DOMAIN §8 names is there.
func TestMedicineTable(t *testing.T) {
	classes := map[string]bool{forms.ClassMAOI: true, forms.ClassBenzodiazepine: true, forms.ClassStimulant: true, forms.ClassOpioid: true,
		forms.ClassCNSDepressant: true, forms.ClassLamotrigine: true, forms.ClassOpioidAntagonist: true}
	owner := map[string]string{}
	for _, m := range Medicines() {
		if !classes[m.Class] {
			t.Errorf("%s: class %q is not one the rules read", m.Generic, m.Class)
		}
		if !strings.Contains(m.Source, "RxNorm") && !strings.Contains(m.Source, "label") && !strings.Contains(m.Source, "INN") && !strings.Contains(m.Source, "FDA") {
			t.Errorf("%s: source %q cites neither RxNorm nor a label", m.Generic, m.Source)
		}
		for _, n := range append(append([]string{m.Generic}, m.Names...), m.Misspellings...) {
			key := strings.Join(nameWords(n), " ")
			if o, ok := owner[key]; ok && o != m.Generic {
				t.Errorf("%q is a name of both %s and %s", n, o, m.Generic)
			}
			owner[key] = m.Generic
		}
		if m.Class == forms.ClassBenzodiazepine {
			if _, ok := diazepam10mgEquivalent[m.Generic]; !ok {
				t.Errorf("%s: benzodiazepine without a diazepam equivalence", m.Generic)
			}
			if !strings.Contains(" "+benzodiazepineOneOf+" ", " "+m.Generic+" ") {
				t.Errorf("%s: not allowed in the benzodiazepines list", m.Generic)
			}
		}
	}
	for drug := range diazepam10mgEquivalent {
		if owner[drug] != drug {
			t.Errorf("%s: in the equivalence table, not in the medicine table", drug)
		}
	}
	for _, n := range []string{"phenelzine", "nardil", "parnate", "marplan", "emsam", "eldepryl", "azilect", "linezolid", "methylene blue",
		"xanax", "klonopin", "ativan", "valium", "restoril", "librium", "oxazepam", "ambien", "lunesta",
		"lamictal", "lamictal xr", "subvenite", "adderall", "vyvanse", "ritalin", "concerta", "focalin", "modafinil",
		"oxycontin", "percocet", "norco", "vicodin", "tramadol", "suboxone", "subutex", "methadone", "morphine", "fentanyl"} {
		if _, ok := owner[n]; !ok {
			t.Errorf("DOMAIN §8 names %q; the table does not", n)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"klonopin", "klonipin", 1}, {"alprazolam", "alprazalam", 1}, {"lorazepam", "lorazpeam", 1}, {"clonazepam", "lorazepam", 2}, {"abc", "abc", 0}} {
		if got := editDistance(tt.a, tt.b, 3); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestMedicinesByNameVignettes: the patients. A medicine under the
// wrong heading is flagged under its real class, naming the class the
// patient picked; a benzodiazepine among the other medicines counts
// towards the dose; a benzodiazepine started since the last visit is
// screened with its dose.
func TestMedicinesByNameVignettes(t *testing.T) {
	m := func(name, class string, dose float64, freq string) map[string]any {
		return map[string]any{"name": name, "class": class, "dose": dose, "unit": "mg", "frequency": freq}
	}
	benzo := func(drug string, mg float64, perDay int) map[string]any {
		return map[string]any{"drug": drug, "mg_per_dose": mg, "doses_per_day": perDay, "as_needed": false}
	}
	for _, tt := range []struct {
		name      string
		history   func(map[string]any)
		checklist func(map[string]any)
		want      []string
		message   map[string]string
	}{
		{name: "Nardil under antidepressant", history: set([]any{m("Nardil", "antidepressant", 15, "three-times-daily")}, "medications", "other"),
			want: []string{"maoi-or-stimulant"}, message: map[string]string{"maoi-or-stimulant": "Nardil (phenelzine, maoi; entered as antidepressant)"}},
		{name: "Xanax 1 mg three times a day under other medicines", history: set([]any{m("Xanax 1 mg tid", "other", 1, "three-times-daily")}, "medications", "other"),
			want:    []string{"benzodiazepine-dose", "opioid-or-cns-depressant"},
			message: map[string]string{"benzodiazepine-dose": "60.0 mg diazepam-equivalent a day", "opioid-or-cns-depressant": "entered as other"}},
		{name: "Lamictal under anticonvulsant", history: set([]any{m("Lamictal", "anticonvulsant", 100, "twice-daily")}, "medications", "other"),
			want: []string{"lamotrigine"}, message: map[string]string{"lamotrigine": "Lamictal (lamotrigine, lamotrigine; entered as anticonvulsant)"}},
		{name: "an unrecognised name keeps the class picked", history: set([]any{m("my sleeping pill", "cns-depressant", 5, "as-needed")}, "medications", "other"),
			want: []string{"opioid-or-cns-depressant"}},
		{name: "a benzodiazepine started since the last visit, with its dose",
			checklist: set([]any{benzo("clonazepam", 1, 2)}, "new_benzodiazepines"),
			want:      []string{"new-medication", "new-benzodiazepine-dose"}, message: map[string]string{"new-benzodiazepine-dose": "40.0 mg"}},
		{name: "Ativan under other new medicines, 0.5 mg once",
			checklist: set([]any{m("Ativan", "other", 0.5, "once-daily")}, "new_medications"),
			want:      []string{"new-medication"}, message: map[string]string{"new-medication": "Ativan (lorazepam, benzodiazepine; entered as other)"}},
		{name: "a changed dose replaces the history's",
			history:   set([]any{benzo("diazepam", 5, 1)}, "medications", "benzodiazepines"),
			checklist: set([]any{benzo("diazepam", 2, 1)}, "new_benzodiazepines"),
			want:      []string{"new-medication", "opioid-or-cns-depressant"}},
		{name: "a new benzodiazepine adds to the history's",
			history:   set([]any{benzo("diazepam", 5, 1)}, "medications", "benzodiazepines"),
			checklist: set([]any{m("Xanax", "other", 0.25, "once-daily")}, "new_medications"),
			want:      []string{"new-medication", "opioid-or-cns-depressant", "new-benzodiazepine-dose"}, message: map[string]string{"new-benzodiazepine-dose": "10.0 mg"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := vignette{sex: "female", birthDate: "1990-01-01", history: tt.history, checklist: tt.checklist}
			scr := DefaultScreener().Screen(Patient{Sex: v.sex, BirthDate: v.birthDate}, vignetteNow, vignetteRecords(t, v))
			want := append([]string{}, tt.want...)
			sortStrings(want)
			if got := ruleIDs(scr.Flags); !reflect.DeepEqual(got, want) {
				t.Errorf("rules %v, want %v", got, want)
			}
			for _, f := range scr.Flags {
				if s, ok := tt.message[f.Rule]; ok && !strings.Contains(f.Message, s) {
					t.Errorf("%s: %q does not say %q", f.Rule, f.Message, s)
				}
			}
		})
	}
}
