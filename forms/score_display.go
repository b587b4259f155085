package forms

import (
	"fmt"
	"sort"
	"strings"
)

// ScoreLines lists a record's stored scores (a receipt's scores member)
// as a clinician summary prints them: human labels, each total with its
// range and band, every band with its range, and the items the rules
// read in words. Scores it does not know are listed with their names made
// readable.
func ScoreLines(kind string, scores map[string]any) []AnswerLine {
	var out []AnswerLine
	scoreLines(kind, scores, "", &out)
	return out
}

func scoreLines(kind string, m map[string]any, group string, out *[]AnswerLine) {
	add := func(label, value string) {
		*out = append(*out, AnswerLine{Group: group, Label: label, Value: value})
	}
	done := map[string]bool{}
	take := func(key string) (any, bool) {
		v, ok := m[key]
		done[key] = ok || done[key]
		return v, ok
	}
	switch kind {
	case KindPHQ9, KindGAD7:
		bands, top := phq9Bands, 27
		if kind == KindGAD7 {
			bands, top = gad7Bands, 21
		}
		take("severity")
		if t, ok := take("total"); ok {
			n := toInt(t)
			add(fmt.Sprintf("Total (0–%d)", top), fmt.Sprintf("%d: %s", n, bandWithRange(bands, top, n)))
			add("Severity bands", bandList(bands, top))
		}
		if v, ok := take("item9"); ok {
			n := toInt(v)
			add("Item 9: thoughts of death or self-harm", fmt.Sprintf("%d: %s%s", n, optionAt(phq9.options, n), map[bool]string{true: " (above 0: a safety flag)", false: ""}[n > 0]))
		}
		if v, ok := take("difficulty"); ok {
			n := toInt(v)
			add("Difficulty these problems cause (not scored)", fmt.Sprintf("%d: %s", n, optionAt(phq9DifficultyOptions, n)))
		}
	case KindPCL5:
		cutoff := toInt(m["cutoff"])
		take("cutoff")
		take("probable_ptsd")
		if t, ok := take("total"); ok {
			n := toInt(t)
			verdict := "below the probable-PTSD cutoff"
			if n >= cutoff {
				verdict = "probable PTSD"
			}
			add("Total (0–80)", fmt.Sprintf("%d: %s (cutoff %d or more)", n, verdict, cutoff))
			add("Bands", fmt.Sprintf("below cutoff 0–%d · probable PTSD %d–80", cutoff-1, cutoff))
		}
		if v, ok := take("dsm5_pattern"); ok {
			met := "Not met"
			if b, _ := v.(bool); b {
				met = "Met"
			}
			add("DSM-5 symptom pattern (items rated 2 or more: 1 of B, 1 of C, 2 of D, 2 of E)", met)
		}
		if cl, ok := take("clusters"); ok {
			cm, _ := cl.(map[string]any)
			for _, c := range pcl5Clusters {
				x, _ := cm[c.name].(map[string]any)
				if x == nil {
					continue
				}
				add(fmt.Sprintf("Cluster %s, %s (items %d–%d)", c.name, pcl5ClusterNames[c.name], c.first, c.last),
					fmt.Sprintf("sum %d; %d of %d items rated 2 or more, %d needed", toInt(x["sum"]), toInt(x["endorsed"]), c.last-c.first+1, toInt(x["needed"])))
			}
		}
	case KindAUDITC:
		take("cutoff")
		take("positive")
		take("cutoff_basis")
		if t, ok := take("total"); ok {
			n, cutoff := toInt(t), toInt(m["cutoff"])
			verdict := "negative screen"
			if n >= cutoff {
				verdict = "positive screen"
			}
			basis := map[string]string{"men": "the cutoff for men", "women": "the cutoff for women",
				"sex-not-recorded": "the lower cutoff: sex not recorded as male or female"}[fmt.Sprint(m["cutoff_basis"])]
			add("Total (0–12)", fmt.Sprintf("%d: %s", n, verdict))
			add("Bands", fmt.Sprintf("negative 0–%d · positive %d–12 (%s)", cutoff-1, cutoff, basis))
		}
	case KindIntegrationFollowup:
		for _, in := range []struct{ key, kind, name string }{{"phq9", KindPHQ9, "PHQ-9"}, {"gad7", KindGAD7, "GAD-7"}} {
			if v, ok := take(in.key); ok {
				if sub, ok := v.(map[string]any); ok {
					scoreLines(in.kind, sub, in.name, out)
				}
			}
		}
	case KindMedicalHistory:
		if v, ok := take("diazepam_equivalent_mg_per_day"); ok {
			add("Benzodiazepines, diazepam-equivalent mg a day", fmt.Sprint(v))
		}
	case KindTreatmentPlan:
		if v, ok := take("mg_per_session"); ok {
			add("Dose per session (mg)", fmt.Sprint(v))
		}
	case KindPreSessionChecklist:
		if v, ok := take("setting"); ok {
			s := fmt.Sprint(v)
			if s == "unknown" {
				s = "Not known (no treatment plan)"
			}
			add("Session setting", answerWord(s))
		}
	}
	var rest []string
	for k := range m {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		if sub, ok := m[k].(map[string]any); ok {
			scoreLines("", sub, join(group, humanize(k)), out)
			continue
		}
		add(humanize(k), fmt.Sprint(m[k]))
	}
}

// pcl5ClusterNames are the DSM-5 clusters' names.
var pcl5ClusterNames = map[string]string{"B": "intrusion", "C": "avoidance", "D": "negative thoughts and mood", "E": "arousal and reactivity"}

// bandWithRange is the band of total with its range: "moderate (10–14)".
func bandWithRange(bands []band, top, total int) string {
	for i, b := range bands {
		hi := top
		if i+1 < len(bands) {
			hi = bands[i+1].min - 1
		}
		if total >= b.min && total <= hi {
			return fmt.Sprintf("%s (%d–%d)", bandName(b.name), b.min, hi)
		}
	}
	return "out of range"
}

// bandList is every band with its range.
func bandList(bands []band, top int) string {
	parts := make([]string, len(bands))
	for i, b := range bands {
		hi := top
		if i+1 < len(bands) {
			hi = bands[i+1].min - 1
		}
		parts[i] = fmt.Sprintf("%s %d–%d", bandName(b.name), b.min, hi)
	}
	return strings.Join(parts, " · ")
}

func bandName(n string) string { return strings.ReplaceAll(n, "-", " ") }

func optionAt(opts []string, i int) string {
	if i < 0 || i >= len(opts) {
		return "?"
	}
	return opts[i]
}

// toInt reads a score decoded from JSON (a float64) or made in Go (an
// int).
func toInt(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int:
		return n
	}
	return 0
}
