package forms

import (
	"errors"
	"testing"

	"github.com/consentry/consentry/forms/formstest"
)

func TestPHQ9Bands(t *testing.T) {
	for _, tt := range []struct {
		total int
		want  string
	}{
		{0, "minimal"}, {4, "minimal"}, {5, "mild"}, {9, "mild"}, {10, "moderate"}, {14, "moderate"},
		{15, "moderately-severe"}, {19, "moderately-severe"}, {20, "severe"}, {27, "severe"},
	} {
		s, err := ScorePHQ9(formstest.Items(9, 3, tt.total))
		if err != nil || s.Total != tt.total || s.Severity != tt.want || PHQ9Severity(tt.total) != tt.want {
			t.Errorf("PHQ-9 total %d: got %+v %v, want %s", tt.total, s, err, tt.want)
		}
	}
}

func TestGAD7Bands(t *testing.T) {
	for _, tt := range []struct {
		total int
		want  string
	}{
		{0, "minimal"}, {4, "minimal"}, {5, "mild"}, {9, "mild"}, {10, "moderate"}, {14, "moderate"}, {15, "severe"}, {21, "severe"},
	} {
		s, err := ScoreGAD7(formstest.Items(7, 3, tt.total))
		if err != nil || s.Total != tt.total || s.Severity != tt.want {
			t.Errorf("GAD-7 total %d: got %+v %v, want %s", tt.total, s, err, tt.want)
		}
	}
}

func TestPCL5CutoffAndClusters(t *testing.T) {
	// items builds a PCL-5 vector from the four clusters' items.
	items := func(b, c, d, e []int) []int { return append(append(append(append([]int{}, b...), c...), d...), e...) }
	zeros := func(n int) []int { return make([]int, n) }
	for _, tt := range []struct {
		name     string
		items    []int
		cutoff   int
		probable bool
		pattern  bool
	}{
		{"all zero", zeros(20), 33, false, false},
		{"total 32 below the default cutoff", formstest.Items(20, 4, 32), 33, false, false},
		{"total 33 at the default cutoff", formstest.Items(20, 4, 33), 33, true, false},
		{"total 31 at a clinic cutoff of 31", formstest.Items(20, 4, 31), 31, true, false},
		{"total 30 below a clinic cutoff of 31", formstest.Items(20, 4, 30), 31, false, false},
		{"minimal DSM-5 pattern", items([]int{2, 0, 0, 0, 0}, []int{0, 2}, []int{2, 2, 0, 0, 0, 0, 0}, []int{0, 0, 0, 0, 2, 2}), 33, false, true},
		{"a 1 is not endorsed", items([]int{1, 1, 1, 1, 1}, []int{2, 0}, []int{2, 2, 0, 0, 0, 0, 0}, []int{2, 2, 0, 0, 0, 0}), 33, false, false},
		{"one D item short", items([]int{2, 0, 0, 0, 0}, []int{0, 2}, []int{4, 1, 1, 1, 1, 1, 1}, []int{2, 2, 0, 0, 0, 0}), 33, false, false},
		{"one E item short", items([]int{4, 4, 4, 4, 4}, []int{4, 4}, []int{4, 4, 4, 4, 4, 4, 4}, []int{4, 1, 1, 1, 1, 1}), 33, true, false},
		{"C needs one of items 6-7", items([]int{4, 4, 4, 4, 4}, []int{1, 1}, []int{4, 4, 4, 4, 4, 4, 4}, []int{4, 4, 4, 4, 4, 4}), 33, true, false},
		{"maximum", items([]int{4, 4, 4, 4, 4}, []int{4, 4}, []int{4, 4, 4, 4, 4, 4, 4}, []int{4, 4, 4, 4, 4, 4}), 33, true, true},
	} {
		s, err := ScorePCL5(tt.items, tt.cutoff)
		if err != nil || s.ProbablePTSD != tt.probable || s.DSM5Pattern != tt.pattern {
			t.Errorf("%s: got total %d probable %v pattern %v (%v), want probable %v pattern %v", tt.name, s.Total, s.ProbablePTSD, s.DSM5Pattern, err, tt.probable, tt.pattern)
		}
	}
}

func TestAUDITCCutoffBySex(t *testing.T) {
	men, women := 4, 3 // screening's defaults
	for _, tt := range []struct {
		sex      string
		total    int
		positive bool
		basis    string
	}{
		{"male", 3, false, "men"}, {"male", 4, true, "men"},
		{"female", 2, false, "women"}, {"female", 3, true, "women"},
		{"other", 2, false, "sex-not-recorded"}, {"other", 3, true, "sex-not-recorded"},
		{"unknown", 3, true, "sex-not-recorded"}, {"", 3, true, "sex-not-recorded"},
	} {
		s, err := ScoreAUDITC(formstest.Items(3, 4, tt.total), tt.sex, men, women)
		if err != nil || s.Total != tt.total || s.Positive != tt.positive || s.CutoffBasis != tt.basis {
			t.Errorf("sex %q total %d: got %+v %v, want positive %v basis %s", tt.sex, tt.total, s, err, tt.positive, tt.basis)
		}
	}
	men = 5
	if s, _ := ScoreAUDITC([]int{2, 1, 1}, "male", men, women); s.Positive {
		t.Error("a clinic's men's cutoff of 5 still flags a total of 4")
	}
}

func TestScoreRejectsInvalidVectors(t *testing.T) {
	for name, err := range map[string]error{
		"PHQ-9 8 items":    second(ScorePHQ9(make([]int, 8))),
		"PHQ-9 item 4":     second(ScorePHQ9([]int{0, 0, 0, 0, 0, 0, 0, 0, 4})),
		"GAD-7 item -1":    second(ScoreGAD7([]int{0, 0, 0, -1, 0, 0, 0})),
		"PCL-5 21 items":   second(ScorePCL5(make([]int, 21), 33)),
		"PCL-5 item 5":     second(ScorePCL5(append(make([]int, 19), 5), 33)),
		"AUDIT-C 2 items":  second(ScoreAUDITC([]int{1, 1}, "male", 4, 3)),
		"AUDIT-C item 5":   second(ScoreAUDITC([]int{1, 5, 1}, "male", 4, 3)),
		"PHQ-9 no items":   second(ScorePHQ9(nil)),
		"GAD-7 too many":   second(ScoreGAD7(make([]int, 9))),
		"AUDIT-C negative": second(ScoreAUDITC([]int{-1, 0, 0}, "female", 4, 3)),
	} {
		if !errors.Is(err, ErrInvalidItems) {
			t.Errorf("%s: err = %v, want ErrInvalidItems", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestInstrumentWording(t *testing.T) {
	for _, in := range []instrument{phq9, gad7, pcl5, auditc} {
		want := map[string]int{KindPHQ9: 9, KindGAD7: 7, KindPCL5: 20, KindAUDITC: 3}[in.kind]
		if len(in.items) != want {
			t.Errorf("%s has %d items, want %d", in.kind, len(in.items), want)
		}
		for i, it := range in.items {
			opts := it.options
			if opts == nil {
				opts = in.options
			}
			if n := map[string]int{KindPHQ9: 4, KindGAD7: 4, KindPCL5: 5, KindAUDITC: 5}[in.kind]; len(opts) != n {
				t.Errorf("%s item %d has %d options, want %d", in.kind, i+1, len(opts), n)
			}
		}
	}
	if got := phq9.items[8].text; got != "Thoughts that you would be better off dead or of hurting yourself in some way" {
		t.Errorf("PHQ-9 item 9 = %q", got)
	}
}
