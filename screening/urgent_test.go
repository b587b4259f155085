package screening

import (
	"testing"
)

// TestUrgentFlagsOutliveNewerRecords: the latest screening no longer
// shows an item 9 that a newer follow-up answered 0, but UrgentFlags still
// names it, with its record, until a clinician acknowledges it.
func TestUrgentFlagsOutliveNewerRecords(t *testing.T) {
	v := vignette{sex: "female", birthDate: "1995-01-01", phq9: []any{2, 2, 1, 1, 1, 1, 1, 0, 1},
		history: set("past-month", "psychiatric", "suicidal_thoughts")}
	recs := vignetteRecords(t, v)
	sc := DefaultScreener()
	pt := Patient{Sex: v.sex, BirthDate: v.birthDate}
	for _, f := range sc.Screen(pt, vignetteNow, recs).Flags {
		if f.Rule == "phq9-item9" {
			t.Fatal("the latest screening still shows the superseded item 9")
		}
	}
	got := map[string]string{}
	for _, f := range sc.UrgentFlags(pt, vignetteNow, recs) {
		if !f.Urgent || f.At == nil {
			t.Errorf("%s: urgent %v at %v", f.Rule, f.Urgent, f.At)
		}
		got[f.Rule] = f.Form
	}
	if len(got) != 2 || got["phq9-item9"] != "phq-9" || got["suicidality-recent"] != "medical-history" {
		t.Errorf("urgent flags %v", got)
	}
}
