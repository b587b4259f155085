package screening

import (
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/consentry/consentry/forms"

	"github.com/consentry/consentry/forms/formstest"
)

// The reference scorers below are written from DOMAIN §4 alone, without
// the package's band tables or helpers, to check the package against.

func refPHQ9(items []int) (int, string, int) {
	t := 0
	for i := 0; i < 9; i++ {
		t += items[i]
	}
	sev := "severe"
	switch {
	case t <= 4:
		sev = "minimal"
	case t <= 9:
		sev = "mild"
	case t <= 14:
		sev = "moderate"
	case t <= 19:
		sev = "moderately-severe"
	}
	return t, sev, items[8]
}

func refGAD7(items []int) (int, string) {
	t := 0
	for _, v := range items {
		t += v
	}
	switch {
	case t <= 4:
		return t, "minimal"
	case t <= 9:
		return t, "mild"
	case t <= 14:
		return t, "moderate"
	}
	return t, "severe"
}

func refPCL5(items []int, cutoff int) (int, bool, bool) {
	t := 0
	for _, v := range items {
		t += v
	}
	count := func(from, to int) int { // 1-based, inclusive
		n := 0
		for i := from; i <= to; i++ {
			if items[i-1] >= 2 {
				n++
			}
		}
		return n
	}
	pattern := count(1, 5) >= 1 && count(6, 7) >= 1 && count(8, 14) >= 2 && count(15, 20) >= 2
	return t, t >= cutoff, pattern
}

func refAUDITC(items []int, sex string) (int, bool) {
	t := items[0] + items[1] + items[2]
	if sex == "male" {
		return t, t >= 4
	}
	return t, t >= 3
}

// TestInstrumentScoringProperty scores a few thousand random answer
// vectors of each instrument through ParseSubmission and the Screener and
// compares them with the reference scorers; random malformed vectors
// must be refused.
func TestInstrumentScoringProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	cat, v := forms.Builtin(), forms.NewValidator()
	sexes := []string{"male", "female", "other", "unknown", ""}
	random := func(n, max int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = rng.IntN(max + 1)
		}
		return out
	}
	parse := func(kind string, answers map[string]any, pt Patient) (Assessment, error) {
		b := formstest.Body(t, kind)
		b["answers"] = answers
		sub, err := cat.ParseSubmission(v, formstest.JSON(t, b))
		if err != nil {
			return Assessment{}, err
		}
		return DefaultScreener().Assess(sub, pt, time.Time{}), nil
	}
	for i := 0; i < 3000; i++ {
		phq := random(9, 3)
		sub, err := parse(forms.KindPHQ9, map[string]any{"items": phq}, Patient{})
		total, sev, item9 := refPHQ9(phq)
		if err != nil || sub.Scores["total"] != total || sub.Scores["severity"] != sev || sub.Scores["item9"] != item9 {
			t.Fatalf("PHQ-9 %v: scores %v (%v), want %d %s item9 %d", phq, sub.Scores, err, total, sev, item9)
		}
		if urgent := len(sub.Flags) == 1 && sub.Flags[0].Rule == "phq9-item9"; urgent != (item9 > 0) || len(sub.Flags) > 1 {
			t.Fatalf("PHQ-9 %v: flags %+v", phq, sub.Flags)
		}

		gad := random(7, 3)
		sub, err = parse(forms.KindGAD7, map[string]any{"items": gad}, Patient{})
		gt, gs := refGAD7(gad)
		if err != nil || sub.Scores["total"] != gt || sub.Scores["severity"] != gs {
			t.Fatalf("GAD-7 %v: scores %v (%v), want %d %s", gad, sub.Scores, err, gt, gs)
		}

		pcl := random(20, 4)
		sub, err = parse(forms.KindPCL5, map[string]any{"items": pcl}, Patient{})
		pt, probable, pattern := refPCL5(pcl, 33)
		if err != nil || sub.Scores["total"] != pt || sub.Scores["probable_ptsd"] != probable || sub.Scores["dsm5_pattern"] != pattern {
			t.Fatalf("PCL-5 %v: scores %v (%v), want %d %v %v", pcl, sub.Scores, err, pt, probable, pattern)
		}
		if flagged := len(sub.Flags) == 1; flagged != (probable || pattern) {
			t.Fatalf("PCL-5 %v: flags %+v", pcl, sub.Flags)
		}

		aud := random(3, 4)
		if aud[0] == 0 {
			aud[1], aud[2] = 0, 0 // never drinks
		}
		sex := sexes[rng.IntN(len(sexes))]
		sub, err = parse(forms.KindAUDITC, map[string]any{"items": aud}, Patient{Sex: sex})
		at, pos := refAUDITC(aud, sex)
		if err != nil || sub.Scores["total"] != at || sub.Scores["positive"] != pos {
			t.Fatalf("AUDIT-C %v sex %q: scores %v (%v), want %d %v", aud, sex, sub.Scores, err, at, pos)
		}
		if flagged := len(sub.Flags) == 1 && sub.Flags[0].Rule == "auditc-positive"; flagged != pos {
			t.Fatalf("AUDIT-C %v sex %q: flags %+v", aud, sex, sub.Flags)
		}

		// A malformed vector: wrong length, or one item out of range.
		bad := random(9, 3)
		wantPtr := "/answers/items len"
		if rng.IntN(2) == 0 {
			bad = random(rng.IntN(9), 3)
			if rng.IntN(2) == 0 {
				bad = random(10+rng.IntN(5), 3)
			}
		} else {
			k := rng.IntN(9)
			bad[k] = 4 + rng.IntN(10)
			wantPtr = "/answers/items/" + strconv.Itoa(k) + " max"
			if rng.IntN(2) == 0 {
				bad[k] = -1 - rng.IntN(10)
				wantPtr = "/answers/items/" + strconv.Itoa(k) + " min"
			}
		}
		if _, err := parse(forms.KindPHQ9, map[string]any{"items": bad}, Patient{}); !reflect.DeepEqual(pointers(err), []string{wantPtr}) {
			t.Fatalf("PHQ-9 %v: problems %v, want %s", bad, pointers(err), wantPtr)
		}
	}
}
