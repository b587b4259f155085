package forms

import (
	"encoding/json"
	"strings"
	"testing"
)

// stored is scores as a summary reads them back from the store (JSON).
func stored(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestScoreLinesSpeakPlainly(t *testing.T) {
	d := 2
	phq, _ := ScorePHQ9([]int{2, 2, 1, 2, 1, 1, 1, 2, 1})
	phq.Difficulty = &d
	gad, _ := ScoreGAD7([]int{2, 1, 2, 1, 0, 1, 1})
	pcl, _ := ScorePCL5([]int{2, 0, 0, 1, 1, 2, 0, 0, 3, 1, 2, 0, 1, 0, 2, 0, 3, 1, 1, 1}, 33)
	aud, _ := ScoreAUDITC([]int{2, 1, 1}, "female", 4, 3)
	for _, tt := range []struct {
		kind   string
		scores map[string]any
		want   []string
	}{
		{KindPHQ9, phq.Map(), []string{"Total (0–27)=13: moderate (10–14)",
			"Severity bands=minimal 0–4 · mild 5–9 · moderate 10–14 · moderately severe 15–19 · severe 20–27",
			"Item 9: thoughts of death or self-harm=1: Several days (above 0: a safety flag)",
			"Difficulty these problems cause (not scored)=2: Very difficult"}},
		{KindGAD7, gad.Map(), []string{"Total (0–21)=8: mild (5–9)", "Severity bands=minimal 0–4 · mild 5–9 · moderate 10–14 · severe 15–21"}},
		{KindPCL5, pcl.Map(), []string{"Total (0–80)=21: below the probable-PTSD cutoff (cutoff 33 or more)",
			"Bands=below cutoff 0–32 · probable PTSD 33–80", "Cluster B, intrusion (items 1–5)=sum 4; 1 of 5 items rated 2 or more, 1 needed"}},
		{KindAUDITC, aud.Map(), []string{"Total (0–12)=4: positive screen", "Bands=negative 0–2 · positive 3–12 (the cutoff for women)"}},
		{KindIntegrationFollowup, map[string]any{"phq9": phq.Map(), "gad7": gad.Map()}, []string{"PHQ-9 › Total (0–27)=13: moderate (10–14)", "GAD-7 › Total (0–21)=8: mild (5–9)"}},
		{KindPreSessionChecklist, map[string]any{"setting": "clinic"}, []string{"Session setting=In the clinic"}},
		{KindMedicalHistory, map[string]any{"diazepam_equivalent_mg_per_day": 5}, []string{"Benzodiazepines, diazepam-equivalent mg a day=5"}},
	} {
		t.Run(tt.kind, func(t *testing.T) {
			var got []string
			for _, l := range ScoreLines(tt.kind, stored(t, tt.scores)) {
				s := l.Label + "=" + l.Value
				if l.Group != "" {
					s = l.Group + " › " + s
				}
				got = append(got, s)
				if strings.ContainsAny(l.Label, "_") || strings.Contains(l.Label, "item9") {
					t.Errorf("raw key in %q", l.Label)
				}
			}
			all := strings.Join(got, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("lacks %q in\n%s", w, all)
				}
			}
		})
	}
}
