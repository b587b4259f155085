package screening

import (
	"math"

	"github.com/consentry/consentry/forms"
)

// diazepam10mgEquivalent is the dose in mg of each benzodiazepine taken as
// equivalent to 10 mg of oral diazepam, from the Ashton Manual
// (C. H. Ashton, "Benzodiazepines: How They Work and How to Withdraw",
// 2002, Table 1; the same figures as Ashton's Benzodiazepine Equivalence
// Table, revised April 2007). Where Ashton gives a range (estazolam 1-2,
// flurazepam 15-30) the lower figure is used: it counts the drug as more
// potent, so the review flag comes earlier, not later.
//
// Equivalences are approximate and differ between references: the
// VA/DoD SUD guideline (2021) uses lorazepam 2, clonazepam 1, alprazolam 1,
// temazepam 15 and oxazepam 30 for 10 mg diazepam. Z-drugs are not
// benzodiazepines here; list them as other CNS depressants.
var diazepam10mgEquivalent = map[string]float64{
	"alprazolam":       0.5,
	"chlordiazepoxide": 25,
	"clobazam":         20,
	"clonazepam":       0.5,
	"clorazepate":      15,
	"diazepam":         10,
	"estazolam":        1,
	"flurazepam":       15,
	"lorazepam":        1,
	"oxazepam":         20,
	"quazepam":         20,
	"temazepam":        20,
	"triazolam":        0.5,
}

// benzodiazepineOneOf lists the drugs of diazepam10mgEquivalent for the
// validate tag; a test keeps the two the same.
const benzodiazepineOneOf = "alprazolam chlordiazepoxide clobazam clonazepam clorazepate diazepam estazolam flurazepam lorazepam oxazepam quazepam temazepam triazolam"

// DiazepamEquivalentMg returns the diazepam-equivalent of mg milligrams of
// a benzodiazepine, and false for a drug not in the table.
func DiazepamEquivalentMg(drug string, mg float64) (float64, bool) {
	eq, ok := diazepam10mgEquivalent[drug]
	if !ok {
		return 0, false
	}
	return mg * 10 / eq, true
}

// DailyDiazepamEquivalentMg is the total diazepam-equivalent of a list of
// benzodiazepines a day: mg per dose times doses a day, summed, rounded to
// 0.1 mg. An as-needed drug counts at its stated doses a day, that is on a
// day it is taken.
func DailyDiazepamEquivalentMg(doses []forms.BenzodiazepineDose) float64 {
	total := 0.0
	for _, d := range doses {
		if d.MgPerDose == nil || d.DosesPerDay == nil {
			continue
		}
		eq, _ := DiazepamEquivalentMg(d.Drug, *d.MgPerDose*float64(*d.DosesPerDay))
		total += eq
	}
	return math.Round(total*10) / 10
}
