package screening

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"

	"github.com/consentry/consentry/forms/formstest"
)

// answered parses answers of a kind into an Answered record.
func answered(t *testing.T, id, kind string, at time.Time, answers map[string]any) Answered {
	t.Helper()
	b := formstest.Body(t, kind)
	b["answers"] = answers
	sub, err := forms.Builtin().ParseSubmission(forms.NewValidator(), formstest.JSON(t, b))
	if err != nil {
		t.Fatalf("%s refused: %v", kind, pointers(err))
	}
	return Answered{SubmissionID: id, Form: kind, At: at, Answers: sub.Answers}
}

func phq9Of(items ...any) map[string]any { return map[string]any{"items": items} }

func TestScreenReadsTheLatestRecords(t *testing.T) {
	t0 := formstest.Date("2026-11-01")
	day := 24 * time.Hour
	oldHistory := formstest.History()
	formstest.At(oldHistory, "psychiatric")["psychosis"] = "now"
	newHistory := formstest.History()
	formstest.At(newHistory, "medical")["seizures"] = true
	recs := []Answered{
		// Out of order on purpose.
		answered(t, "h2", forms.KindMedicalHistory, t0.Add(3*day), newHistory),
		answered(t, "h1", forms.KindMedicalHistory, t0, oldHistory),
		answered(t, "p1", forms.KindPHQ9, t0.Add(day), phq9Of(3, 3, 3, 3, 3, 2, 2, 1, 2)),
		answered(t, "p2", forms.KindPHQ9, t0.Add(10*day), phq9Of(1, 1, 1, 1, 0, 0, 0, 0, 0)),
	}
	got := DefaultScreener().Screen(Patient{Sex: "female", BirthDate: "1990-01-01"}, t0.Add(11*day), recs)
	if ids := ruleIDs(got.Flags); !reflect.DeepEqual(ids, []string{"seizure-disorder"}) {
		t.Fatalf("flags %v, want only the newer history's seizure-disorder", ids)
	}
	if f := got.Flags[0]; f.SubmissionID != "h2" || f.Form != forms.KindMedicalHistory || f.At == nil || !f.At.Equal(t0.Add(3*day)) {
		t.Errorf("flag points at %s %s %v, want h2", f.Form, f.SubmissionID, f.At)
	}
	if got.Scores[forms.KindPHQ9]["total"] != 4 {
		t.Errorf("latest PHQ-9 scores %v, want total 4", got.Scores[forms.KindPHQ9])
	}
	tr := got.PHQ9
	if tr == nil || tr.Baseline.SubmissionID != "p1" || tr.Latest.SubmissionID != "p2" || tr.Baseline.Total != 22 || tr.Change != -18 || !tr.Response || !tr.Remission {
		t.Errorf("PHQ-9 trend %+v", tr)
	}
	if got.GAD7 != nil {
		t.Errorf("GAD-7 trend %+v without any GAD-7", got.GAD7)
	}
	if got.Ruleset != DefaultScreener().Version() {
		t.Errorf("ruleset %q", got.Ruleset)
	}
}

func TestScreenPHQ9FromFollowupOrItsOwnForm(t *testing.T) {
	t0 := formstest.Date("2026-11-01")
	fu := formstest.Followup()
	formstest.At(fu, "phq9")["items"] = []any{0, 0, 0, 0, 0, 0, 0, 0, 1}
	own := phq9Of(0, 0, 0, 0, 0, 0, 0, 0, 0)
	now := t0.Add(72 * time.Hour)
	// The follow-up is newer: its item 9 counts.
	got := DefaultScreener().Screen(Patient{}, now, []Answered{
		answered(t, "own", forms.KindPHQ9, t0, own),
		answered(t, "fu", forms.KindIntegrationFollowup, t0.Add(time.Hour), fu),
	})
	if len(got.Flags) != 1 || got.Flags[0].Rule != "phq9-item9" || got.Flags[0].SubmissionID != "fu" {
		t.Errorf("newer follow-up: flags %+v", got.Flags)
	}
	// The PHQ-9 form is newer: it replaces the follow-up's PHQ-9, but the
	// follow-up's side effects still count.
	formstest.At(fu, "side_effects", "bladder")["pain"] = true
	got = DefaultScreener().Screen(Patient{}, now, []Answered{
		answered(t, "fu", forms.KindIntegrationFollowup, t0, fu),
		answered(t, "own", forms.KindPHQ9, t0.Add(time.Hour), own),
	})
	if ids := ruleIDs(got.Flags); !reflect.DeepEqual(ids, []string{"bladder-symptoms"}) {
		t.Errorf("newer PHQ-9 form: flags %v", ids)
	}
	if got.PHQ9.Measurements != 2 || got.PHQ9.Baseline.Form != forms.KindIntegrationFollowup || got.PHQ9.Latest.Form != forms.KindPHQ9 {
		t.Errorf("trend %+v", got.PHQ9)
	}
	if got.GAD7 == nil || got.GAD7.Measurements != 1 || got.GAD7.Response {
		t.Errorf("GAD-7 trend %+v", got.GAD7)
	}
}

func TestScreenIgnoresMislabelledAndUnscreenedRecords(t *testing.T) {
	got := DefaultScreener().Screen(Patient{}, time.Time{}, []Answered{
		{SubmissionID: "x", Form: forms.KindMedicalHistory, Answers: &forms.PHQ9Answers{}},
		{SubmissionID: "c", Form: forms.KindKAPConsent, Answers: &forms.ConsentAnswers{}},
	})
	if len(got.Flags) != 0 || got.PHQ9 != nil {
		t.Errorf("screening %+v", got)
	}
}

