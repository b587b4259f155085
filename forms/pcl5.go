package forms

// KindPCL5 is the PTSD Checklist for DSM-5.
const KindPCL5 = "pcl-5"

// PCL5Answers are the twenty PCL-5 items in order, each 0-4.
type PCL5Answers struct {
	Items []*int `json:"items" validate:"required,len=20,dive,required,min=0,max=4" desc:"The twenty answers in order, each 0 (not at all) to 4 (extremely)."`
}

// PCL5Cluster is one DSM-5 symptom cluster of a PCL-5.
type PCL5Cluster struct {
	// Sum is the cluster's severity: the sum of its items.
	Sum int `json:"sum"`
	// Endorsed is how many of its items were rated 2 (moderately) or
	// more, which is what counts as a symptom present.
	Endorsed int `json:"endorsed"`
	// Needed is how many endorsed items the DSM-5 rule needs.
	Needed int `json:"needed"`
}

// PCL5Score is a scored PCL-5 (Weathers et al. 2013, National Center for
// PTSD, "Using the PCL-5").
type PCL5Score struct {
	// Total is the sum of the twenty items, 0-80.
	Total int `json:"total"`
	// Cutoff is the clinic's probable-PTSD cutoff (screening's
	// Settings.PCL5Cutoff).
	Cutoff int `json:"cutoff"`
	// ProbablePTSD is Total >= Cutoff.
	ProbablePTSD bool `json:"probable_ptsd"`
	// DSM5Pattern is the provisional diagnosis by the DSM-5 rule: at
	// least 1 endorsed item of B (1-5), 1 of C (6-7), 2 of D (8-14) and 2
	// of E (15-20).
	DSM5Pattern bool `json:"dsm5_pattern"`
	// Clusters are B (intrusion), C (avoidance), D (negative alterations
	// in cognition and mood) and E (arousal and reactivity).
	Clusters map[string]PCL5Cluster `json:"clusters"`
}

// pcl5Clusters are the DSM-5 clusters as item ranges (1-based, inclusive)
// and the endorsed items each needs.
var pcl5Clusters = []struct {
	name           string
	first, last, n int
}{
	{"B", 1, 5, 1}, {"C", 6, 7, 1}, {"D", 8, 14, 2}, {"E", 15, 20, 2},
}

// ScorePCL5 scores twenty PCL-5 items (each 0-4) with a probable-PTSD
// cutoff. It returns ErrInvalidItems for any other vector.
func ScorePCL5(items []int, cutoff int) (PCL5Score, error) {
	if err := checkItems(items, 20, 4); err != nil {
		return PCL5Score{}, err
	}
	s := PCL5Score{Total: sum(items), Cutoff: cutoff, DSM5Pattern: true, Clusters: map[string]PCL5Cluster{}}
	s.ProbablePTSD = s.Total >= cutoff
	for _, c := range pcl5Clusters {
		cl := PCL5Cluster{Needed: c.n}
		for _, v := range items[c.first-1 : c.last] {
			cl.Sum += v
			if v >= 2 {
				cl.Endorsed++
			}
		}
		s.Clusters[c.name] = cl
		if cl.Endorsed < c.n {
			s.DSM5Pattern = false
		}
	}
	return s, nil
}

// Map returns the score as a submission's scores: total, cutoff,
// probable_ptsd, dsm5_pattern and the clusters.
func (s PCL5Score) Map() map[string]any {
	cl := map[string]any{}
	for k, c := range s.Clusters {
		cl[k] = map[string]any{"sum": c.Sum, "endorsed": c.Endorsed, "needed": c.Needed}
	}
	return map[string]any{"total": s.Total, "cutoff": s.Cutoff, "probable_ptsd": s.ProbablePTSD, "dsm5_pattern": s.DSM5Pattern, "clusters": cl}
}

// Score scores valid answers (ParseSubmission's) with a probable-PTSD
// cutoff.
func (a *PCL5Answers) Score(cutoff int) PCL5Score {
	s, _ := ScorePCL5(values(a.Items), cutoff)
	return s
}

// itemLines lists the items with their wording (AnswerLines).
func (a *PCL5Answers) itemLines(ptr string) []AnswerLine { return pcl5.itemLines(ptr, a.Items) }
