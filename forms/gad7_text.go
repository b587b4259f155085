package forms

// gad7 is the GAD-7 as published (Pfizer; free to use).
var gad7 = instrument{
	short:   "GAD-7",
	kind:    KindGAD7,
	title:   "Generalized Anxiety Disorder Scale (GAD-7)",
	stem:    "Over the last 2 weeks, how often have you been bothered by the following problems?",
	options: []string{"Not at all", "Several days", "More than half the days", "Nearly every day"},
	items: []instrumentItem{
		{text: "Feeling nervous, anxious, or on edge"},
		{text: "Not being able to stop or control worrying"},
		{text: "Worrying too much about different things"},
		{text: "Trouble relaxing"},
		{text: "Being so restless that it is hard to sit still"},
		{text: "Becoming easily annoyed or irritable"},
		{text: "Feeling afraid, as if something awful might happen"},
	},
	attribution: "GAD-7: developed by Drs. Robert L. Spitzer, Janet B. W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. " +
		"No permission required to reproduce, translate, display or distribute.",
}
