package forms

// phq9 is the PHQ-9 as published (Pfizer; free to use).
var phq9 = instrument{
	short:   "PHQ-9",
	kind:    KindPHQ9,
	title:   "Patient Health Questionnaire (PHQ-9)",
	stem:    "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
	options: []string{"Not at all", "Several days", "More than half the days", "Nearly every day"},
	items: []instrumentItem{
		{text: "Little interest or pleasure in doing things"},
		{text: "Feeling down, depressed, or hopeless"},
		{text: "Trouble falling or staying asleep, or sleeping too much"},
		{text: "Feeling tired or having little energy"},
		{text: "Poor appetite or overeating"},
		{text: "Feeling bad about yourself — or that you are a failure or have let yourself or your family down"},
		{text: "Trouble concentrating on things, such as reading the newspaper or watching television"},
		{text: "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual"},
		{text: "Thoughts that you would be better off dead or of hurting yourself in some way"},
	},
	closing: []string{phq9Difficulty + " Answer with one of: " + optionList(phq9DifficultyOptions) + "."},
	attribution: "PHQ-9: developed by Drs. Robert L. Spitzer, Janet B. W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. " +
		"No permission required to reproduce, translate, display or distribute.\n\n" +
		"If you are having thoughts of ending your life or hurting yourself, tell your care team today. " +
		"In the US you can call or text 988 at any time, or call 911 in an emergency.",
}

// phq9Difficulty is the PHQ-9's closing, unscored question, and
// phq9DifficultyOptions its answers (the option's index is its value).
const phq9Difficulty = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?"

var phq9DifficultyOptions = []string{"Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"}