func TestTrendResponse(t *testing.T) {
	for _, tt := range []struct {
		name                string
		totals              []int
		phq9                bool
		response, remission bool
	}{
		{"PHQ-9 20 to 10: a 50 % drop", []int{20, 10}, true, true, false},
		{"PHQ-9 20 to 11: neither rule", []int{20, 11}, true, false, false},
		{"PHQ-9 12 to 9: below 10", []int{12, 9}, true, true, false},
		{"PHQ-9 8 to 4: a 50 % drop", []int{8, 4}, true, true, false},
		{"PHQ-9 8 to 7: already below 10 at baseline", []int{8, 7}, true, false, false},
		{"PHQ-9 15 to 4: remission", []int{15, 4}, true, true, true},
		{"PHQ-9 single measurement", []int{9}, true, false, false},
		{"PHQ-9 baseline 0", []int{0, 0}, true, false, false},
		{"PHQ-9 latest compared, not the best", []int{20, 5, 16}, true, false, false},
		{"GAD-7 12 to 9: no below-10 rule", []int{12, 9}, false, false, false},
		{"GAD-7 12 to 6: a 50 % drop", []int{12, 6}, false, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var recs []Answered
			for i, total := range tt.totals {
				r := Answered{SubmissionID: string(rune('a' + i)), At: formstest.Date("2026-11-01").Add(time.Duration(i) * 24 * time.Hour)}
				if tt.phq9 {
					r.Form, r.Answers = forms.KindPHQ9, &forms.PHQ9Answers{Items: ptrs(formstest.Items(9, 3, total))}
				} else {
					r.Form, r.Answers = forms.KindGAD7, &forms.GAD7Answers{Items: ptrs(formstest.Items(7, 3, total))}
				}
				recs = append(recs, r)
			}
			var tr *Trend
			if tt.phq9 {
				tr = phq9Trend(recs)
			} else {
				tr = gad7Trend(recs)
			}
			if tr.Response != tt.response || tr.Remission != tt.remission {
				t.Errorf("trend %+v, want response %v remission %v", tr, tt.response, tt.remission)
			}
			if want := tt.totals[len(tt.totals)-1] - tt.totals[0]; tr.Change != want || tr.Measurements != len(tt.totals) {
				t.Errorf("change %d over %d, want %d over %d", tr.Change, tr.Measurements, want, len(tt.totals))
			}
			if (tr.PercentChange == nil) != (tt.totals[0] == 0) {
				t.Errorf("percent change %v from baseline %d", tr.PercentChange, tt.totals[0])
			}
		})
	}
}

func ptrs(v []int) []*int {
	out := make([]*int, len(v))
	for i := range v {
		out[i] = &v[i]
	}
	return out
}

func TestDecodeStored(t *testing.T) {
	cat := forms.Builtin()
	body := formstest.JSON(t, formstest.Body(t, forms.KindMedicalHistory))
	canon, err := forms.CanonicalJSON(body)
	if err != nil {
		t.Fatal(err)
	}
	at := formstest.Date("2026-11-02")
	// Screening does not read the consent, whatever its body.
	consentBody := map[string]any{"form": forms.KindKAPConsent, "version": "2026-11", "answers": map[string]any{"clauses": map[string]any{}}}
	a, err := DecodeStored(cat, "s1", forms.KindMedicalHistory, "2026-11", at, canon)
	if err != nil {
		t.Fatal(err)
	}
	if h, ok := a.Answers.(*forms.MedicalHistoryAnswers); !ok || a.SubmissionID != "s1" || !a.At.Equal(at) || h.Vitals == nil {
		t.Errorf("DecodeStored = %+v", a)
	}
	if _, err := DecodeStored(cat, "c1", forms.KindKAPConsent, "2026-11", at, formstest.JSON(t, consentBody)); !errors.Is(err, ErrNotScreened) {
		t.Errorf("consent: err = %v, want ErrNotScreened", err)
	}
	if _, err := DecodeStored(cat, "s2", forms.KindMedicalHistory, "1999-01", at, canon); !errors.Is(err, forms.ErrUnknownVersion) {
		t.Errorf("unknown version: err = %v", err)
	}
	if _, err := DecodeStored(cat, "s3", forms.KindPHQ9, "2026-11", at, []byte(`{"answers":{"items":[1]}}`)); err == nil {
		t.Error("a stored body that no longer validates decoded")
	}
}

func TestAssessUsesThePatient(t *testing.T) {
	cat, v := forms.Builtin(), forms.NewValidator()
	b := formstest.Body(t, forms.KindAUDITC)
	b["answers"] = map[string]any{"items": []any{2, 1, 0}} // 3
	sub, err := cat.ParseSubmission(v, formstest.JSON(t, b))
	if err != nil {
		t.Fatal(err)
	}
	unknown := DefaultScreener().Assess(sub, Patient{}, time.Time{})
	if len(unknown.Flags) != 1 || unknown.Scores["cutoff_basis"] != "sex-not-recorded" {
		t.Errorf("sex not known: scores %v flags %v", unknown.Scores, unknown.Flags)
	}
	male := DefaultScreener().Assess(sub, Patient{Sex: "male"}, time.Time{})
	if len(male.Flags) != 0 || male.Scores["cutoff"] != 4 || male.Ruleset != DefaultScreener().Version() {
		t.Errorf("male: scores %v flags %v", male.Scores, male.Flags)
	}
	// An invalid submission is never scored.
	b["answers"] = map[string]any{"items": []any{2, 1}}
	bad, err := cat.ParseSubmission(v, formstest.JSON(t, b))
	if err == nil {
		t.Fatal("two items accepted")
	}
	got := DefaultScreener().Assess(bad, Patient{Sex: "male"}, time.Time{})
	if got.Scores != nil || got.Flags != nil {
		t.Errorf("invalid submission scored: %v %v", got.Scores, got.Flags)
	}
}
